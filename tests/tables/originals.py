"""Originals with tables a pipe table cannot hold (sample text): header-only, merged and nested cells."""

from __future__ import annotations

import io

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table


def _save(document: docx.document.Document) -> bytes:
    """The .docx bytes of *document*."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _fill(table: Table, prefix: str) -> None:
    """Give every cell a text of its own: <prefix> r<row>c<col>."""
    for r, row in enumerate(table.rows, 1):
        for c, cell in enumerate(row.cells, 1):
            cell.text = f"{prefix} r{r}c{c}"


def _repeat_as_header(table: Table) -> None:
    """Word's "repeat as header row at the top of each page" on every row."""
    for row in table.rows:
        properties = row._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        properties.append(header)


def docx_header_only() -> tuple[bytes, list[str]]:
    """A Word table whose every row is a header row, and the texts of its cells."""
    document = docx.Document()
    document.add_paragraph("Sample text: a table of header rows only.")
    table = document.add_table(rows=2, cols=3)
    _fill(table, "HeadOnly")
    _repeat_as_header(table)
    return _save(document), [f"HeadOnly r{r}c{c}" for r in (1, 2) for c in (1, 2, 3)]


def docx_merged() -> tuple[bytes, list[str]]:
    """A Word table with a cell spanning two columns and one spanning two rows."""
    document = docx.Document()
    document.add_paragraph("Sample text: merged cells.")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Merged across"
    table.cell(0, 2).text = "Top right"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Merged down"
    for r, c in ((1, 1), (1, 2), (2, 1), (2, 2)):
        table.cell(r, c).text = f"Merged r{r + 1}c{c + 1}"
    texts = ["Merged across", "Top right", "Merged down"]
    return _save(document), texts + [f"Merged r{r}c{c}" for r in (2, 3) for c in (2, 3)]


def docx_nested() -> tuple[bytes, list[str]]:
    """A Word table with a table inside one of its cells."""
    document = docx.Document()
    document.add_paragraph("Sample text: a table in a table.")
    outer = document.add_table(rows=2, cols=2)
    _fill(outer, "Outer")
    inner = outer.cell(1, 1).add_table(rows=2, cols=2)
    _fill(inner, "Inner")
    texts = [f"Outer r{r}c{c}" for r in (1, 2) for c in (1, 2)]
    return _save(document), texts + [f"Inner r{r}c{c}" for r in (1, 2) for c in (1, 2)]


HTML_TABLES = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Tables</title></head><body>
<p>Sample text: tables of a web page.</p>
<table><thead><tr><th>HtmlHead a</th><th>HtmlHead b</th></tr>
<tr><th>HtmlHead c</th><th>HtmlHead d</th></tr></thead></table>
<table>
<tr><th colspan="2">HtmlSpan across</th><th>HtmlSpan top</th></tr>
<tr><td rowspan="2">HtmlSpan down</td><td>HtmlSpan r2c2</td><td>HtmlSpan r2c3</td></tr>
<tr><td>HtmlSpan r3c2</td><td>HtmlSpan r3c3</td></tr>
</table>
<table><tr><td>HtmlOuter one</td><td><table><tr><td>HtmlInner one</td><td>HtmlInner two</td></tr></table>
</td></tr></table>
</body></html>
"""
HTML_CELLS = [
    *(f"HtmlHead {x}" for x in "abcd"),
    "HtmlSpan across",
    "HtmlSpan top",
    "HtmlSpan down",
    *(f"HtmlSpan r{r}c{c}" for r in (2, 3) for c in (2, 3)),
    "HtmlOuter one",
    "HtmlInner one",
    "HtmlInner two",
]
