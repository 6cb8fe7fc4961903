"""Which TeX a formula may use: what both latex2mathml and xelatex take, nothing that runs commands."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from crossings.sphinx.mathtex import COMMANDS, ENVIRONMENTS, UnsupportedTeX, check, to_mathml

M = "{http://www.w3.org/1998/Math/MathML}"
# Commands that need more than one argument in braces to be TeX at all.
SAMPLES = {
    r"\left": r"\left( x \right)",
    r"\right": r"\left( x \right)",
    r"\middle": r"\left( x \middle| y \right)",
    r"\limits": r"\sum\limits_{i} x",
    r"\nolimits": r"\sum\nolimits_{i} x",
    r"\not": r"\not=",
    r"\bmod": r"a \bmod b",
    **{big: big + "(" for big in (r"\big", r"\Big", r"\bigg", r"\Bigg", r"\bigl", r"\Bigl")},
    r"\bigr": r"\bigr)",
    r"\Bigr": r"\Bigr)",
}


# Formulas at the edge of what TeX takes: whatever the check lets through must typeset.
TRICKY = [
    r"\left. x \right|", r"\frac a", r"x_{}", r"\not", r"\overset{a}", r"{}^{}", r"x\limits^2", r"\big",
    r"\left(\right", r"\middle|", r"a^{b^{c^{d}}}", r"\sum\nolimits", r"\left\{ x \right\}",
    r"\begin{cases} a \end{cases}", r"\begin{matrix}\end{matrix}", r"x^\frac12", r"\sqrt[3]", r"\dot{}",
    r"\stackrel{a}", r"\mathbb{ab}", r"f''", r"x\,y\;z\!w\:v\>u\ t", r"\_", r"\%", r"\#", r"\$", r"\&", "~",
    r"\text{a~b}", r"\left( \frac{a}{b} \right.", r"\hat\frac{a}{b}", r"\frac\alpha\beta",
    r"\xrightarrow[a]{b}", r"\lim\limits_{x\to0}", r"\frac{}{}", r"\sqrt{}", r"\left[ \right)",
    r"\big\langle", r"x_1^2_3", r"x''^2", r"\mathrm{\alpha}", r"\mathbb\alpha", r"\vec{\frac{a}{b}}",
    r"\overline", r"a \over b", r"\pmod{5}", r"\text{}", r"\left| x \middle\| y \right\|", r"\dot\hat{x}",
    r"\sqrt[]{x}", r"\begin{matrix} a & b \\ \end{matrix}", r"{a&b}", r"\int\limits_0^1", r"\not\in",
    r"\not{}", r"\left(\middle|\right)", r"\left(x\right)^2_3",
]  # fmt: skip


def accepted(formulas: list[str]) -> list[str]:
    """The formulas the check lets through."""
    passed = []
    for tex in formulas:
        try:
            check(tex)
        except UnsupportedTeX:
            continue
        passed.append(tex)
    return passed


def sample(command: str) -> str:
    """A formula that uses *command*."""
    return SAMPLES.get(command, command + "{x}{y}")


def environment(name: str) -> str:
    """A two-by-two use of environment *name*."""
    return rf"\begin{{{name}}}a&b\\c&d\end{{{name}}}"


def tree(tex: str, display: bool = False) -> ET.Element:
    """The MathML of *tex*, parsed."""
    check(tex, display)
    return ET.fromstring(to_mathml(tex, display))


def test_fraction_is_an_mfrac_of_its_two_parts() -> None:
    fraction = tree(r"\frac{a}{b}").find(f".//{M}mfrac")
    assert fraction is not None
    assert ["".join(part.itertext()) for part in fraction] == ["a", "b"]
    assert tree(r"\frac12").find(f".//{M}mfrac") is not None


def test_sub_and_superscripts_greek_and_sums() -> None:
    scripts = tree("x_i^2").find(f".//{M}msubsup")
    assert scripts is not None and ["".join(p.itertext()) for p in scripts] == ["x", "i", "2"]
    assert "".join(tree(r"\alpha + \beta").itertext()) == "α+β"
    total = tree(r"\sum_{i=1}^{n} x_i", display=True)
    assert total.get("display") == "block"
    assert "∑" in "".join(total.itertext())
    assert tree(environment("pmatrix"), display=True).find(f".//{M}mtable") is not None


@pytest.mark.parametrize(
    ("tex", "reason"),
    [
        (r"\foo{x}", r"\foo"),
        (r"\input{/etc/hostname}", r"\input"),
        (r"\def\x{1}", r"\def"),
        (r"\mathscr{A}", r"\mathscr"),
        (r"\write18{ls}", r"\write"),
        (r"^^5cinput{/etc/hostname}", "^^"),
        (r"x^^5cinput{a}", "^^"),
        (r"\text{\input{x}}", r"\input"),
        (r"\text{a_b}", "text in a formula"),
        (r"\frac{a}{", "never closed"),
        ("a}", "no opening brace"),
        (r"\left( x", r"\left and \right"),
        (r"\begin{align}a\end{align}", "environment align"),
        (r"\begin{matrix}a\end{pmatrix}", "does not close"),
        ("a % b", "%"),
        ("a & b", "&"),
        (r"a \\ b", "line break"),
        ("a^", "incomplete"),
        (r"\frac{a}", r"\frac needs 2 arguments"),
        (r"\hat\frac{a}{b}", r"\hat needs 1 argument"),
        (r"\left x \right y", "delimiter"),
        (r"\limits", "must follow an operator"),
        ("x_1^2_3", "two subscripts"),
        ("x^2'", "prime after a superscript"),
        (" ", "empty"),
    ],
)
def test_unsupported_tex_is_refused_with_its_reason(tex: str, reason: str) -> None:
    with pytest.raises(UnsupportedTeX) as refused:
        check(tex)
    assert reason in str(refused.value)


def test_displayed_formulas_may_break_lines_and_align() -> None:
    check(r"a &= b \\ c &= d", display=True)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_allowed_command_becomes_mathml_without_tex_left(command: str) -> None:
    check(sample(command))
    assert "\\" not in to_mathml(sample(command))


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xelatex") is None, reason="xelatex is needed")
def test_every_allowed_command_typesets_in_xelatex(tmp_path: Path) -> None:
    """What Sphinx's LaTeX preamble loads (amsmath, amssymb) defines everything the check lets
    through, and no formula it accepts stops xelatex."""
    assert len(accepted(TRICKY)) > 30  # the check is not so strict that this proves nothing
    formulas = [sample(c) for c in sorted(COMMANDS)] + [environment(e) for e in sorted(ENVIRONMENTS)]
    formulas += accepted(TRICKY)
    body = "\n".join(rf"\({tex}\)\par" for tex in formulas)
    (tmp_path / "all.tex").write_text(
        "\\documentclass{article}\n\\usepackage{amsmath,amssymb,amstext}\n"
        f"\\begin{{document}}\n{body}\n\\end{{document}}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        ["xelatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "all.tex"],
        cwd=tmp_path,
        capture_output=True,
        timeout=300,
    )
    log = (tmp_path / "all.log").read_text("utf-8", "replace")
    assert done.returncode == 0, [line for line in log.splitlines() if line.startswith("!")]
    assert "Undefined control sequence" not in log
