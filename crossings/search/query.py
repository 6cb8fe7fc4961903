"""Turn a search request into a Whoosh query, rejecting malformed input with a clear message."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.qparser import FieldAliasPlugin, FuzzyTermPlugin, MultifieldParser, QueryParser

from crossings.search.errors import QueryError
from crossings.search.fuzzy import words_within
from crossings.search.schema import DEFAULT_BOOSTS, TEXT_FIELDS

MAX_QUERY_CHARS = 1000
MAX_LIMIT = 100
MAX_PAGE = 1000
MAX_EXPANSION = 64  # terms one fuzzy word may expand to
MAX_SYNONYM_WORDS = 4
SORTS = ("relevance", "date")
ALIASES = {"countries": ["country"], "themes": ["theme"], "language": ["lang"], "authors": ["author"]}
OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
# A field name followed by nothing to search for: ``title:`` or ``title: word``.
EMPTY_FIELD = re.compile(r"(?:^|[\s(])(\w+):(?=\s|\)|$)")
FIELD_NAMES = frozenset(
    {"id", "key", "title", "section", "body", "type", "event", "session", "year", "date"}
    | set(ALIASES)
    | {alias for names in ALIASES.values() for alias in names}
)
TOKEN = re.compile(r'"[^"]*"|[()]|[^\s()"]+')


@dataclass(frozen=True)
class SearchRequest:
    """One search: the query text, filters, ordering and page."""

    q: str
    countries: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    type: str = ""
    event: str = ""
    lang: str = ""
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "relevance"
    limit: int = 10
    page: int = 1

    def check(self) -> None:
        """Raise QueryError when a bound or an option is out of range."""
        if self.sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}, not {self.sort!r}")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, not {self.limit}")
        if not 1 <= self.page <= MAX_PAGE:
            raise QueryError(f"page must be between 1 and {MAX_PAGE}, not {self.page}")
        if self.year_from is not None and self.year_to is not None and self.year_from > self.year_to:
            raise QueryError(f"the year range {self.year_from}-{self.year_to} is empty; swap from and to")


def make_parser(schema: Any, boosts: Mapping[str, float] | None = None) -> QueryParser:
    """A parser for the query language: AND/OR/NOT, (groups), "phrases", prefix*, fuzzy~, field:value."""
    weights = {name: float((boosts or DEFAULT_BOOSTS).get(name, 1.0)) for name in TEXT_FIELDS}
    parser = MultifieldParser(list(TEXT_FIELDS), schema, fieldboosts=weights)
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(FieldAliasPlugin(ALIASES))
    return parser


def check_syntax(text: str) -> None:
    """Raise QueryError for the mistakes the Whoosh parser would silently guess around."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
    if "\x00" in text:
        raise QueryError("the query contains a NUL character")
    if text.count('"') % 2:
        raise QueryError('the query has an unclosed quote ("); close the phrase or remove the quote')
    outside = re.sub(r'"[^"]*"', " ", text)
    _check_parentheses(outside)
    for match in EMPTY_FIELD.finditer(outside):
        if match.group(1) in FIELD_NAMES:
            raise QueryError(
                f"nothing follows {match.group(1)}: in the query; write e.g. {match.group(1)}:word"
            )
    _check_operators(TOKEN.findall(text))


def _check_parentheses(text: str) -> None:
    """Parentheses must pair up and enclose something."""
    depth = 0
    for char in text:
        depth += (char == "(") - (char == ")")
        if depth < 0:
            raise QueryError("the query closes a parenthesis it never opened")
    if depth:
        raise QueryError("the query opens a parenthesis it never closes")
    if re.search(r"\(\s*\)", text):
        raise QueryError("the query has empty parentheses ()")


def _check_operators(tokens: list[str]) -> None:
    """AND/OR need words on both sides, NOT a word after it."""
    for i, tok in enumerate(tokens):
        if tok not in OPERATORS:
            continue
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if after is None or after in OPERATORS - {"NOT"} or after == ")":
            raise QueryError(f"{tok} must be followed by a word, a phrase or a (group)")
        if tok != "NOT" and (before is None or before in OPERATORS or before == "("):
            raise QueryError(f"{tok} must come between two words, phrases or (groups)")


def parse_text(
    text: str, parser: QueryParser, alternatives: Callable[[str], Iterable[str]] | None = None
) -> Any:
    """The Whoosh query for the user's text (synonyms expanded); an empty text matches everything."""
    check_syntax(text)
    if not text.strip():
        return wq.Every()
    try:
        parsed = parser.parse(rewrite_synonyms(text, alternatives))
    except Exception as exc:  # Whoosh raises assorted errors on odd input; the user gets one kind
        raise QueryError(f"cannot read the query {text[:80]!r}: {exc}") from exc
    return parsed


def rewrite_synonyms(text: str, alternatives: Callable[[str], Iterable[str]] | None) -> str:
    """Rewrite plain words and "phrases" that have synonyms into ("words" OR "synonym" ...) groups.

    Works on the raw text, before analysis, so multi-word entries (sex worker) and unsegmented
    scripts (性工作者, พนักงานบริการ) are looked up as the editor wrote them; the longest run of
    plain words (up to four) that has synonyms wins.
    """
    if alternatives is None:
        return text
    tokens = TOKEN.findall(text)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.startswith('"'):
            out.append(_group(tok.strip('"'), alternatives) or tok)
            i += 1
            continue
        for n in range(min(MAX_SYNONYM_WORDS, len(tokens) - i), 0, -1):
            run = tokens[i : i + n]
            if all(_plain_word(t) for t in run):
                group = _group(" ".join(run), alternatives)
                if group:
                    out.append(group)
                    i += n
                    break
        else:
            out.append(tok)
            i += 1
    return " ".join(out)


def _plain_word(token: str) -> bool:
    """A word with no query syntax (operator, field, wildcard, fuzzy, group, boost)."""
    return token not in OPERATORS and not any(c in token for c in '()":*?~^[]{}')


def _group(words: str, alternatives: Callable[[str], Iterable[str]]) -> str:
    """("words" OR "alt" ...) when *words* has synonyms, else ""."""
    alts = [a.replace('"', " ").strip() for a in alternatives(words)]
    alts = [a for a in dict.fromkeys(alts) if a and a != words]
    if not alts:
        return ""
    return "(" + " OR ".join(f'"{w}"' for w in [words, *alts]) + ")"


def expand_fuzzy(q: Any, reader: Any) -> Any:
    """Replace each fuzzy term by an OR of the indexed terms it reaches, computed once.

    The text fields are stemmed, so ``deportaton~`` is matched against the unstemmed words of
    the field's spelling twin (``spell_body``) as well as its stems; each word found is analysed
    like the field so it matches, and highlighting sees plain terms (no per-hit re-expansion).
    Prefix and wildcard leaves become their flat variants (one list of documents each).
    """
    if isinstance(q, wq.FuzzyTerm):
        return _fuzzy_or(q, reader)
    if type(q) is wq.Prefix:
        return FlatPrefix(q.fieldname, q.text, boost=q.boost)
    if type(q) is wq.Wildcard:
        return FlatWildcard(q.fieldname, q.text, boost=q.boost)
    if isinstance(q, wq.CompoundQuery):
        return q.__class__([expand_fuzzy(sub, reader) for sub in q.subqueries], boost=q.boost)
    if isinstance(q, wq.Not):
        return wq.Not(expand_fuzzy(q.query, reader), boost=q.boost)
    return q


class _FlatMatcher:
    """A constant-score pattern query matched as ONE list of documents.

    Whoosh ORs one matcher per expanded term into a deep tree of unions that the collector
    walks (and re-balances) hit by hit; the union of the terms' documents, built once, is a
    single flat list. The query's terms still expand as usual for the snippets.
    """

    fieldname: str
    boost: float
    flat = True  # crossings.search.docsets reads the union of the expanded terms

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        """A ListMatcher over the live documents holding any of the expanded terms."""
        reader = searcher.reader()
        ids: set[int] = set()
        for btext in self._btexts(reader):  # type: ignore[attr-defined]
            ids.update(reader.postings(self.fieldname, btext).all_ids())
        if not ids:
            return NullMatcher()
        return ListMatcher(sorted(ids), all_weights=self.boost)


class FlatPrefix(_FlatMatcher, wq.Prefix):  # type: ignore[misc]
    """``word*`` as one flat list of documents."""


class FlatWildcard(_FlatMatcher, wq.Wildcard):  # type: ignore[misc]
    """``w?rd*`` as one flat list of documents."""


def _fuzzy_or(q: Any, reader: Any) -> Any:
    """The OR of terms within the fuzzy query's distance (NullQuery when none)."""
    fieldobj = reader.schema[q.fieldname]
    text, dist, prefix = str(q.text), int(q.maxdist), int(q.prefixlength)
    found = sorted(words_within(reader, q.fieldname, text, dist, prefix), key=lambda pair: (pair[1], pair[0]))
    terms: dict[str, None] = {}
    for word, _ in found:
        if fieldobj.separate_spelling():  # a spelling word: index it the way the field does
            terms.update(dict.fromkeys(_analysed(fieldobj.analyzer, word)))
        else:
            terms[word] = None
    chosen = list(terms)[:MAX_EXPANSION]
    if not chosen:
        return wq.NullQuery
    return wq.Or([wq.Term(q.fieldname, term, boost=q.boost) for term in chosen])


def _analysed(analyzer: Any, word: str) -> tuple[str, ...]:
    """The query terms of one word."""
    return tuple(t.text for t in analyzer(word, mode="query"))


def filter_query(request: SearchRequest, reader: Any = None) -> Any:
    """The filters of *request* as one query, or None when there are none.

    With a *reader*, a year range becomes an OR of the years the index holds (``year_key``
    terms): Whoosh's NumericRange walks its trie terms for every query, ten times slower.
    """
    parts: list[Any] = []
    for fieldname, values in (("countries", request.countries), ("themes", request.themes)):
        if values:
            parts.append(wq.Or([wq.Term(fieldname, v.strip().lower()) for v in values]))
    for fieldname, value in (("type", request.type), ("event", request.event), ("language", request.lang)):
        if value:
            parts.append(wq.Term(fieldname, value.strip().lower()))
    if request.year_from is not None or request.year_to is not None:
        parts.append(_years(request.year_from, request.year_to, reader))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _years(low: int | None, high: int | None, reader: Any) -> Any:
    """The query for years *low* to *high* (either open)."""
    if reader is None or "year_key" not in reader.schema:
        return wq.NumericRange("year", low, high)
    years = [int(b) for b in reader.lexicon("year_key") if b.isdigit()]
    kept = [y for y in years if (low is None or y >= low) and (high is None or y <= high)]
    if not kept:
        return wq.NullQuery
    return wq.Or([wq.Term("year_key", str(y)) for y in kept])
