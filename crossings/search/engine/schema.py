"""The fields of the search index, and the one place that picks the text analyzer."""

from __future__ import annotations

import threading
from typing import Any

from whoosh.analysis import IDAnalyzer, StandardAnalyzer
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, FieldType, Schema
from whoosh.formats import Characters, Positions

from crossings.search.engine.formats import PackedCharacters, PackedPositions
from crossings.search.registry import Facet, Kind, counted, facets

# Fields facets count (crossings.search.registry); values are lowercased at index time so that
# ``country:th`` and ``--country TH`` both match.
FACET_FIELDS = tuple(facet.field for facet in counted())
# Text fields a bare query word searches, and the default boosts (search/ settings may override).
TEXT_FIELDS = ("title", "section", "body")
DEFAULT_BOOSTS = {"title": 3.0, "section": 2.0, "body": 1.0}


class SpelledText(TEXT):  # type: ignore[misc]
    """A TEXT field whose spelling words come from the indexing pass.

    Whoosh analyses every value of a field with spelling twice: once to index it, once without
    the stemmer for its spelling words (``spellable_words``). The stem filter of the archive's
    analyzer notes the words it sees (:class:`analysis.LatinStemFilter`), which are exactly the
    words the second pass would give; when no such filter ran (another analyzer), the second
    pass runs as before. The last value indexed is remembered too: every section of a document
    repeats its title. With the archive's own analyzer, both come from one loop over the
    tokenizer's pieces (:func:`analysis.index_terms`) instead of a generator per filter."""

    def index(self, value: Any, **kwargs: Any) -> list[Any]:
        """The postings of *value*, noting its unstemmed words for ``spellable_words``."""
        memo = _last_indexed.get(self)
        if memo is not None and memo[0] == value and not kwargs:
            return memo[1]
        items: list[Any]
        short = None
        if not kwargs and isinstance(value, str) and len(value) <= SHORT_TEXT:
            short = _last_indexed.short_texts(self)
            memo = short.get(value)
            if memo is not None:  # a heading every document has ("Introduction"), a title seen
                # Each posting's value a new bytes object, as analysing the text again gives: a
                # posting block pickles its values, and one object given twice is pickled once.
                items = [(term, freq, weight, bytes(memoryview(v))) for term, freq, weight, v in memo[1]]
                _last_indexed.set(self, (value, items, memo[2]))
                return items
        from crossings.search.text.analysis import UNSTEMMED, index_terms

        one_pass = None if kwargs else index_terms(self.analyzer, self.format, value)
        if one_pass is not None:  # the archive analyzer: its steps in one loop, the same postings
            items = list(one_pass[0])
            words = one_pass[1]
        else:
            UNSTEMMED.words, UNSTEMMED.ran = set(), False
            try:
                items = list(super().index(value, **kwargs))
                words = sorted(UNSTEMMED.words) if UNSTEMMED.ran else None
            finally:
                UNSTEMMED.words = None
        if not kwargs:  # another call's options (tokenize=False...) give other postings: not kept
            _last_indexed.set(self, (value, items, words))
            if short is not None:
                if len(short) >= SHORT_TEXTS:
                    short.clear()
                short[value] = (value, items, words)
        return items

    def spelling_words(self, value: Any) -> set[str]:
        """Every unstemmed word of *value* (``FieldType.spellable_words``, as a set), from one
        loop over the tokenizer's pieces when the analyzer is the archive's: the words the
        indexing pass notes (:meth:`index`), at a fraction of the cost of Whoosh's second pass.
        A purge reads live sections again to know which spelling words stay."""
        from crossings.search.text.analysis import unstemmed_words

        words = unstemmed_words(self.analyzer, value)
        return words if words is not None else set(FieldType.spellable_words(self, value))

    def spellable_words(self, value: Any) -> Any:
        """The unstemmed words of *value* not yet given in this segment (see ``new_segment``),
        from the indexing pass when it noted them."""
        memo = _last_indexed.get(self)
        if memo is not None and memo[2] is not None and memo[0] == value:
            words: Any = memo[2]
        else:
            words = super().spellable_words(value)
        seen = _last_indexed.spelled.setdefault(id(self), (self, set()))[1]
        fresh = [word for word in words if word not in seen]
        seen.update(fresh)
        return iter(fresh)


# Values of a SpelledText field this short are analysed once per process and thread (at most
# SHORT_TEXTS of them per field, then forgotten): section headings repeat across documents
# (14 distinct among 106,000 in the benchmark), titles across a document's sections.
SHORT_TEXT = 120
SHORT_TEXTS = 4096


class _LastIndexed(threading.local):
    """Per thread and field: the last value indexed, its postings and its unstemmed words (and
    those of its short values, see SHORT_TEXT). Kept outside the field, whose object is
    pickled into the index's table of contents; the field itself is held beside them, so that
    its id is never reused by another field."""

    def __init__(self) -> None:
        self.by_field: dict[int, tuple[Any, Any, list[Any], list[str] | None]] = {}
        self.short: dict[int, tuple[Any, dict[str, tuple[Any, list[Any], list[str] | None]]]] = {}
        self.spelled: dict[int, tuple[Any, set[str]]] = {}  # the words each field gave this segment

    def get(self, field: Any) -> tuple[Any, list[Any], list[str] | None] | None:
        """The memo of *field* (None when another field had its id, or none was kept)."""
        kept = self.by_field.get(id(field))
        return kept[1:] if kept is not None and kept[0] is field else None

    def set(self, field: Any, memo: tuple[Any, list[Any], list[str] | None]) -> None:
        """Remember *memo* for *field*."""
        self.by_field[id(field)] = (field, *memo)

    def short_texts(self, field: Any) -> dict[str, tuple[Any, list[Any], list[str] | None]]:
        """The memos of *field*'s short values, by value."""
        kept = self.short.get(id(field))
        if kept is None or kept[0] is not field:
            kept = self.short[id(field)] = (field, {})
        return kept[1]


_last_indexed = _LastIndexed()


def new_segment() -> None:
    """Call right after opening an index writer (this thread): the spelling words of a segment
    start afresh.

    Whoosh adds one spelling posting per word per DOCUMENT (all under document 0: a spelling
    field is only read as a list of words), as many postings as the field's own, written,
    compressed and merged for nothing. A spelled field gives each word once per segment instead
    (same words in the segment's lexicon). Without this call a segment would lack the words an
    earlier one gave."""
    _last_indexed.spelled.clear()


class TextColumn(COLUMN):  # type: ignore[misc]
    """A value per section kept as a column only (no terms): text in, text out."""

    def to_bytes(self, value: Any) -> bytes:
        """The column's bytes of *value* (UTF-8)."""
        return value.encode("utf-8") if isinstance(value, str) else bytes(value)

    def from_bytes(self, data: bytes) -> str:
        """The text of the column's bytes."""
        return data.decode("utf-8")


def text_analyzer() -> Any:
    """The analyzer for every text field, at index and query time (swap here only)."""
    try:
        from crossings.search.text.analysis import ArchiveAnalyzer
    except ImportError:  # search-analysis not installed yet: the stock analyzer still works for English
        return StandardAnalyzer()
    return ArchiveAnalyzer()


def make_schema(analyzer: Any = None) -> Schema:
    """The Whoosh schema of one index generation (*analyzer*: from the search settings)."""
    text = analyzer if analyzer is not None else text_analyzer()
    lower_id = IDAnalyzer(lowercase=True)
    fields: dict[str, FieldType] = {
        # Columns (sortable) let an incremental run read every key and hash without unpickling bodies.
        "key": ID(unique=True, stored=True, sortable=True),
        "id": ID(stored=True),
        "title": SpelledText(analyzer=text, stored=True, spelling=True),
        "section": SpelledText(analyzer=text, stored=True, spelling=True),
        # Character offsets let the highlighter place <mark> without re-analysing each hit.
        "body": SpelledText(analyzer=text, stored=True, chars=True, spelling=True),
        "authors": TEXT(analyzer=text),
        "session": ID(stored=True, analyzer=lower_id),
        "year": NUMERIC(int, stored=True),  # year:[1999 TO 2001] in a query
        "date": ID(stored=True, sortable=True),
        "url": STORED(),
        # Read as a column only, by an update: as terms it was 106,000 lookups written and purged
        # for nothing at 10,000 documents.
        "hash": TextColumn(),
    }
    fields.update((facet.field, facet_field(facet)) for facet in facets())
    for fieldobj in fields.values():
        _pack_positions(fieldobj)
    return Schema(**fields)


def _pack_positions(fieldobj: FieldType) -> None:
    """Give a text field the packed form of its positions format (crossings.search.engine.formats)."""
    fmt = getattr(fieldobj, "format", None)
    packed = {Characters: PackedCharacters, Positions: PackedPositions}.get(type(fmt))
    if packed is not None and fmt is not None:
        fieldobj.format = packed(field_boost=fmt.field_boost)


def facet_field(facet: Facet) -> FieldType:
    """The index field holding *facet*'s values (lowercased, stored but for a year key)."""
    if facet.kind is Kind.KEYWORDS:
        return KEYWORD(stored=True, commas=True, lowercase=True)
    if facet.kind is Kind.YEARS:
        return ID()
    return ID(stored=True, analyzer=IDAnalyzer(lowercase=True))
