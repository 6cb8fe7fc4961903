"""Reading citation files back the way reference managers and citation processors do."""

from __future__ import annotations

import json
import warnings

import bibtexparser
from bibtexparser.middlewares import MonthIntMiddleware
from citeproc import Citation as CiteprocCitation
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

# A standard style bundled with citeproc-py (Harvard, Cite Them Right): author, year, title,
# proceedings, place: publisher, "Available at:" URL.
STYLE = "harvard-cite-them-right"


def read_bibtex_entries(text: str) -> list[dict[str, object]]:
    """Every entry of *text* as bibtexparser reads it, with BibTeX's month macros resolved to
    numbers; nothing else in the file (no comment, string, preamble or failed block)."""
    library = bibtexparser.parse_string(text, append_middleware=[MonthIntMiddleware(True)])
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    assert len(library.blocks) == len(library.entries), text
    return [
        {field.key: field.value for field in entry.fields} | {"ID": entry.key, "ENTRYTYPE": entry.entry_type}
        for entry in library.entries
    ]


def render_csl(text: str) -> list[str]:
    """The bibliography entries citeproc-py renders from a CSL-JSON array, in plain text."""
    items = json.loads(text)
    with warnings.catch_warnings():
        # citeproc-py implements CSL 1.0.1, which called event-title "event": it says so and skips it.
        warnings.filterwarnings("ignore", "The following arguments for Reference are unsupported")
        source = CiteProcJSON(items)
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(STYLE, validate=False), source, formatter.plain
    )
    for item in items:
        bibliography.register(CiteprocCitation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]
