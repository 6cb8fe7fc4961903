"""Sphinx's static search index (``searchindex.js``) kept to the pages a site publishes.

An incremental HTML build loads the previous ``searchindex.js`` and prunes the documents it no
longer has, but Sphinx keeps each of their words as a term with no document (``"westward":[]``),
so a withdrawn document's vocabulary stays public. ``prune_file`` drops every document a build no
longer publishes, with its titles, index entries and objects, and every term left without a
document. A build calls it on the old file before Sphinx starts (so that an interrupted build
leaves nothing of a withdrawn page) and on the new file when Sphinx has written it; a running
server filters it for documents withdrawn since (crossings.web.derived).

The file is ``Search.setIndex(`` + JSON + ``)``, read and written here as Sphinx's
``sphinx.search.js_index`` does (tests/editions/test_searchindex_words.py compares the two), so
that ``crossings serve`` need not import Sphinx (about 30 MB per process).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crossings import atomic

FILENAME = "searchindex.js"
PREFIX, SUFFIX = "Search.setIndex(", ")"


def loads(text: str) -> Any:
    """The data of a ``searchindex.js``'s text (ValueError when it is not one)."""
    if not text.startswith(PREFIX) or not text.endswith(SUFFIX) or len(text) <= len(PREFIX + SUFFIX):
        raise ValueError(f"not a Sphinx search index: it must be {PREFIX}...{SUFFIX}")
    return json.loads(text[len(PREFIX) : -len(SUFFIX)])


def dumps(data: Any) -> str:
    """The text of a ``searchindex.js`` holding *data*, as Sphinx writes it."""
    return PREFIX + json.dumps(data, separators=(",", ":"), sort_keys=True) + SUFFIX


def read(path: Path) -> dict[str, Any] | None:
    """The data of a ``searchindex.js`` (None when there is none or it cannot be read)."""
    try:
        data = loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def documents(value: Any) -> list[int]:
    """The document numbers of a term (Sphinx writes one as an int, several as a list)."""
    if isinstance(value, int):
        return [value]
    return [item for item in value if isinstance(item, int)] if isinstance(value, list) else []


def _terms(mapping: dict[str, Any], renumber: dict[int, int]) -> dict[str, Any]:
    """Terms with their documents renumbered; terms left without a document dropped."""
    kept: dict[str, Any] = {}
    for term, value in mapping.items():
        numbers = [renumber[n] for n in documents(value) if n in renumber]
        if numbers:
            kept[term] = numbers[0] if len(numbers) == 1 else sorted(numbers)
    return kept


def _entries(mapping: dict[str, Any], renumber: dict[int, int]) -> dict[str, Any]:
    """Titles, index entries or objects (lists whose first item is a document) renumbered."""
    kept: dict[str, Any] = {}
    for key, items in mapping.items():
        moved = [
            [renumber[item[0]], *item[1:]]
            for item in items
            if isinstance(item, list) and item and item[0] in renumber
        ]
        if moved:
            kept[key] = moved
    return kept


def prune(data: dict[str, Any], publishes: Callable[[str], bool]) -> dict[str, Any]:
    """*data* with only the documents *publishes* accepts and the terms some document holds."""
    names = list(data.get("docnames", []))
    kept = [number for number, name in enumerate(names) if publishes(str(name))]
    renumber = {old: new for new, old in enumerate(kept)}
    pruned = dict(data)
    for key in ("docnames", "filenames", "titles"):
        values = list(data.get(key, []))
        pruned[key] = [values[old] for old in kept if old < len(values)]
    for key in ("terms", "titleterms"):
        pruned[key] = _terms(data.get(key, {}), renumber)
    for key in ("alltitles", "indexentries", "objects"):
        pruned[key] = _entries(data.get(key, {}), renumber)
    return pruned


def prune_file(outdir: Path, publishes: Callable[[str], bool]) -> None:
    """Rewrite *outdir*'s searchindex.js to what :func:`prune` keeps; remove it if unreadable."""
    path = outdir / FILENAME
    if not path.exists():
        return
    data = read(path)
    if data is None:
        path.unlink()  # Sphinx writes it anew (and says the index was not loaded)
        return
    pruned = prune(data, publishes)
    if pruned != data:
        atomic.write_text(path, dumps(pruned))
