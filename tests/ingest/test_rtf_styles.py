"""RTF style names never reach the body, however unusual the style sheet (sample RTF written here).

Each input made pandoc print a style's name as body text before crossings.ingest.rtfstyles.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crossings.catalog.model import DocumentMeta
from crossings.ingest.convert import convert
from crossings.ingest.rtfstyles import clean_stylesheet

HEAD = rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Arial;}}"
BODY = rb"\pard\plain\s1\outlinelevel0\b Sample heading\par\pard\plain Sample body text of the report.\par}"
HEADING_STYLE = rb"{\s1\outlinelevel0\b\sbasedon0\snext0 heading 1;}"
SHEETS = {
    # \stylesheet as a bare word: its entries would belong to the whole document's group.
    "bare": rb"\stylesheet{\s0 Normal;}" + HEADING_STYLE + rb"{\s2 Leaky Paragraph Style;}",
    # A keyboard shortcut between the words of a character style's name.
    "keycode-in-name": rb"{\stylesheet{\s0 Normal;}" + HEADING_STYLE
    + rb"{\*\cs10\additive Leaky {\*\keycode \shift\ctrl k} Character Style;}}",
    # A keyboard shortcut written without \*.
    "keycode-plain": rb"{\stylesheet{\s0 Normal;}" + HEADING_STYLE
    + rb"{\*\cs10\additive {\keycode \shift\ctrl q}Leaky Character Style;}}",
}  # fmt: skip


def body_of(data: bytes, tmp_path: Path) -> str:
    """The Markdown body crossings makes of an RTF original (real pandoc)."""
    meta = DocumentMeta(id="styles", title="Styles (sample)", type="paper", language="en")
    return convert(data, tmp_path, "reports/styles.rtf", meta, now="2026-01-01T00:00:00Z").body


@pytest.mark.parametrize("sheet", sorted(SHEETS))
def test_style_names_stay_out_of_the_body(tmp_path: Path, sheet: str) -> None:
    body = body_of(HEAD + SHEETS[sheet] + BODY, tmp_path)
    lines = [line for line in body.splitlines() if line.strip()]
    assert lines == ["# Sample heading", "Sample body text of the report."]  # the heading style still works


def test_a_regular_style_sheet_is_left_as_it_is() -> None:
    data = (
        HEAD
        + rb"{\stylesheet{\s0 Normal;}"
        + HEADING_STYLE
        + rb"{\*\cs10\additive Default Paragraph Font;}}"
        + BODY
    )
    assert clean_stylesheet(data) == data


def test_the_bare_style_sheet_becomes_one_group_and_the_body_stays() -> None:
    cleaned = clean_stylesheet(HEAD + SHEETS["bare"] + BODY)
    assert cleaned == HEAD + b"{\\stylesheet" + SHEETS["bare"][len(b"\\stylesheet") :] + b"}" + BODY


def test_an_unclosed_style_sheet_is_not_touched() -> None:
    data = HEAD + rb"{\stylesheet{\s0 Normal;}{\s1 {\*\keycode k}Heading;}"
    assert clean_stylesheet(data) == data
