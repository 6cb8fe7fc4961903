"""Sphinx's own static search (searchindex.js) for Chinese, Thai and English alike.

Sphinx splits words on ``\\w+``: Chinese and Thai, written without spaces, become one "word" per
sentence and nothing is found. Its ``zh`` language needs jieba and breaks the search page on
Sphinx 9.0.4 (sphinx#14229); it has no Thai. This search language replaces them for every
build language:

- index time (Python): ICU word breaking (icu4py). Han runs are indexed as single characters and
  overlapping character bigrams instead of ICU's words, so that the index does not depend on
  which ICU version cut the words; Thai and other scripts keep ICU's words. English words are
  stemmed as Sphinx's English search does; Latin words lose their accents first, so that a
  Vietnamese word is found with or without its marks (as in crossings.search.text.fold).
- query time (the browser): ``Intl.Segmenter`` splits the query in the page's language; a Han
  word of two or more characters becomes its bigrams (searchtools.js requires every term), a
  single Han character stays itself. Latin words are folded the same way and use Sphinx's English
  stemmer, others none.
"""

from __future__ import annotations

from collections.abc import Iterator

from sphinx.application import Sphinx
from sphinx.search import _MINIFIED_JS_PATH
from sphinx.search.en import SearchEnglish

from crossings.search.text.fold import strip_accents
from crossings.search.text.scripts import is_latin
from crossings.search.text.segment import icu_segments

# Unified ideographs, extension A, compatibility ideographs, 〇 and 々 (BMP; extensions B+ are rare).
HAN_RANGES = ((0x3005, 0x3007), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x323AF))

JS_SPLITTER = r"""
/* crossings: words by Intl.Segmenter in the page's language; Han words as character bigrams. */
var crossingsIsHan = (ch) => /\p{Script=Han}/u.test(ch);
var crossingsHanPieces = (word) => {
  const chars = Array.from(word);
  if (chars.length < 2) return chars;
  const out = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  return out;
};
var splitQuery = (query) => {
  let words;
  if (typeof Intl !== "undefined" && Intl.Segmenter) {
    const lang = document.documentElement.lang || undefined;
    const segmenter = new Intl.Segmenter(lang, { granularity: "word" });
    words = Array.from(segmenter.segment(query)).filter((s) => s.isWordLike).map((s) => s.segment);
  } else {
    words = query.split(/[^\p{Letter}\p{Number}_]+/u).filter((term) => term);
  }
  const terms = [];
  for (const word of words) {
    let han = "";
    let other = "";
    for (const ch of Array.from(word)) {
      if (crossingsIsHan(ch)) {
        if (other) { terms.push(other); other = ""; }
        han += ch;
      } else {
        if (han) { terms.push(...crossingsHanPieces(han)); han = ""; }
        other += ch;
      }
    }
    if (han) terms.push(...crossingsHanPieces(han));
    if (other) terms.push(other);
  }
  return terms;
};
"""

JS_STEMMER_WRAPPER = """
/* crossings: Latin words lose their accents (mại dâm -> mai dam) as in crossings.search.text.fold; then
   the English stemmer for ASCII words, other words unchanged (as at index time). */
var crossingsLetters = { "đ": "d", "ð": "d", "ø": "o", "ł": "l", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe" };
var crossingsFold = (word) => {
  if (!/\\p{Script=Latin}/u.test(word)) return word;
  const bare = word.normalize("NFD").replace(/(\\p{Script=Latin})\\p{M}+/gu, "$1").normalize("NFC");
  return bare.replace(/[đðøłħıæœ]/g, (ch) => crossingsLetters[ch]);
};
var Stemmer = function () {
  const english = new EnglishStemmer();
  this.stemWord = (word) => {
    const folded = crossingsFold(word);
    return /^[\\x00-\\x7f]+$/.test(folded) ? english.stemWord(folded) : folded;
  };
};
"""


def is_han(char: str) -> bool:
    """True for a Han ideograph."""
    code = ord(char)
    return any(low <= code <= high for low, high in HAN_RANGES)


def han_pieces(run: str) -> list[str]:
    """Index terms of a run of Han characters: every character and every bigram."""
    return [*run, *(run[i : i + 2] for i in range(len(run) - 1))]


def index_terms(text: str) -> Iterator[str]:
    """Index terms of *text*: ICU words, Han runs (across ICU words) as characters and bigrams."""
    run: list[str] = []
    for start, end in icu_segments(text):
        segment = text[start:end]
        if not any(ch.isalnum() for ch in segment):
            if run and not segment.isspace():
                yield from han_pieces("".join(run))
                run = []
            continue
        rest = ""
        for char in segment:
            if is_han(char):
                if rest:
                    yield rest
                    rest = ""
                run.append(char)
                continue
            if run:
                yield from han_pieces("".join(run))
                run = []
            rest += char
        if rest:
            yield rest
    if run:
        yield from han_pieces("".join(run))


def _stemmer_js() -> str:
    """Sphinx's minified English stemmer with the wrapper that leaves other scripts alone."""
    base = (_MINIFIED_JS_PATH / "base-stemmer.js").read_text(encoding="utf-8")
    english = (_MINIFIED_JS_PATH / "english-stemmer.js").read_text(encoding="utf-8")
    return f"{base}\n{english}\n{JS_STEMMER_WRAPPER}"


class IcuSearch(SearchEnglish):
    """A search language for mixed English, Chinese and Thai text (see the module docstring)."""

    lang = "en"
    language_name = "English"
    js_stemmer_rawcode = ""
    js_splitter_code = JS_SPLITTER
    js_stemmer_code = _stemmer_js()

    def split(self, input: str) -> list[str]:
        """Words and Han bigrams of *input*."""
        return list(index_terms(input))

    def stem(self, word: str) -> str:
        """Latin words without accents (as the browser folds the query), then English stemming for
        ASCII words; other words only lower-cased."""
        word = word.lower()
        if is_latin(word):
            word = strip_accents(word)
        if word.isascii():
            return super().stem(word)
        return word


def search_language(sphinx_code: str) -> type[IcuSearch]:
    """An IcuSearch subclass registered under one Sphinx language code."""
    return type(
        f"IcuSearch_{sphinx_code}",
        (IcuSearch,),
        {"lang": sphinx_code, "__module__": __name__},
    )


def register(app: Sphinx, sphinx_codes: list[str]) -> None:
    """Use the ICU search language for every given Sphinx language code."""
    for code in sphinx_codes:
        app.add_search_language(search_language(code))
