"""The text analyzer of every text field and of queries, in every language of the archive.

``ArchiveAnalyzer()`` = ICU words and Han/Hangul/kana bigrams (:mod:`segment`) | NFKC, case,
apostrophes, dashes, digits, Latin accents and Traditional-to-Simplified folding (:mod:`fold`) |
stop words (gaps closed) | English stemming (Porter, with a few words protected). The same chain
runs on queries (Whoosh passes ``mode="query"``: then Han runs give bigrams only, which a
phrase of them matches).

Snippets (crossings.search.results.snippets) join the overlapping bigrams of one word into one
mark. Synonyms: :mod:`synonyms`; settings: :mod:`settings`.

Everything here is a module-level class, so the pickled Whoosh schema reopens in a new process;
ICU and OpenCC objects live in module caches, never in the analyzer.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import CompositeAnalyzer, StemFilter, Token
from whoosh.lang.porter import stem as porter_stem

from crossings.search.text.fold import FoldFilter, StopFilter, fold
from crossings.search.text.segment import (
    DEFAULT_BIGRAM_SCRIPTS,
    IcuTokenizer,
    Piece,
    cut_pieces,
    is_word,
    word_spans,
)
from crossings.search.text.stopwords import default_stopwords

__all__ = [
    "ANALYZERS",
    "DEFAULT_BIGRAM_SCRIPTS",
    "PROTECTED",
    "ArchiveAnalyzer",
    "FoldFilter",
    "IcuTokenizer",
    "LatinStemFilter",
    "StopFilter",
    "analyze",
    "fold",
    "index_terms",
]

# Words the Porter stemmer would merge with another word ("aids" -> "aid", "news" -> "new").
PROTECTED = frozenset({"aids", "unaids", "news", "sars"})


_stem = lru_cache(maxsize=131072)(porter_stem)


class _Unstemmed(threading.local):
    """The words the stem filter saw before stemming, while a field records them (this thread)."""

    words: set[str] | None = None
    ran = False


UNSTEMMED = _Unstemmed()


class LatinStemFilter(StemFilter):  # type: ignore[misc]
    """Whoosh's Porter StemFilter, applied only to ASCII (folded Latin) words, with a faster cache.

    While ``UNSTEMMED.words`` is a set, each word is also added to it as it was before stemming:
    the spelling words of the text, which Whoosh would otherwise get by analysing it again."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        """Stem each ASCII token that is not a stop word or a protected word."""
        ignore = self.ignore
        seen = UNSTEMMED.words
        if seen is not None:
            UNSTEMMED.ran = True
        for token in tokens:
            text = token.text
            if seen is not None:
                seen.add(text)
            if not token.stopped and text.isascii() and text not in ignore:
                token.text = _stem(text)
            yield token


def ArchiveAnalyzer(
    stopwords: Iterable[str] | None = None,
    bigram_scripts: tuple[str, ...] = DEFAULT_BIGRAM_SCRIPTS,
    stem: bool = True,
) -> Any:
    """The analyzer for title, section and body fields (*stopwords* None: the shipped list)."""
    stops = default_stopwords() if stopwords is None else frozenset(stopwords)
    chain = IcuTokenizer(bigram_scripts) | FoldFilter() | StopFilter(stops)
    if stem:
        chain = chain | LatinStemFilter(ignore=PROTECTED)
    return chain


# Analyzers by the name an interface language declares (crossings.languages.Language.analyzer).
# One serves every language today: ICU words, bigrams and folding cover each script of the region.
ANALYZERS = {"archive": ArchiveAnalyzer}

_DEFAULT: list[Any] = []


def analyze(text: str, mode: str = "query", analyzer: Any = None) -> list[str]:
    """The terms of *text* as a query (``mode="index"``: as indexed), with the default analyzer."""
    if analyzer is None:
        if not _DEFAULT:
            _DEFAULT.append(ArchiveAnalyzer())
        analyzer = _DEFAULT[0]
    return [token.text for token in analyzer(text, mode=mode)]


# One posting of a text as Whoosh's ``FieldType.index`` yields it: (term as UTF-8, frequency,
# weight, the format's encoded positions).
Posting = tuple[bytes, int, float, bytes]


def index_terms(analyzer: Any, fmt: Any, value: Any) -> tuple[list[Posting], list[str] | None] | None:
    """What ``FieldType.index(value)`` yields for a text field analysed by *analyzer* in format
    *fmt*, and the text's unstemmed words (sorted; None when the chain has no stemmer), in one
    pass. None when *analyzer* is not an archive analyzer (:func:`ArchiveAnalyzer`) or *fmt* is
    not one of the index's packed formats (its ``stride``: 1 number per occurrence for
    positions, 3 with character offsets; crossings.search.engine.formats, a layer above this
    one, which encodes the values): the caller then takes Whoosh's own path.

    Whoosh sends each token through one generator per filter (tokenizer, folding, stop words,
    stemmer) and then groups the tokens by text; here every piece of the tokenizer goes through
    the same steps in one loop, giving the same postings in the same order: text folded, stop
    words that own their position dropped and the positions after them moved back, ASCII words
    stemmed unless protected, positions (with character offsets when the stride is 3) per term in
    order of first appearance. A text on the tokenizer's fast path (no character pairs: most of
    them) is read from its word spans directly, without making the tokenizer's pieces."""
    chain = _archive_chain(analyzer)
    stride = getattr(fmt, "stride", None)
    if chain is None or stride not in (1, 3) or not isinstance(value, str):
        return None
    scripts, stops, protected = chain
    words = _word_table(stops, protected)
    spans = word_spans(value, scripts)
    if spans is None:
        places_of, unstemmed = _places_of_pieces(cut_pieces(value, scripts), words, stops, protected, stride)
    else:
        places_of, unstemmed = _places_of_words(value, spans, words, stops, protected, stride)
    boost = fmt.field_boost
    encode = fmt.encode
    postings = [
        (term, len(places), float(len(places)) * boost, encode(places)) for term, places in places_of.items()
    ]
    return postings, (sorted(unstemmed) if protected is not None else None)


def _places_of_pieces(
    cut: list[Piece],
    words: dict[str, Word],
    stops: frozenset[str],
    protected: frozenset[str] | None,
    stride: int,
) -> tuple[dict[bytes, list[Any]], set[str]]:
    """The places of each term of the tokenizer's pieces *cut* (in order of first appearance),
    and their unstemmed words."""
    with_chars = stride == 3
    places_of: dict[bytes, list[Any]] = {}
    unstemmed: set[str] = set()
    gap = 0
    for piece, start, end, pos, solo in cut:
        word = words.get(piece)
        if word is None:
            word = _word(piece, stops, protected, words)
        folded, term, stop = word
        if solo and stop:
            gap += 1
            continue
        unstemmed.add(folded)
        place = (pos - gap, start, end) if with_chars else pos - gap
        known = places_of.get(term)
        if known is None:
            places_of[term] = [place]
        else:
            known.append(place)
    return places_of, unstemmed


def unstemmed_words(analyzer: Any, value: Any) -> set[str] | None:
    """The unstemmed words :func:`index_terms` gives for *value* (the spelling words an index
    writer files for it), without its postings: what a purge asks of each live section it reads
    again. None when :func:`index_terms` gives none (not an archive analyzer with a stemmer, or
    not a text): the caller then asks Whoosh's ``spellable_words``."""
    chain = _archive_chain(analyzer)
    if chain is None or chain[2] is None or not isinstance(value, str):
        return None
    scripts, stops, protected = chain
    words = _word_table(stops, protected)
    spelled = _spelled_table(stops)
    found: set[str] = set()
    for piece, _, _, _, solo in cut_pieces(value, scripts):
        word: tuple[str, Any, bool] | None = words.get(piece)
        if word is None:
            word = spelled.get(piece)
            if word is None:  # folded and tested, not stemmed: a spelling word is unstemmed
                folded = fold(piece)
                word = spelled[piece] = (folded, None, folded in stops)
        if not (solo and word[2]):  # (a stop word that owns its position gives no word)
            found.add(word[0])
    return found


def _places_of_words(
    text: str,
    spans: list[tuple[int, int]],
    words: dict[str, Word],
    stops: frozenset[str],
    protected: frozenset[str] | None,
    stride: int,
) -> tuple[dict[bytes, list[Any]], set[str]]:
    """:func:`_places_of_pieces` for a text on the tokenizer's fast path (``segment.word_spans``),
    its spans read directly: which span is a word, as what it becomes, is looked up by its text
    (_NOT_WORDS holds the spaces and punctuation), and each piece is a word that owns its
    position, so a stop word only leaves the numbering."""
    with_chars = stride == 3
    places_of: dict[bytes, list[Any]] = {}
    unstemmed: set[str] = set()
    look_up = words.get
    not_words = _NOT_WORDS
    if len(not_words) > _WORD_TABLE_SIZE:
        not_words.clear()
    pos = 0
    for start, end in spans:
        piece = text[start:end]
        word = look_up(piece)
        if word is None:
            if piece in not_words:
                continue
            if not is_word(piece):
                not_words.add(piece)
                continue
            word = _word(piece, stops, protected, words)
        folded, term, stop = word
        if stop:
            continue
        unstemmed.add(folded)
        place = (pos, start, end) if with_chars else pos
        pos += 1
        known = places_of.get(term)
        if known is None:
            places_of[term] = [place]
        else:
            known.append(place)
    return places_of, unstemmed


# The texts of spans that are not words (spaces, punctuation): one set, whatever the chain.
_NOT_WORDS: set[str] = set()
# What each piece of text becomes, per chain (stop words, protected words): (folded, term as
# UTF-8, whether the folded text is a stop word). A piece repeats across texts (a Zipfian
# vocabulary); its folding, stop-word test and stemming are done once. Kept with the two sets
# it was made with.
Word = tuple[str, bytes, bool]
_WORD_TABLES: dict[tuple[int, int], tuple[frozenset[str], frozenset[str] | None, dict[str, Word]]] = {}
_WORD_TABLE_SIZE = 200_000


def _word_table(stops: frozenset[str], protected: frozenset[str] | None) -> dict[str, Word]:
    """The table of pieces for one chain's stop words and protected words."""
    key = (id(stops), id(protected))
    kept = _WORD_TABLES.get(key)
    if kept is None or kept[0] is not stops or kept[1] is not protected:
        kept = _WORD_TABLES[key] = (stops, protected, {})
    if len(kept[2]) > _WORD_TABLE_SIZE:
        kept[2].clear()
    return kept[2]


def _spelled_table(stops: frozenset[str]) -> dict[str, tuple[str, None, bool]]:
    """The pieces :func:`unstemmed_words` met that the table of :func:`_word_table` did not hold,
    per set of stop words: each one folded and tested against the stop words, not stemmed (a
    purge reads about 150 live sections again for their spelling words, and stemming was a
    third of its analysing). Kept apart: the indexing pass's table holds stemmed terms."""
    kept = _SPELLED_TABLES.get(id(stops))
    if kept is None or kept[0] is not stops:
        kept = _SPELLED_TABLES[id(stops)] = (stops, {})
    if len(kept[1]) > _WORD_TABLE_SIZE:
        kept[1].clear()
    return kept[1]


_SPELLED_TABLES: dict[int, tuple[frozenset[str], dict[str, tuple[str, None, bool]]]] = {}


def _word(
    piece: str, stops: frozenset[str], protected: frozenset[str] | None, table: dict[str, Word]
) -> Word:
    """What *piece* becomes: folded (FoldFilter), tested against the stop words (StopFilter, on the
    folded text), stemmed when ASCII and not protected (LatinStemFilter; no stemmer: None)."""
    folded = fold(piece)
    term = folded
    if protected is not None and folded.isascii() and folded not in protected:
        term = _stem(folded)
    word = table[piece] = (folded, term.encode("utf-8"), folded in stops)
    return word


_ARCHIVE_CHAIN = (IcuTokenizer, FoldFilter, StopFilter)


def _archive_chain(analyzer: Any) -> tuple[tuple[str, ...], frozenset[str], frozenset[str] | None] | None:
    """The bigram scripts, folded stop words and protected words (None: no stemmer) of an
    analyzer made by :func:`ArchiveAnalyzer`; None for any other analyzer (another filter, or
    one of these subclassed, may change what a token becomes)."""
    if type(analyzer) is not CompositeAnalyzer:
        return None
    items = analyzer.items
    kinds = tuple(type(item) for item in items)
    if kinds not in (_ARCHIVE_CHAIN, (*_ARCHIVE_CHAIN, LatinStemFilter)):
        return None
    protected = items[3].ignore if len(items) == 4 else None  # a frozenset (StemFilter's)
    return items[0].bigram_scripts, items[2].stops, protected
