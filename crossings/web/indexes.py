"""Long-lived searchers, one per built language, that follow new index generations.

Each language's ``LiveSearcher`` (crossings.search.indexing.index) checks the ``CURRENT`` pointer and
Whoosh's latest commit on every call, which costs a file read and a directory listing. One lock
per language covers that check and the whole search, so a swap never happens under a running
query: every answer comes from exactly one generation.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from crossings.search.indexing.generations import current_generation

if TYPE_CHECKING:
    from crossings.search.indexing.index import LiveSearcher

T = TypeVar("T")
CLOSE_WAIT = 5.0  # seconds
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
# Seconds the list of indexed languages is kept: every request picks its index from it, and
# listing the folder and reading each CURRENT file was a tenth of the server process's work
# under load. A language indexed for the first time is searched within this time; a new
# generation of a language already listed is picked up by the next search, as before.
LANGUAGES_KEPT = 1.0


class IndexPool:
    """The search indexes under ``build/<edition>/search/``, opened lazily and read-only (the
    search stack imported with the first: a server whose searches run in search processes
    lists languages and generations without it)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._guard = threading.Lock()
        self._live: dict[str, tuple[threading.Lock, LiveSearcher]] = {}
        self._listed: tuple[float, list[str]] = (-float("inf"), [])

    def languages(self) -> list[str]:
        """Languages with a live index generation, sorted (looked up at most once per LANGUAGES_KEPT)."""
        when, listed = self._listed
        now = time.monotonic()
        if now - when < LANGUAGES_KEPT:
            return list(listed)
        listed = self._list()
        self._listed = (now, listed)
        return list(listed)

    def _list(self) -> list[str]:
        """Languages with a live index generation, sorted, read from the folder now."""
        if not self.root.is_dir():
            return []
        found = [path for path in self.root.iterdir() if LANGUAGE.match(path.name)]
        return sorted(path.name for path in found if current_generation(path))

    def generation(self, language: str) -> str | None:
        """The live generation's name for *language*, or None."""
        return current_generation(self.root / language) if LANGUAGE.match(language) else None

    def run(self, language: str, work: Callable[[Path, Any, tuple[str, int]], T]) -> T:
        """Call ``work(index_dir, searcher, state)`` on the newest generation, holding the language's lock.

        *state* names exactly what the searcher sees: the generation folder and Whoosh's commit.
        """
        lock, live = self._entry(language)
        with lock:
            searcher, generation = live.state()
            commit = searcher.reader().generation()  # None once every document was withdrawn
            return work(live.index_dir, searcher, (generation, -1 if commit is None else int(commit)))

    def close(self, wait: float = CLOSE_WAIT) -> None:
        """Release every open searcher, giving a running search *wait* seconds to finish first
        (past that the server is stopping anyway: the searcher is closed under it)."""
        with self._guard:
            for lock, live in self._live.values():
                held = lock.acquire(timeout=wait)
                try:
                    live.close()
                finally:
                    if held:
                        lock.release()
            self._live.clear()

    def _entry(self, language: str) -> tuple[threading.Lock, LiveSearcher]:
        """The lock and LiveSearcher of *language*, created on first use."""
        from crossings.search.indexing.index import LiveSearcher  # numpy, Whoosh: searching processes only

        with self._guard:
            if language not in self._live:
                self._live[language] = (threading.Lock(), LiveSearcher(self.root / language))
            return self._live[language]
