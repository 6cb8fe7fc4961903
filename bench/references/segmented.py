"""What the references (FTS5, tantivy) are given so that they answer the same questions as crossings.

Neither engine breaks Chinese or Thai into words: FTS5's trigram tokenizer cannot match a
two-character term at all (SQLite 3.40's LIKE fallback found nothing), and tantivy's tokenizers
take a run of Han or Thai letters for one word. So every text holding Han, kana, Hangul or Thai
is cut here with the project's own tokenizer (crossings.search.text.segment, what the Whoosh index
uses: ICU words, and overlapping character pairs over Han, kana and Hangul runs, as a query
gets them) and its pieces joined by spaces; each engine's own word tokenizer then only splits
at those spaces. English text is left to the engine's own tokenizer and stemmer, as a user of
that engine would leave it. A typed query word is cut the same way: several pieces become a
phrase of them, as crossings reads such a word.

A Thai word is also looked for inside the longer words of the text, and a phrase of Thai words
may start inside one word and end inside another (``inside_words``), as crossings does.

Stop words: crossings drops the project's stop words from queries (crossings.search.text.stopwords);
``query_parts`` does too, so that "family and" asks the references for "family" as crossings does.
"""

from __future__ import annotations

import re
from functools import cache

from crossings.search.text.fold import fold
from crossings.search.text.scripts import THAI, char_class, dictionary_script
from crossings.search.text.segment import DEFAULT_BIGRAM_SCRIPTS, pieces
from crossings.search.text.stopwords import default_stopwords

# The scripts whose text the references get cut: the bigram scripts and Thai.
_UNSPACED = re.compile(f"[{char_class((*DEFAULT_BIGRAM_SCRIPTS, THAI))}]")


def unspaced(text: str) -> bool:
    """Whether *text* holds a character of a script written without spaces between words."""
    return _UNSPACED.search(text) is not None


def segment(text: str) -> str:
    """*text* with its Chinese, Japanese, Korean and Thai cut into words joined by spaces (as the
    project's tokenizer cuts a query); a text without such characters is returned as it is."""
    if not unspaced(text):
        return text
    return " ".join(piece[0] for piece in pieces(text, DEFAULT_BIGRAM_SCRIPTS, query=True))


def inside_words(part: str) -> bool:
    """Whether crossings also finds the query piece *part* inside longer words of the text: a
    Thai (Lao, Khmer, Burmese) word, which ICU may have kept inside a longer one (การ in
    การประชุม; crossings.search.plan.prepare): the references then look for it inside their words too."""
    return dictionary_script(part)


@cache
def _stops() -> frozenset[str]:
    """The project's shipped stop words."""
    return default_stopwords()


def query_parts(words: tuple[str, ...] | list[str]) -> list[str]:
    """The pieces the references look for, in order, for typed *words* (a phrase when several):
    Chinese and Thai words cut as the index cuts them, stop words left out."""
    parts: list[str] = []
    for word in words:
        cut = [p[0] for p in pieces(word, DEFAULT_BIGRAM_SCRIPTS, query=True)] if unspaced(word) else [word]
        parts += [part for part in cut if fold(part) not in _stops()]
    return parts
