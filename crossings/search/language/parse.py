"""Turn a search request into a Whoosh query, rejecting malformed input with a clear message.

The query language: words (all must match), ``"exact phrases"`` (``"a b"~3``: up to three words
apart), ``AND``, ``OR``, ``NOT``, ``ANDNOT``, ``ANDMAYBE``, ``(groups)``, ``prefix*`` and
``w?ldcards``, ``fuzzy~`` (``~2``: two edits; ``~1/2``: the first two letters kept), ``word^2``
(weigh a word more), ``field:value`` for the fields of crossings.search.syntax, ``year:[1999 TO
2001]`` and ``*:*`` (everything). A word the analyzer cuts into several (``well-being``,
``性工作者``, a Thai compound) is matched as a phrase of its parts.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.qparser import FieldAliasPlugin, FieldsPlugin, FuzzyTermPlugin, MultifieldPlugin, QueryParser

from crossings.search.engine.phrases import EdgePhrase
from crossings.search.engine.schema import DEFAULT_BOOSTS, TEXT_FIELDS
from crossings.search.language.fuzzy import spelling_words, words_within
from crossings.search.language.patterns import expand_pattern
from crossings.search.language.syntax import FIELDS, OPERATORS, read_query
from crossings.search.request.budget import Budget
from crossings.search.request.errors import QueryError
from crossings.search.request.limits import MAX_EXPANDED
from crossings.search.text.fold import fold
from crossings.search.text.scripts import bigram_script, dictionary_script

MAX_EXPANSION = 64  # terms one fuzzy word may expand to
INSIDE_WORDS = 1000  # longer words a Thai (Lao, Khmer, Burmese) word is looked for inside
INSIDE_WEIGHT = 0.25  # the share of a word's boost a longer word holding it counts
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


class _Parser(QueryParser):  # type: ignore[misc]
    """Whoosh's parser, reading a word the analyzer cuts in several as a phrase, and keeping
    pattern and fuzzy words as written (folded, not stemmed): they are matched against the
    words of the text as written (crossings.search.patterns, crossings.search.fuzzy)."""

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
    # Field names are ASCII words (crossings.search.syntax checked them): "12:30" stays text.
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


def parse_text(
    text: str, parser: QueryParser, alternatives: Callable[[str], Iterable[str]] | None = None
) -> Any:
    """The Whoosh query for the user's text (synonyms expanded); an empty text matches everything."""
    plain = read_query(text)
    if not plain.strip():
        return wq.Every()
    try:
        parsed = parser.parse(rewrite_synonyms(plain, alternatives))
    except Exception as exc:  # Whoosh raises assorted errors on odd input; the user gets one kind
        raise QueryError(f"cannot read the query {text[:80]!r}: {exc}") from exc
    _check_kinds(parsed, text)
    return parsed


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
    plain words (up to four) that has synonyms wins.
    """
    if alternatives is None:
        return text
    tokens = _TOKEN.findall(text)
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


def prepare(q: Any, reader: Any, budget: Budget | None = None) -> Any:
    """*q* as the search runs it: each pattern, fuzzy word and one-character Han, kana or Hangul
    word replaced by the indexed words it stands for (found once, so highlighting sees plain
    terms), a year range by the years the index holds, ``*`` by everything.

    Each indexed word costs a read of its postings in every segment that holds it: QueryError
    when the patterns and fuzzy words the reader typed stand for more than MAX_EXPANDED words."""
    typed = [0]
    prepared = _prepare(q, reader, budget, typed)
    if typed[0] > MAX_EXPANDED:
        raise QueryError(
            f"the query's words with * ? or ~ stand for {typed[0]:,} words of the archive; the limit "
            f"is {MAX_EXPANDED:,}: use fewer of them, or longer ones"
        )
    return prepared


def _prepare(q: Any, reader: Any, budget: Budget | None, typed: list[int]) -> Any:
    """:func:`prepare` of one part of the query; *typed* counts the words patterns expanded to."""
    if budget is not None:
        budget.check()
    kind = type(q)
    if kind is wq.FuzzyTerm:
        fuzzy = _fuzzy_or(q, reader, budget)
        typed[0] += len(fuzzy.subqueries) if isinstance(fuzzy, wq.Or) else 0
        return fuzzy
    if kind in (wq.Prefix, wq.Wildcard):
        pattern = q.text + "*" if kind is wq.Prefix else q.text
        words = expand_pattern(reader, q.fieldname, pattern, budget)
        typed[0] += len(words)
        return FlatPattern(q.fieldname, pattern, words, q.boost)
    if kind is wq.Every:
        return wq.Every()
    if kind is wq.Term and q.fieldname in TEXT_FIELDS:
        return _inside_words(q, reader, budget) or _single_character(q, reader, budget)
    if kind is wq.Phrase and q.slop == 1 and q.fieldname in TEXT_FIELDS and len(q.words) > 1:
        return _edge_phrase(q, reader, budget)
    if kind is wq.Term and q.fieldname == "year":
        year = reader.schema["year"].from_bytes(q.text) if isinstance(q.text, bytes) else q.text
        return wq.Term("year_key", str(year), boost=q.boost)
    if kind is wq.NumericRange and q.fieldname == "year":
        return years_query(q.start, q.end, reader)
    if isinstance(q, wq.BinaryQuery):
        return kind(_prepare(q.a, reader, budget, typed), _prepare(q.b, reader, budget, typed))
    if isinstance(q, wq.CompoundQuery):
        return _simplified(kind, [_prepare(sub, reader, budget, typed) for sub in q.subqueries], q.boost)
    if kind is wq.Not:
        inner = _prepare(q.query, reader, budget, typed)
        return wq.NullQuery if type(inner) is wq.Every else wq.Not(inner, boost=q.boost)
    return q


def _simplified(kind: Any, subqueries: list[Any], boost: float) -> Any:
    """An Or holding everything is everything; an And ignores its everything parts."""
    every = [sub for sub in subqueries if type(sub) is wq.Every]
    if every and kind is wq.Or:
        return wq.Every()
    if every and kind is wq.And:
        subqueries = [sub for sub in subqueries if type(sub) is not wq.Every]
        if not subqueries:
            return wq.Every()
    return kind(subqueries, boost=boost)


def _single_character(q: Any, reader: Any, budget: Budget | None) -> Any:
    """A one-character word of a bigram script matches wherever the character is: alone, or as
    either half of the index's character pairs (only a character ICU took for a word is
    indexed alone)."""
    text = q.text if isinstance(q.text, str) else ""
    if len(text) != 1 or not bigram_script(text):
        return q
    pairs = [
        FlatPattern(q.fieldname, pattern, expand_pattern(reader, q.fieldname, pattern, budget), q.boost)
        for pattern in (text + "?", "?" + text)
    ]
    return wq.Or([q, *pairs])


def _inside_words(q: Any, reader: Any, budget: Budget | None) -> Any:
    """A Thai (Lao, Khmer, Burmese) word also matches where a substring search finds it: inside
    the longer words ICU kept whole (การ in การประชุม), and across two words of the text where
    ICU cut the text between two words it kept together in the query (คนมา in คน|มา); both count
    less than the word itself. None for a word of another script."""
    text = q.text if isinstance(q.text, str) else ""
    if not dictionary_script(text):
        return None
    pattern = f"*{text}*"
    words = expand_pattern(reader, q.fieldname, pattern, budget, limit=INSIDE_WORDS, typed=False)
    weight = q.boost * INSIDE_WEIGHT
    found = [q, FlatPattern(q.fieldname, pattern, words, weight)]
    known = spelling_words(reader, q.fieldname) if reader.schema[q.fieldname].separate_spelling() else {}
    for cut in range(1, len(text)):
        head, tail = text[:cut], text[cut:]
        if head in known.get(head[:1], ()) and tail in known.get(tail[:1], ()):
            found.append(_edge_phrase(wq.Phrase(q.fieldname, [head, tail], boost=weight), reader, budget))
    return wq.Or(found)


def _edge_phrase(q: Any, reader: Any, budget: Budget | None) -> Any:
    """A phrase whose first word may end a longer word of the text, and whose last may start
    one, where a substring search would find them: a Thai (Lao, Khmer, Burmese) word ICU kept
    inside its neighbour, or a lone Han, kana or Hangul character the text has inside a longer
    run (取 in 銀行取り締まり). The phrase as typed when neither edge is such a word."""
    field = reader.schema[q.fieldname]
    slots = [(field.to_bytes(word),) for word in q.words]
    changed = False
    for index, pattern in ((0, "*{}"), (len(slots) - 1, "{}*")):
        word = q.words[index]
        if dictionary_script(word):
            glob = pattern.format(word)
        elif len(word) == 1 and bigram_script(word):
            glob = pattern.format(word).replace("*", "?")
        else:
            continue
        found = expand_pattern(reader, q.fieldname, glob, budget, limit=INSIDE_WORDS, typed=False)
        slots[index] = tuple(dict.fromkeys(slots[index] + found))
        changed = True
    return EdgePhrase(q.fieldname, list(q.words), tuple(slots), q.boost) if changed else q


class FlatPattern(wq.Wildcard):  # type: ignore[misc]
    """A pattern word matched as ONE list of documents, over the indexed words it stands for.

    Whoosh ORs one matcher per expanded term into a deep tree of unions that the collector
    walks (and re-balances) hit by hit, and expands the pattern again wherever the query is
    used; the words here are found once (crossings.search.patterns) and the union of their
    documents is a single flat list, scored as a constant (the word's boost).
    """

    flat = True  # crossings.search.docsets and rank read the union of the expanded words

    def __init__(self, fieldname: str, text: str, words: tuple[bytes, ...], boost: float = 1.0) -> None:
        super().__init__(fieldname, text, boost=boost)
        self.words = words

    def __eq__(self, other: object) -> bool:
        return bool(super().__eq__(other)) and self.words == getattr(other, "words", None)

    def __hash__(self) -> int:
        return super().__hash__() ^ hash(self.words)  # type: ignore[no-any-return]

    def normalize(self) -> Any:
        """Stay as is (Whoosh would turn ``w*`` back into a Prefix that expands again)."""
        return self

    def _btexts(self, ixreader: Any) -> list[bytes]:
        """The expanded words this reader (or segment) holds."""
        return [btext for btext in self.words if (self.fieldname, btext) in ixreader]

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        """A ListMatcher over the live documents holding any of the expanded words."""
        reader = searcher.reader()
        ids: set[int] = set()
        for btext in self._btexts(reader):
            ids.update(
                d for d in reader.postings(self.fieldname, btext).all_ids() if not reader.is_deleted(d)
            )
        if not ids:
            return NullMatcher()
        return ListMatcher(sorted(ids), all_weights=self.boost)


def _fuzzy_or(q: Any, reader: Any, budget: Budget | None) -> Any:
    """The OR of terms within the fuzzy query's distance (NullQuery when none)."""
    fieldobj = reader.schema[q.fieldname]
    text, dist, prefix = str(q.text), int(q.maxdist), int(q.prefixlength)
    found = sorted(words_within(reader, q.fieldname, text, dist, prefix), key=lambda pair: (pair[1], pair[0]))
    if budget is not None:
        budget.check()
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


def years_query(low: int | None, high: int | None, reader: Any) -> Any:
    """The years *low* to *high* (either open) the index holds, as an OR of ``year_key`` terms
    (Whoosh's NumericRange walks its trie terms for every query, ten times slower)."""
    years = [int(b) for b in reader.lexicon("year_key") if b.isdigit()]
    kept = [y for y in years if (low is None or y >= low) and (high is None or y <= high)]
    if not kept:
        return wq.NullQuery
    return wq.Or([wq.Term("year_key", str(y)) for y in kept])
