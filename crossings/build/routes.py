"""Draw the book's migration-routes diagram with Graphviz: PDF for LaTeX, PNG for the e-book."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from crossings.errors import CrossingsError

DOT_TIMEOUT = 60
# Relative to the generated book/routes.md; Sphinx picks routes.pdf for LaTeX and routes.png for EPUB.
FOLDER = "book/routes"
STEM = "routes"


def render(dot_source: str, fmt: str, target: Path) -> None:
    """Render *dot_source* to *target* in format *fmt*; raise CrossingsError if Graphviz fails."""
    dot = shutil.which("dot")
    if dot is None:
        raise CrossingsError("Graphviz `dot` is not installed; install the graphviz package to draw routes")
    try:
        done = subprocess.run(
            [dot, f"-T{fmt}", "-Gdpi=150" if fmt == "png" else "-Gdpi=72"],
            input=dot_source.encode("utf-8"),
            capture_output=True,
            timeout=DOT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise CrossingsError(f"Graphviz `dot` took more than {DOT_TIMEOUT} s drawing the routes") from exc
    if done.returncode != 0:
        raise CrossingsError(f"Graphviz `dot` failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    if not target.is_file() or target.read_bytes() != done.stdout:
        target.write_bytes(done.stdout)


def draw_routes(srcdir: Path) -> Callable[[str], str]:
    """A drawer writing the diagram under *srcdir*; it returns the image path for the book page."""

    def draw(dot_source: str) -> str:
        folder = srcdir / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        for fmt in ("pdf", "png"):
            render(dot_source, fmt, folder / f"{STEM}.{fmt}")
        return f"routes/{STEM}.*"

    return draw
