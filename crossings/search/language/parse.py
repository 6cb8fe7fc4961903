"""Read the user's query text into a Whoosh query, rejecting malformed input with a clear message.

The query language: words (all must match), ``"exact phrases"`` (``"a b"~3``: up to three words
apart), ``AND``, ``OR``, ``NOT``, ``ANDNOT``, ``ANDMAYBE``, ``(groups)``, ``prefix*`` and
``w?ldcards``, ``fuzzy~`` (``~2``: two edits; ``~1/2``: the first two letters kept), ``word^2``
(weigh a word more), ``field:value`` for the fields of crossings.search.language.syntax, ``year:[1999
TO 2001]`` and ``*:*`` (everything). A word the analyzer cuts into several (``well-being``,
``性工作者``, a Thai compound) is matched as a phrase of its parts. Words and phrases the
settings' synonyms know are searched with their synonyms. What the pattern and fuzzy words stand
for is found later, by the plan (crossings.search.plan).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from whoosh import query as wq
from whoosh.qparser import FieldAliasPlugin, FieldsPlugin, FuzzyTermPlugin, MultifieldPlugin, QueryParser

from crossings.search.engine.schema import DEFAULT_BOOSTS, TEXT_FIELDS
from crossings.search.language.syntax import FIELDS, OPERATORS, read_query
from crossings.search.request.errors import QueryError
from crossings.search.text.fold import compose_am, fold

MAX_SYNONYM_WORDS = 4
# Each index field and the other names a query may give it (title: stays title:).
ALIASES = {
    field: [name for name, target in FIELDS.items() if target == field and name != field]
    for field in dict.fromkeys(FIELDS.values())
}
ALLOWED = (
    wq.Term,
    wq.Phrase,
    wq.And,
    wq.Or,
    wq.Not,
    wq.AndNot,
    wq.AndMaybe,
    wq.Prefix,
    wq.Wildcard,
    wq.FuzzyTerm,
    wq.Every,
    wq.NumericRange,
    wq.TermRange,
    type(wq.NullQuery),
)
_TOKEN = re.compile(r'"[^"]*"(?:~\d+)?(?:\^[\d.]+)?|[()]|[^\s()"]+')
_PHRASE = re.compile(r'"(?P<words>[^"]*)"(?P<slop>~\d+)?(?P<boost>\^[\d.]+)?')
_WORD = re.compile(r"(?P<field>[A-Za-z_][A-Za-z0-9_]*:)?(?P<word>[^\s^]+)(?P<boost>\^[\d.]+)?")


class _Parser(QueryParser):  # type: ignore[misc]
    """Whoosh's parser, reading a word the analyzer cuts in several as a phrase, and keeping
    pattern and fuzzy words as written (folded, not stemmed): they are matched against the
    words of the text as written (crossings.search.language.patterns and fuzzy)."""

    def term_query(
        self,
        fieldname: str,
        text: str,
        termclass: Any,
        boost: float = 1.0,
        tokenize: bool = True,
        removestops: bool = True,
    ) -> Any:
        """A pattern or fuzzy word of a text field as written; anything else as Whoosh makes it."""
        field = self.schema[fieldname] if self.schema and fieldname in self.schema else None
        if (
            termclass in (wq.Wildcard, wq.Prefix, wq.FuzzyTerm)
            and field is not None
            and field.separate_spelling()
        ):
            return termclass(fieldname, fold(text), boost=boost)
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._kept: dict[str, tuple[tuple[Any, ...], tuple[Any, ...]]] = {}  # before the plugins
        super().__init__(*args, **kwargs)

    def taggers(self) -> Any:
        """The plugins' taggers, by priority: made once for the plugins the parser has."""
        return self._pipeline("taggers")

    def filters(self) -> Any:
        """The plugins' filters, by priority: made once for the plugins the parser has."""
        return self._pipeline("filters")

    def _pipeline(self, kind: str) -> tuple[Any, ...]:
        """Whoosh asks every plugin for its taggers (new objects, their patterns compiled) and
        filters, and sorts them, at each parse (some 5% of it). They depend only on the
        plugins (taggers and filters keep no state between calls, so threads share them): kept
        while the plugins are those they were made from."""
        plugins = tuple(self.plugins)
        kept = self._kept.get(kind)
        if kept is None or kept[0] != plugins:  # plugins compare by identity
            kept = self._kept[kind] = (plugins, tuple(self._priorized(kind)))
        return kept[1]

    def multitoken_query(
        self, spec: str, texts: list[str], fieldname: str, termclass: Any, boost: float
    ) -> Any:
        """A phrase of the word's parts (Whoosh's default ANDs them anywhere in the text)."""
        if termclass is wq.Term:
            return wq.Phrase(fieldname, texts, boost=boost)
        return super().multitoken_query(spec, texts, fieldname, termclass, boost)


def make_parser(schema: Any, boosts: Mapping[str, float] | None = None) -> QueryParser:
    """A parser for the query language of this module's docstring (a word without a field
    searches every text field, each with its boost)."""
    weights = {name: float((boosts or DEFAULT_BOOSTS).get(name, 1.0)) for name in TEXT_FIELDS}
    parser = _Parser(None, schema)
    parser.add_plugin(MultifieldPlugin(list(TEXT_FIELDS), fieldboosts=weights))
    # Field names are ASCII words (crossings.search.language.syntax checked them): "12:30" stays text.
    parser.replace_plugin(FieldsPlugin(expr=r"(?P<text>[A-Za-z_][A-Za-z0-9_]*|[*]):"))
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(FieldAliasPlugin({field: names for field, names in ALIASES.items() if names}))
    return parser


_parsers: dict[tuple[int, tuple[tuple[str, float], ...]], tuple[Any, QueryParser]] = {}
_parsers_lock = threading.Lock()
PARSERS_KEPT = 8  # schemas (one per open generation and language) times boost settings


def parser_for(schema: Any, boosts: Mapping[str, float] | None = None) -> QueryParser:
    """:func:`make_parser`'s parser, made once per schema object and boosts (about 1 ms each;
    Whoosh's parse keeps its state per call, so one parser serves every request)."""
    key = (id(schema), tuple(sorted((boosts or {}).items())))
    with _parsers_lock:
        kept = _parsers.get(key)
    if kept is not None and kept[0] is schema:
        return kept[1]
    parser = make_parser(schema, boosts)
    with _parsers_lock:
        if len(_parsers) >= PARSERS_KEPT:
            _parsers.clear()
        _parsers[key] = (schema, parser)  # the schema held too, so that its id is not reused
    return parser


def parse_query(text: str, schema: Any, settings: Any = None) -> Any:
    """The Whoosh query for the user's *text* in an index of *schema*, with the field boosts and
    synonyms of the search *settings* (crossings.search.text.settings; None: the defaults)."""
    parser = parser_for(schema, getattr(settings, "boosts", None))
    return parse_text(text, parser, _alternatives(settings))


def _alternatives(settings: Any) -> Callable[[str], Iterable[str]] | None:
    """The synonyms lookup of the search settings: words -> the other words of their group."""
    synonyms = getattr(settings, "synonyms", None)
    if synonyms is None:
        return None

    def lookup(words: str) -> Iterable[str]:
        return [alt for alt in synonyms.alternatives(words) if alt != words]

    return lookup


def parse_text(
    text: str, parser: QueryParser, alternatives: Callable[[str], Iterable[str]] | None = None
) -> Any:
    """The Whoosh query for the user's text (synonyms expanded); an empty text matches everything."""
    # SARA AM typed as two characters is cut in two by the word breaker: as one, the word is whole
    plain = compose_am(read_query(text))
    if not plain.strip():
        return wq.Every()
    try:
        parsed = _as_meant(parser.parse(rewrite_synonyms(plain, alternatives), normalize=False))
        parsed = parsed.normalize()
    except Exception as exc:  # Whoosh raises assorted errors on odd input; the user gets one kind
        raise QueryError(f"cannot read the query {text[:80]!r}: {exc}") from exc
    _check_kinds(parsed, text)
    return parsed


def _as_meant(q: Any) -> Any:
    """*q* made ready for Whoosh's normalising, which would change its meaning in two places.

    A phrase of one word becomes its word with its boost: Whoosh drops the boost, and with it
    the field's weight (title 3, section 2), so that ``"police"``, and every one-word synonym
    (written as a phrase), would rank a title no higher than the body. And an AND drops its
    ``*:*`` parts: Whoosh makes an AND holding ``*:*`` everything (``hiv AND *:*`` found every
    document), as it rightly does an OR."""
    if type(q) is wq.Phrase and len(q.words) == 1:
        term = wq.Term(q.fieldname, q.words[0], boost=q.boost)
        if q.char_ranges:
            term.startchar, term.endchar = q.char_ranges[0]
        return term
    if not q.children():
        return q
    rebuilt = q.apply(_as_meant)
    rebuilt.boost = q.boost  # apply() of some kinds (Not, AndNot) makes the copy without it
    if type(rebuilt) is wq.And:
        parts = [sub for sub in rebuilt.subqueries if not _everything(sub)]
        if len(parts) < len(rebuilt.subqueries):
            return wq.And(parts, boost=q.boost) if parts else wq.Every(boost=q.boost)
    return rebuilt


def _everything(q: Any) -> bool:
    """True for ``*:*`` (Whoosh's Every of no field), and a group Whoosh makes it: an OR
    holding it, an AND of nothing else."""
    if type(q) is wq.Every:
        return q.fieldname is None
    if type(q) is wq.Or:
        return any(_everything(sub) for sub in q.subqueries)
    if type(q) is wq.And:
        return bool(q.subqueries) and all(_everything(sub) for sub in q.subqueries)
    return False


def _check_kinds(q: Any, text: str) -> None:
    """Every part of the parsed query must be a kind the search answers."""
    if not isinstance(q, ALLOWED):
        start = getattr(q, "startchar", None)
        where = f" at character {start + 1}" if isinstance(start, int) else ""
        raise QueryError(f"the query {text[:80]!r} holds a construct the search does not answer{where}")
    for sub in q.children():
        _check_kinds(sub, text)


def rewrite_synonyms(text: str, alternatives: Callable[[str], Iterable[str]] | None) -> str:
    """Rewrite plain words and "phrases" that have synonyms into ("words" OR "synonym" ...) groups.

    Works on the raw text, before analysis, so multi-word entries (sex worker) and unsegmented
    scripts (性工作者, พนักงานบริการ) are looked up as the editor wrote them; the longest run of
    plain words (up to four) that has synonyms wins. A word or phrase keeps its synonyms however
    it is written: in a text field (``title:police``), boosted (``police^2``), with a slop
    (``"sex worker"~2``, given to each alternative). Only the rewritten words change: every
    other character stays where it was, so a field, a group's boost or a phrase stays attached
    to what it was written against (``title:"police raids"``, ``(police)^2``).
    """
    if alternatives is None:
        return text
    tokens = list(_TOKEN.finditer(text))
    out: list[str] = []
    done = 0  # text[:done] is in out
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        rewritten, used = _rewrite_at(tokens, i, alternatives)
        if rewritten:
            out += [text[done : tok.start()], rewritten]
            done = tokens[i + used - 1].end()
        i += used
    out.append(text[done:])
    return "".join(out)


def _rewrite_at(
    tokens: list[re.Match[str]], i: int, alternatives: Callable[[str], Iterable[str]]
) -> tuple[str, int]:
    """The synonym group for the token at *i* (and the plain words after it), and how many
    tokens it stands for; ("", 1) when it has none."""
    tok = tokens[i].group()
    phrase = _PHRASE.fullmatch(tok)
    if phrase is not None:
        before = tokens[i - 1] if i else None
        field = before.group() if before is not None and before.end() == tokens[i].start() else ""
        if field.endswith(":") and not _text_field(field):
            return "", 1  # a phrase of a code field (id:"...") has no synonyms
        slop, boost = phrase.group("slop") or "", phrase.group("boost") or ""
        return _group(phrase.group("words"), alternatives, slop, boost), 1
    for n in range(min(MAX_SYNONYM_WORDS, len(tokens) - i), 1, -1):
        run = [t.group() for t in tokens[i : i + n]]
        if all(_plain_word(t) for t in run):
            group = _group(" ".join(run), alternatives)
            if group:
                return group, n
    word = _WORD.fullmatch(tok)
    if word is None or not _plain_word(word.group("word")):
        return "", 1
    field = word.group("field") or ""
    if field and not _text_field(field):
        return "", 1  # a code or an id (country:th) has no synonyms
    group = _group(word.group("word"), alternatives, boost=word.group("boost") or "")
    return (field + group if group else ""), 1


def _text_field(token: str) -> bool:
    """True for a field name (``title:``) of a text field, whose words have synonyms; False
    for any other field, or a token that is not a field name."""
    return token.endswith(":") and FIELDS.get(token[:-1].lower()) in TEXT_FIELDS


def _plain_word(token: str) -> bool:
    """A word with no query syntax (operator, field, wildcard, fuzzy, group, boost)."""
    return token not in OPERATORS and not any(c in token for c in '()":*?~^[]{}')


def _group(words: str, alternatives: Callable[[str], Iterable[str]], slop: str = "", boost: str = "") -> str:
    """("words" OR "alt" ...) when *words* has synonyms, else ""; *slop* (``~3``) is given to
    each of them, *boost* (``^2``) to the group."""
    alts = [a.replace('"', " ").strip() for a in alternatives(words)]
    alts = [a for a in dict.fromkeys(alts) if a and a != words]
    if not alts:
        return ""
    return "(" + " OR ".join(f'"{w}"{slop}' for w in [words, *alts]) + ")" + boost
