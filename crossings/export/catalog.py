"""The public catalog: one row per document of the public edition, with the fields a reader may have.

The rows come from the staged front matter of the public edition (the catalog's values, every
withheld name replaced by its marker), never from reports/catalog.csv itself, which holds the
names the public edition withholds. Two columns stay out: ``file`` (the name and folder of the
file a contributor sent, which can name a person or an organisation's drive) and ``encoding``
(how ingest read a legacy text: bookkeeping of the conversion, nothing about the document).
"""

from __future__ import annotations

import csv
import io

from crossings.catalog.model import COLUMNS
from crossings.export.public import PublicDocument

LEFT_OUT = ("file", "encoding")
PUBLIC_COLUMNS = tuple(column for column in COLUMNS if column not in LEFT_OUT)


def cell(document: PublicDocument, column: str) -> str:
    """One cell as catalog.csv spells it (lists ``;``-separated)."""
    value = document.meta.get(column)
    if isinstance(value, list | tuple):
        return ";".join(str(item) for item in value)
    return "" if value is None else str(value)


def public_catalog(documents: list[PublicDocument]) -> str:
    """catalog.csv of the public edition: the public columns, one row per document."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PUBLIC_COLUMNS)
    for document in documents:
        writer.writerow([cell(document, column) for column in PUBLIC_COLUMNS])
    return out.getvalue()
