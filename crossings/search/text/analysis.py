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

from whoosh.analysis import StemFilter, Token
from whoosh.lang.porter import stem as porter_stem

from crossings.search.text.fold import FoldFilter, StopFilter, fold
from crossings.search.text.segment import DEFAULT_BIGRAM_SCRIPTS, IcuTokenizer
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
