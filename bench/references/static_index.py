"""Reference for the readers' search payload: Sphinx's static searchindex.js, per language.

Without a search service a reader's browser downloads the whole searchindex.js before the
first result; its size is what the static search costs on a slow connection.
"""

from __future__ import annotations

from pathlib import Path


def searchindex_bytes(html_root: Path) -> dict[str, int]:
    """Bytes of searchindex.js per language folder under *html_root* (build/<edition>/html)."""
    sizes = {}
    for index in sorted(html_root.glob("*/searchindex.js")):
        sizes[index.parent.name] = index.stat().st_size
    if (html_root / "searchindex.js").is_file():
        sizes[""] = (html_root / "searchindex.js").stat().st_size
    return sizes
