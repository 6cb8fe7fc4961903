"""A line after a hard line break (Shift+Enter in Word or Writer) stays text whatever it starts with.

Each line below would otherwise be MyST syntax at the start of a line: a list, a heading, a
quote, a table row, a ::: fence, a % comment, a (target), a block break, a setext underline.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from odf.opendocument import OpenDocumentText
from odf.text import LineBreak, P

from crossings.catalog.model import DocumentMeta
from crossings.ingest.convert import convert
from tests.ingest.myst_tokens import tokens, unsafe

LINES = [
    "# Heading", "- item", "1. one", "10) ten", "> quote", "| a | b |", "::: note", "+ plus",
    "* star", "% comment", "(target)=", "===", "---", "___", "~~~ fence", "```{raw} html",
    ": definition", "$$", "+++", "[x]: https://example.org", "   - indented item", "<div>",
]  # fmt: skip


def _docx() -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph("Start")
    for line in LINES:
        paragraph.add_run().add_break()
        paragraph.add_run(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _odt() -> bytes:
    document = OpenDocumentText()
    paragraph = P(text="Start")
    for line in LINES:
        paragraph.addElement(LineBreak())
        paragraph.addText(line)
    document.text.addElement(paragraph)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


@pytest.mark.parametrize("make", [_docx, _odt], ids=["docx", "odt"])
def test_lines_after_a_hard_break_stay_text(make: object, tmp_path: Path) -> None:
    assert callable(make)
    meta = DocumentMeta(id="breaks", title="Breaks", type="paper", file="breaks")
    body = convert(make(), tmp_path, "reports/breaks", meta, now="2001-01-01T00:00:00Z").body
    assert unsafe(body, "breaks") == []
    blocks = [t.type for t in tokens(body) if t.block and t.nesting == 1]
    assert blocks == ["heading_open", "paragraph_open"], body
    text = "".join(t.content for t in tokens(body) if t.type == "text")
    for line in LINES:
        assert line.strip() in text, line
