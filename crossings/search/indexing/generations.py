"""Which generation of an index folder is live: the ``CURRENT`` pointer, read without Whoosh.

Kept apart from :mod:`crossings.search.indexing.index` so that the server process of
``crossings serve --workers N``, which only asks which languages and generations there are,
does not import Whoosh, numpy and the indexing code its search processes hold.
"""

from __future__ import annotations

from pathlib import Path

POINTER = "CURRENT"
PREFIX = "gen-"


def current_generation(index_dir: Path) -> str | None:
    """The name of the live generation, or None when no index was built yet.

    A full run replaces CURRENT and then deletes the generation it named: a name read just
    before the swap may name a folder that is gone a moment later, so the pointer is read again.
    """
    for _ in range(3):
        try:
            name = (index_dir / POINTER).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        if name.startswith(PREFIX) and (index_dir / name).is_dir():
            return name
    return None
