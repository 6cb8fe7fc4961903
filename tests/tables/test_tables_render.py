"""Tables are never dropped: header-only, merged-cell and nested tables of Word and HTML originals
reach the site with every cell, through a real ingest (pandoc) and a real Sphinx build."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.ingest.archives import make_archive, row
from tests.serving import CROSSINGS
from tests.sphinx.htmltools import Element, Page, read
from tests.tables.originals import HTML_CELLS, HTML_TABLES, docx_header_only, docx_merged, docx_nested

pytestmark = pytest.mark.slow
HEADER_ONLY, HEADER_CELLS = docx_header_only()
MERGED, MERGED_CELLS = docx_merged()
NESTED, NESTED_CELLS = docx_nested()
EXPECTED = {
    "word-header-only": HEADER_CELLS,
    "word-merged": MERGED_CELLS,
    "word-nested": NESTED_CELLS,
    "web-tables": HTML_CELLS,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four originals ingested and built; the English site's output folder."""
    root = make_archive(
        tmp_path_factory.mktemp("tables") / "archive",
        {
            "head.docx": HEADER_ONLY,
            "merged.docx": MERGED,
            "nested.docx": NESTED,
            "tables.html": HTML_TABLES.encode(),
        },
        [
            row("head.docx", "word-header-only"),
            row("merged.docx", "word-merged"),
            row("nested.docx", "word-nested"),
            row("tables.html", "web-tables"),
        ],
    )
    for command in (["ingest"], ["build", "html"]):
        done = subprocess.run([CROSSINGS, *command, "--archive", str(root)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr  # no docutils error, no lost table
    return root / "build" / "public" / "html" / "en"


def cells(page: Page) -> list[Element]:
    """Every table cell of the page's article."""
    return [e for e in page.elements if e.tag in {"td", "th"} and any(p.tag == "table" for p in e.parents)]


def own_text(cell: Element, page: Page) -> str:
    """A cell's text without the text of tables nested in it."""
    text = cell.text
    for inner in cells(page):
        if cell in inner.parents:
            text = text.replace(inner.text, "", 1)
    return " ".join(text.split())


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_every_cell_of_the_original_is_a_cell_of_the_page(site: Path, doc_id: str) -> None:
    page = read(site / "documents" / f"{doc_id}.html")
    texts = [own_text(cell, page) for cell in cells(page)]
    for expected in EXPECTED[doc_id]:
        assert texts.count(expected) == 1, (expected, texts)


def test_merged_cells_keep_the_grid(site: Path) -> None:
    page = read(site / "documents" / "word-merged.html")
    rows = page.find("tr")
    assert [len([c for c in cells(page) if c.parents[-1] is r]) for r in rows] == [3, 3, 3]
    first_row = [own_text(c, page) for c in cells(page) if c.parents[-1] is rows[0]]
    assert first_row == ["Merged across", "", "Top right"]  # the spanned slot stays, empty


@pytest.mark.parametrize(
    ("doc_id", "outer", "inner"),
    [("word-nested", "Outer r2c2", "Inner r1c1"), ("web-tables", "HtmlOuter one", "HtmlInner one")],
)
def test_a_nested_table_stays_inside_its_cell(site: Path, doc_id: str, outer: str, inner: str) -> None:
    page = read(site / "documents" / f"{doc_id}.html")
    inner_cell = next(c for c in cells(page) if own_text(c, page) == inner)
    holders = [p for p in inner_cell.parents if p.tag in {"td", "th"}]
    assert holders, "the inner table is not inside a cell"
    outer_table = next(p for p in reversed(holders[0].parents) if p.tag == "table")
    assert any(own_text(c, page) == outer for c in cells(page) if outer_table in c.parents)
