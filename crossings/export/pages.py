"""The pages each document spans in the PDF proceedings, read from the LaTeX build's .aux file.

The book marks the first page of every document (``documents/<id>:crossings-doc``) and its last
(``...:crossings-doc-end``, crossings.sphinx.latex); LaTeX writes both pages into
``proceedings.aux``. They are taken only from a finished book (its PDF written after the .aux),
in arabic numerals, with both ends present and in order; otherwise a document has no pages and
the deposit leaves them out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from crossings.archive import Archive
from crossings.languages import Language

BOOK = "proceedings"
_NUMBER = re.compile("[0-9]+")
# \newlabel{documents/<id>:crossings-doc[-end]}{{<number>}{<page>}{<title>}...
_LABEL = re.compile(
    r"^\\newlabel\{documents/([a-z0-9-]+):crossings-doc(-end)?\}\{\{[^{}]*\}\{([^{}]*)\}", re.M
)


@dataclass(frozen=True)
class Pages:
    """Where the page numbers come from, and the first and last page of each document."""

    source: str  # the .aux read ('' when no finished book was found)
    spans: dict[str, tuple[str, str]]


def book_aux(archive: Archive, language: Language) -> Path:
    """build/public/latex/<lang>/proceedings.aux."""
    return archive.edition_dir("public") / "latex" / language.folder / f"{BOOK}.aux"


def read_pages(archive: Archive, language: Language) -> Pages:
    """The pages of every document in the public book of *language* (none when it was not built)."""
    aux = book_aux(archive, language)
    pdf = aux.with_suffix(".pdf")
    if not aux.is_file() or not pdf.is_file() or pdf.stat().st_mtime < aux.stat().st_mtime:
        return Pages("", {})
    return Pages(str(aux), parse_aux(aux.read_text(encoding="utf-8", errors="replace")))


def parse_aux(text: str) -> dict[str, tuple[str, str]]:
    """First and last page of each document labelled in an .aux text."""
    starts: dict[str, str] = {}
    ends: dict[str, str] = {}
    for match in _LABEL.finditer(text):
        (ends if match.group(2) else starts)[match.group(1)] = match.group(3).strip()
    spans = {}
    for doc_id, first in starts.items():
        last = ends.get(doc_id, "")
        if _NUMBER.fullmatch(first) and _NUMBER.fullmatch(last) and int(first) <= int(last):
            spans[doc_id] = (first, last)
    return spans
