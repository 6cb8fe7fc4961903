"""The offline search index: the service's own analysis run at bundle time, kept per document.

The browser cannot run ICU, OpenCC or the Porter stemmer the way the service does, so the bundle
does that work here, once, with the very analyzer the Whoosh index is built with
(``SearchSettings.analyzer``): every term of every title, section heading and body goes into a
table of documents per term. The page then only has to cut a query into the same terms, and what
it needs for that is shipped with the table:

- ``stems``: each folded surface word whose query analysis differs from itself (``policing`` ->
  ``polic``), computed by the service's analyzer, so no stemmer runs in the browser;
- ``t2s``: each Traditional character whose Simplified form (OpenCC, as ``fold``) occurs in the
  index, so a Traditional query finds Simplified text and the reverse;
- ``stops``: the stop words the analyzer drops from a query.

Han, Hangul and kana runs are cut into bigrams in the browser as the service's tokenizer does;
Thai, Lao, Khmer and Burmese words are cut by the longest terms of the index (see the script).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crossings.search.engine.schema import TEXT_FIELDS
from crossings.search.text.analysis import ArchiveAnalyzer, analyze
from crossings.search.text.fold import fold, simplify_char
from crossings.search.text.scripts import DICTIONARY_SCRIPTS, ranges
from crossings.search.text.segment import DEFAULT_BIGRAM_SCRIPTS
from crossings.search.text.stopwords import default_stopwords

# The Han blocks whose Traditional characters are looked up (unified, extension A, compatibility).
HAN_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
INDEX_VARIABLE = "CROSSINGS_OFFLINE_INDEX"


@dataclass
class OfflineIndex:
    """Documents and the terms that find them, as the bundle's search page loads them."""

    lang: str
    docs: list[dict[str, str]] = field(default_factory=list)
    terms: dict[str, list[int]] = field(default_factory=dict)
    stems: dict[str, str] = field(default_factory=dict)
    t2s: dict[str, str] = field(default_factory=dict)
    stops: list[str] = field(default_factory=list)
    bigram: list[tuple[int, int]] = field(default_factory=list)
    synonyms: dict[str, list[list[str]]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (keys sorted so that two bundles of one site are byte-identical)."""
        return {
            "v": 1,
            "lang": self.lang,
            "docs": self.docs,
            "terms": dict(sorted(self.terms.items())),
            "stems": dict(sorted(self.stems.items())),
            "t2s": dict(sorted(self.t2s.items())),
            "stops": sorted(self.stops),
            "syn": dict(sorted(self.synonyms.items())),
            "bigram": self.bigram,
            "dictionary": ranges(DICTIONARY_SCRIPTS),
        }

    def script(self) -> str:
        """A JavaScript file setting one global: fetch() of file:// is refused, <script> is not.

        The data goes through ``JSON.parse`` rather than being written as an object literal: in a
        literal a ``"__proto__"`` key (a word of the archive, say in a paper on software) would
        replace the table's prototype instead of being one of its terms.
        """
        data = json.dumps(self.as_dict(), ensure_ascii=False, separators=(",", ":"))
        return f"window.{INDEX_VARIABLE}=JSON.parse({_js_string(data)});\n"


def _js_string(text: str) -> str:
    """*text* as a single-quoted JavaScript string (JSON text holds many double quotes, few single)."""
    escaped = text.replace("\\", "\\\\").replace("'", "\\'")
    escaped = (
        escaped.replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return f"'{escaped}'"


def read_records(corpus: Path) -> Iterator[dict[str, Any]]:
    """The section records of one language's corpus (JSON Lines written by the site build)."""
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def build_offline_index(records: Iterable[dict[str, Any]], lang: str, settings: Any) -> OfflineIndex:
    """The offline index of *records*, analysed as the service's index of *settings* is."""
    analyzer = settings.analyzer() if settings is not None else ArchiveAnalyzer()
    surface = _surface_analyzer(settings)
    index = OfflineIndex(lang)
    numbers: dict[str, int] = {}
    postings: dict[str, set[int]] = {}
    words: set[str] = set()
    for record in records:
        url = str(record.get("url", "")).split("#", 1)[0]
        if url not in numbers:
            numbers[url] = len(index.docs)
            index.docs.append(
                {
                    "i": str(record.get("id", "")),
                    "u": url,
                    "t": str(record.get("title", "")),
                    "l": str(record.get("language", "")),
                }
            )
        number = numbers[url]
        text = "\n".join(_field_text(record, name) for name in TEXT_FIELDS)
        for term in analyze(text, mode="index", analyzer=analyzer):
            postings.setdefault(term, set()).add(number)
        words.update(token.text for token in surface(text, mode="index"))
    index.terms = {term: sorted(docs) for term, docs in postings.items()}
    index.stems = _stems(words, analyzer)
    index.t2s = _traditional(postings)
    stops = settings.all_stopwords if settings is not None else default_stopwords()
    index.stops = sorted({fold(word) for word in stops})
    index.synonyms = _synonyms(settings)
    index.bigram = ranges(settings.bigram_scripts if settings is not None else DEFAULT_BIGRAM_SCRIPTS)
    return index


def _field_text(record: dict[str, Any], name: str) -> str:
    """The text of one index field of a corpus record (``body`` is the record's ``text``)."""
    return str(record.get("text" if name == "body" else name, "") or "")


def _surface_analyzer(settings: Any) -> Any:
    """The service's chain without stemming: the folded words as a reader types them."""
    if settings is None:
        return ArchiveAnalyzer(stem=False)
    return ArchiveAnalyzer(
        stopwords=settings.all_stopwords, bigram_scripts=settings.bigram_scripts, stem=False
    )


def _stems(words: Iterable[str], analyzer: Any) -> dict[str, str]:
    """Each ASCII word whose query analysis is another single term (its Porter stem)."""
    stems: dict[str, str] = {}
    for word in words:
        if not word.isascii():
            continue
        terms = analyze(word, mode="query", analyzer=analyzer)
        if len(terms) == 1 and terms[0] != word:
            stems[word] = terms[0]
    return stems


def _synonyms(settings: Any) -> dict[str, list[list[str]]]:
    """The search settings' synonym groups: each analysed term sequence (joined by spaces) and
    the other sequences of its groups, which a query holding it also looks for."""
    table: dict[str, list[list[str]]] = {}
    for group in getattr(getattr(settings, "synonyms", None), "groups", ()):
        for terms in group.terms:
            others = table.setdefault(" ".join(terms), [])
            others += [list(other) for other in group.terms if other != terms and list(other) not in others]
    return {key: value for key, value in table.items() if key and value}


def _traditional(postings: dict[str, set[int]]) -> dict[str, str]:
    """Traditional characters whose Simplified form occurs in some term of the index."""
    present = {char for term in postings for char in term if ord(char) > 0x2FFF}
    table: dict[str, str] = {}
    for low, high in HAN_BLOCKS:
        for code in range(low, high + 1):
            char = chr(code)
            simple = simplify_char(char)
            if simple != char and simple in present:
                table[char] = simple
    return table
