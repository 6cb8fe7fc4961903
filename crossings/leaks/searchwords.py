"""Words of withheld documents left in Sphinx's static search index (``searchindex.js``).

The index holds single stemmed words, never the sentences the other needles look for, so a
withdrawn document can stay there word by word (Sphinx keeps a removed page's words as terms of
no document). A word of a withheld document is a leak when the index gives it no document or only
withheld pages; words published pages also use are no evidence and are not counted. A hit is
reported by its count, never by the words themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from crossings import searchindex
from crossings.archive import Archive
from crossings.catalog.access import FrontMatter, Holdings
from crossings.catalog.frontmatter import split
from crossings.sphinx.static_search import IcuSearch


@dataclass
class WithheldWords:
    """The stemmed words of each withheld document, and the pages (docnames) withheld."""

    words: dict[str, set[str]] = field(default_factory=dict)
    pages: set[str] = field(default_factory=set)


def _stemmed(texts: list[str]) -> set[str]:
    """The terms Sphinx's index (crossings.sphinx.static_search) makes of *texts*."""
    language = IcuSearch({})
    return {language.stem(word) for text in texts for word in language.split(text) if word.strip()}


def withheld_words(archive: Archive) -> WithheldWords:
    """Every withheld document's words, by the rules staging applies (crossings.catalog.access)."""
    holdings = Holdings.load(archive)
    found = WithheldWords()
    source = archive.source
    decisions = holdings.decide_all(source, "public") if source.is_dir() else {}
    for relative, decision in decisions.items():
        if decision.held:
            continue
        front = FrontMatter.read(source / relative)
        doc_id = front.text("id") or relative.stem
        body = split((source / relative).read_text(encoding="utf-8", errors="replace"))[1]
        texts = [front.text("title"), front.text("summary"), body]
        found.words.setdefault(doc_id, set()).update(_stemmed(texts))
        found.pages.add(relative.with_suffix("").as_posix())
    for doc_id, rows in holdings.rows.items():
        for row in rows:
            if doc_id and row.values.get("access", "").strip() != "public":
                texts = [row.values.get("title", ""), row.values.get("summary", "")]
                found.words.setdefault(doc_id, set()).update(_stemmed(texts))
    return found


def counts(path: Path, withheld: WithheldWords) -> dict[str, int]:
    """How many words of each withheld document *path* (a searchindex.js) still holds."""
    data = searchindex.read(path)
    if data is None:
        return {}
    names = [str(name) for name in data.get("docnames", [])]
    orphaned: set[str] = set()
    for key in ("terms", "titleterms"):
        mapping = data.get(key, {})
        for term, value in mapping.items() if isinstance(mapping, dict) else ():
            pages = [names[n] for n in searchindex.documents(value) if 0 <= n < len(names)]
            if all(page in withheld.pages for page in pages):  # no page, or withheld pages only
                orphaned.add(term)
    found = {doc_id: len(words & orphaned) for doc_id, words in withheld.words.items()}
    return {doc_id: count for doc_id, count in sorted(found.items()) if count}
