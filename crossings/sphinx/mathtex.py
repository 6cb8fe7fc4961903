"""The TeX a formula may use: what latex2mathml turns into MathML and xelatex (amsmath, amssymb) typesets.

A formula passes to the HTML (as MathML) and the PDF (as TeX math) only when every command in it
is on these lists: a contributor's TeX is never run by xelatex unchecked (``\\input``,
``\\write18``, ``\\def`` are not math), and a command either converter lacks would show as a
backslash word in the page or stop the PDF. Anything else is shown as its TeX source.
"""

from __future__ import annotations

import re

from latex2mathml.converter import convert
from latex2mathml.tokenizer import tokenize

GREEK = (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi "
    "varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega "
    "Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega"
)
OPERATORS = (
    "pm mp times div cdot ast star circ bullet oplus ominus otimes oslash odot cap cup setminus "
    "wedge vee land lor neg lnot dagger ddagger"
)
RELATIONS = (
    "leq le geq ge leqslant geqslant neq ne equiv approx sim simeq cong propto ll gg subset supset "
    "subseteq supseteq in notin ni mid parallel perp models vdash prec succ preceq succeq not"
)
ARROWS = (
    "to gets rightarrow leftarrow leftrightarrow Rightarrow Leftarrow Leftrightarrow longrightarrow "
    "longleftarrow longleftrightarrow Longrightarrow Longleftarrow Longleftrightarrow mapsto "
    "implies iff uparrow downarrow Uparrow Downarrow xrightarrow xleftarrow"
)
SYMBOLS = (
    "infty partial nabla forall exists nexists emptyset varnothing ell hbar Re Im aleph prime angle "
    "triangle ldots cdots vdots ddots dots langle rangle lceil rceil lfloor rfloor lbrace rbrace "
    "vert Vert lvert rvert lVert rVert backslash therefore because top bot colon"
)
BIG_OPERATORS = "sum prod coprod int iint iiint oint bigcup bigcap bigoplus bigotimes bigvee bigwedge"
FUNCTIONS = (
    "sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh coth log ln lg exp lim liminf "
    "limsup sup inf max min det dim gcd ker deg hom Pr bmod pmod"
)
STRUCTURE = (
    "frac dfrac tfrac binom sqrt left right middle big Big bigg Bigg bigl bigr Bigl Bigr overline "
    "underline overbrace underbrace widehat widetilde hat bar vec dot ddot tilde acute grave breve "
    "check overset underset stackrel"
)
FONTS = "mathrm mathbf mathit mathsf mathtt mathcal mathbb mathfrak boldsymbol"
LAYOUT = "quad qquad displaystyle textstyle scriptstyle limits nolimits"
# Text inside a formula: their argument is text, checked by TEXT_ARGUMENT.
TEXT_COMMANDS = frozenset(r"\text \textbf \textit \textrm \textsf \texttt \textup \textnormal \mbox".split())

GROUPS = (GREEK, OPERATORS, RELATIONS, ARROWS, SYMBOLS, BIG_OPERATORS, FUNCTIONS, STRUCTURE, FONTS, LAYOUT)
COMMANDS = frozenset("\\" + name for group in GROUPS for name in group.split()) | TEXT_COMMANDS
ENVIRONMENTS = frozenset("matrix pmatrix bmatrix Bmatrix vmatrix Vmatrix cases aligned".split())
# Commands that take arguments, and how many (TeX stops on a missing one).
ARITY = {
    **dict.fromkeys(r"\frac \dfrac \tfrac \binom \overset \underset \stackrel".split(), 2),
    **dict.fromkeys(
        (r"\sqrt \hat \bar \vec \dot \ddot \tilde \acute \grave \breve \check \overline \underline "
         r"\overbrace \underbrace \widehat \widetilde \mathrm \mathbf \mathit \mathsf \mathtt \mathcal "
         r"\mathbb \mathfrak \boldsymbol \xrightarrow \xleftarrow \pmod").split(),
        1,
    ),
}  # fmt: skip
# Commands followed by a delimiter, and what TeX takes as one.
NEEDS_DELIMITER = frozenset(r"\left \right \middle \big \Big \bigg \Bigg \bigl \bigr \Bigl \Bigr".split())
DELIMITERS = frozenset(
    "( ) [ ] . | / < >".split()
    + r"\{ \} \| \langle \rangle \lfloor \rfloor \lceil \rceil \vert \Vert \lvert \rvert".split()
    + r"\lVert \rVert \backslash \uparrow \downarrow \Uparrow \Downarrow \lbrace \rbrace".split()
)
# \limits and \nolimits must follow an operator.
OPERATORS_WITH_LIMITS = frozenset("\\" + n for n in f"{BIG_OPERATORS} {FUNCTIONS}".split()) - {
    r"\bmod",
    r"\pmod",
}
# Optional arguments in brackets before the mandatory ones.
OPTIONAL = frozenset((r"\sqrt", r"\xrightarrow", r"\xleftarrow"))
# Escaped characters that are math in TeX; \[ and \] would open display math inside math.
ESCAPES = frozenset(r"\\ \{ \} \, \: \; \! \> \| \_ \% \# \$ \&".split()) | {"\\ "}
# A control word, or an escaped character (so \\\\input is a line break and a word).
_COMMAND = re.compile(r"\\(?:[a-zA-Z]+|.)", re.DOTALL)
_ALSO = frozenset((r"\begin", r"\end", r"\operatorname"))
_ENVIRONMENT = re.compile(r"\\(begin|end)\{([a-zA-Z]+\*?)\}")
_OPERATORNAME = re.compile(r"\\operatorname\*?\{[a-zA-Z ]+\}")
# What text mode takes as it is: no command, no math-only or special character.
TEXT_ARGUMENT = re.compile(r"[^\\$#%&^_{}~]*")
# Characters that break TeX math outside an environment (& and a bare $ or #).
SPECIAL = frozenset("#$")


class UnsupportedTeX(ValueError):
    """The formula uses TeX outside what both converters handle; the message says what."""


def check(tex: str, display: bool = False) -> None:
    """Raise UnsupportedTeX unless *tex* is safe and convertible for the HTML and the PDF."""
    if not tex.strip():
        raise UnsupportedTeX("the formula is empty")
    if "^^" in tex:  # TeX reads ^^5c as a backslash: ^^5cinput would be \input
        raise UnsupportedTeX("^^ is TeX's way of writing any character, a command too; write x^{y^z}")
    _check_words(tex)
    tokens = list(tokenize(tex, skip_comments=False))
    open_envs: list[str] = []
    after_text = False
    depth = 0
    delimiters = 0
    for token in tokens:
        if after_text:
            after_text = False
            if not TEXT_ARGUMENT.fullmatch(token):
                raise UnsupportedTeX(f"text in a formula may hold no command or special character: {token!r}")
            continue
        depth, delimiters = _count(token, depth, delimiters)
        if depth < 0:
            raise UnsupportedTeX("a closing brace } has no opening brace")
        _check_token(token, open_envs, display)
        after_text = token in TEXT_COMMANDS
    if depth:
        raise UnsupportedTeX("an opening brace { is never closed")
    if delimiters:
        raise UnsupportedTeX(r"\left and \right do not pair up")
    if open_envs:
        raise UnsupportedTeX(f"\\begin{{{open_envs[-1]}}} has no \\end")
    _check_arguments(tokens)
    _check_scripts(tokens)
    _check_conversion(tex)


def _check_words(tex: str) -> None:
    """Every control word of the source is known (the tokenizer merges some, like \\mathscr{A})."""
    for match in _COMMAND.finditer(tex):
        word = match.group()
        if word[1:].isalpha() and word not in COMMANDS and word not in _ALSO:
            raise UnsupportedTeX(f"the TeX command {word} is not supported")


def _check_arguments(tokens: list[str]) -> None:
    """Every command has its arguments, delimiter or operator: latex2mathml forgives a missing one,
    TeX stops."""
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if token in NEEDS_DELIMITER and following not in DELIMITERS:
            raise UnsupportedTeX(f"{token} must be followed by a delimiter such as ( [ | or .")
        if token in (r"\limits", r"\nolimits") and not _operator(tokens[index - 1] if index else ""):
            raise UnsupportedTeX(f"{token} must follow an operator such as \\sum or \\lim")
        if token in ARITY:
            _arguments(tokens, index, ARITY[token])


def _check_scripts(tokens: list[str]) -> None:
    """No atom has two subscripts or two superscripts (x_1^2_3 stops TeX; latex2mathml lets it by)."""
    frames = [[False, False]]  # per group: subscript and superscript seen on the current atom
    script_argument = [False]  # per group: whether it is the argument of a _ or ^
    pending = False  # the next token or group is the argument of a _ or ^
    for token in tokens:
        if token == "{":
            frames.append([False, False])
            script_argument.append(pending)
            pending = False
        elif token == "}":
            frames.pop()
            if not script_argument.pop():
                frames[-1] = [False, False]  # a group is an atom of its own
        elif pending:
            pending = False
        elif token in ("_", "^"):
            kind = token == "^"
            if frames[-1][kind]:
                raise UnsupportedTeX(
                    f"two {'superscripts' if kind else 'subscripts'} on one symbol: use braces, x_{{a b}}"
                )
            frames[-1][kind] = pending = True
        elif token == "'" and frames[-1][True]:
            raise UnsupportedTeX("a prime after a superscript: write x'^2, not x^2'")
        elif token != "'":
            frames[-1] = [False, False]


def _operator(token: str) -> bool:
    """Whether *token* is an operator \\limits may follow."""
    return token in OPERATORS_WITH_LIMITS or token.startswith(r"\operatorname")


def _arguments(tokens: list[str], index: int, count: int) -> None:
    """Raise UnsupportedTeX unless *count* arguments follow the command at *index*."""
    command, at = tokens[index], index + 1
    if command in OPTIONAL and at < len(tokens) and tokens[at] == "[":
        at = _after(tokens, at, "[", "]")
    for _ in range(count):
        argument = tokens[at] if at < len(tokens) else ""
        if argument == "{":
            at = _after(tokens, at, "{", "}")
        elif argument and not _needs_more(argument):
            at += 1
        else:
            raise UnsupportedTeX(f"{command} needs {count} argument{'s' * (count > 1)} in braces, like {{x}}")


def _needs_more(token: str) -> bool:
    """Whether *token* cannot stand alone as an argument (a brace, a script, or a command taking its own)."""
    return (
        token in ("}", "]", "&", "^", "_", "\\\\")
        or token in ARITY
        or token in NEEDS_DELIMITER
        or token in TEXT_COMMANDS
        or _ENVIRONMENT.fullmatch(token) is not None
    )


def _after(tokens: list[str], start: int, opening: str, closing: str) -> int:
    """The index after the *closing* token that matches the *opening* one at *start*."""
    depth = 0
    for at in range(start, len(tokens)):
        depth += (tokens[at] == opening) - (tokens[at] == closing)
        if depth == 0:
            return at + 1
    raise UnsupportedTeX(f"a {opening} is never closed")


def _count(token: str, depth: int, delimiters: int) -> tuple[int, int]:
    """Brace depth and \\left/\\right balance after *token*."""
    depth += {"{": 1, "}": -1}.get(token, 0)
    delimiters += {r"\left": 1, r"\right": -1}.get(token, 0)
    return depth, delimiters


def _check_token(token: str, open_envs: list[str], display: bool) -> None:
    """Raise UnsupportedTeX for a token neither converter may be given."""
    if token.startswith("%"):
        raise UnsupportedTeX("a % ends the formula early in the PDF; write \\% for a percent sign")
    environment = _ENVIRONMENT.fullmatch(token)
    if environment:
        _environment(environment.group(1), environment.group(2), open_envs)
    elif _OPERATORNAME.fullmatch(token) or token in ESCAPES:
        if token == "\\\\" and not (display or open_envs):
            raise UnsupportedTeX(r"a line break \\ belongs in a displayed formula ($$ ... $$)")
    elif token.startswith("\\") and token not in COMMANDS:
        shown = _COMMAND.match(token)
        raise UnsupportedTeX(f"the TeX command {shown.group() if shown else token} is not supported")
    elif token in SPECIAL or (token == "&" and not (display or open_envs)):
        raise UnsupportedTeX(f"the character {token} is not allowed here in a formula")


def _environment(kind: str, name: str, open_envs: list[str]) -> None:
    """Follow \\begin and \\end; only known environments, properly nested."""
    if name not in ENVIRONMENTS:
        raise UnsupportedTeX(f"the environment {name} is not supported")
    if kind == "begin":
        open_envs.append(name)
    elif not open_envs or open_envs.pop() != name:
        raise UnsupportedTeX(f"\\end{{{name}}} does not close the environment that is open")


def _check_conversion(tex: str) -> None:
    """latex2mathml must convert *tex* without leaving a TeX command as text."""
    try:
        mathml = convert(tex)
    except Exception as exc:  # latex2mathml's errors share no base class; any of them means malformed
        raise UnsupportedTeX(f"the formula is incomplete or malformed ({type(exc).__name__})") from exc
    if "\\" in mathml:
        raise UnsupportedTeX("the formula uses TeX the MathML converter does not know")


def to_mathml(tex: str, display: bool = False) -> str:
    """The MathML of a formula that passed :func:`check`."""
    return str(convert(tex, display="block" if display else "inline"))
