"""A page an editor nested thousands deep is refused with its file, line and the limit, never a
traceback or minutes of parsing; the rest of the site is built, and pages within the limit keep
every level (markdown-it alone drops what lies past ten lists)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from crossings.archive import Archive
from crossings.publish.sphinx_build import build_site
from tests.sphinx.conftest import copy_root
from tests.sphinx.htmltools import read

DEEP = 2000
BODIES = {
    "lists": "".join("  " * i + "- x\n" for i in range(DEEP)),
    "quotations": "> " * DEEP + "x\n",
    "colon directives": "".join(":" * (DEEP + 3 - i) + "{note}\n" for i in range(DEEP))
    + "x\n"
    + "".join(":" * (i + 4) + "\n" for i in range(DEEP)),
    "backtick directives": "".join("`" * (DEEP + 3 - i) + "{note}\n" for i in range(DEEP))
    + "x\n"
    + "".join("`" * (i + 4) + "\n" for i in range(DEEP)),
    "emphasis": "*" * DEEP + "x" + "*" * DEEP + "\n",
    "a list in nested notes": "".join(f"{'`' * (20 - i)}{{note}}\n" for i in range(16))
    + "".join("  " * i + "- x\n" for i in range(20))
    + "".join(f"{'`' * (i + 5)}\n" for i in range(16)),
}


def _article(path: Path) -> str:
    """The text of a built page's article."""
    return " ".join(element.text for element in read(path).find("article"))


def _archive(tmp_path: Path, body: str) -> tuple[Archive, int]:
    """The test site with *body* appended to opening.md, and the line it starts at."""
    archive = copy_root("site", tmp_path / "archive")
    opening = archive.root / "source" / "documents" / "opening.md"
    text = opening.read_text("utf-8") + "\n"
    opening.write_text(text + body, encoding="utf-8")
    return archive, text.count("\n") + 1


@pytest.mark.parametrize("kind", BODIES)
def test_a_page_nested_too_deep_is_refused_alone(tmp_path: Path, kind: str) -> None:
    archive, first = _archive(tmp_path, BODIES[kind])
    started = time.monotonic()
    result = build_site(archive)
    assert time.monotonic() - started < 60
    (problem,) = result.problems
    assert problem.file == "source/documents/opening.md" and problem.line is not None
    assert first <= problem.line <= first + 40
    assert "nested more than 32 levels deep" in problem.message and "flatten" in problem.message
    article = _article(result.outdir / "documents" / "opening.html")
    assert "Opening remarks" in article and "Welcome" not in article  # its title, not its text
    assert (result.outdir / "documents" / "hk-report.html").is_file()


def test_nesting_up_to_the_limit_keeps_every_level(tmp_path: Path) -> None:
    lists = "".join("  " * i + f"- level{i}\n" for i in range(32))
    quotes = "".join("> " * (i + 1) + f"quote{i}\n\n" for i in range(32))
    archive, _first = _archive(tmp_path, lists + "\n" + quotes)
    result = build_site(archive)
    assert result.problems == []
    article = _article(result.outdir / "documents" / "opening.html")
    assert all(f"level{i}" in article and f"quote{i}" in article for i in range(32))
    page = read(result.outdir / "documents" / "opening.html")
    assert len(page.find("blockquote")) >= 32
