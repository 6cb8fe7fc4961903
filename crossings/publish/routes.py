"""Draw the book's migration-routes diagram with Graphviz: PDF for LaTeX, PNG for the e-book."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from crossings.sphinx.graph import run_dot

# Relative to the generated book/routes.md; Sphinx picks routes.pdf for LaTeX and routes.png for EPUB.
FOLDER = "book/routes"
STEM = "routes"


def render(dot_source: str, fmt: str, target: Path) -> None:
    """Render *dot_source* to *target* in format *fmt*; raise CrossingsError if Graphviz fails."""
    output = run_dot(dot_source, f"-T{fmt}", "-Gdpi=150" if fmt == "png" else "-Gdpi=72")
    if not target.is_file() or target.read_bytes() != output:
        target.write_bytes(output)


def draw_routes(srcdir: Path) -> Callable[[str], str]:
    """A drawer writing the diagram under *srcdir*; it returns the image path for the book page."""

    def draw(dot_source: str) -> str:
        folder = srcdir / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        for fmt in ("pdf", "png"):
            render(dot_source, fmt, folder / f"{STEM}.{fmt}")
        return f"routes/{STEM}.*"

    return draw
