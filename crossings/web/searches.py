"""The searches of one edition: answered JSON bytes from the live index, with the answer cache.

Used in the server process (one worker) or inside each search process (crossings.web.workers).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crossings.search.api import search
from crossings.search.query import SearchRequest
from crossings.web.cache import Answer, ResultCache
from crossings.web.compress import MIN_SIZE, compress
from crossings.web.indexes import IndexPool

DEFAULT_TIME_LIMIT = 2.0
FACETS_ANSWER = ("query", "total", "facets", "ui")


@dataclass
class Searches:
    """The edition's indexes, search settings, per-query time limit and answer cache."""

    indexes: IndexPool
    settings: Any = None
    time_limit: float = DEFAULT_TIME_LIMIT
    cache: ResultCache = field(default_factory=ResultCache)

    def answer(
        self, language: str, request: SearchRequest, facets_only: bool, encoding: str | None = None
    ) -> Answer:
        """The JSON answer, from the cache or from search(), compressed with *encoding* (``br``,
        ``gzip`` or None) when it is worth it; with the encoding it got (None: plain JSON).

        Compressing here, in the search process, spares the server's one event loop the work."""

        def work(index_dir: Path, searcher: Any, state: tuple[str, int]) -> Answer:
            key = (language, state, request, facets_only, encoding)
            cached = self.cache.get(key)
            if cached is not None:
                return cached
            result = search(
                index_dir, request, searcher=searcher, settings=self.settings, time_limit=self.time_limit
            )
            result["ui"] = language
            if facets_only:
                result = {name: result[name] for name in FACETS_ANSWER}
            body = json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            answer: Answer = (body, None)
            if encoding is not None and len(body) >= MIN_SIZE:
                answer = (compress(body, encoding), encoding)
            self.cache.put(key, answer)
            return answer

        return self.indexes.run(language, work)

    def doc_count(self, language: str) -> int:
        """The number of live sections in *language*'s index."""
        return self.indexes.run(language, _doc_count)


def _doc_count(index_dir: Path, searcher: Any, state: tuple[str, int]) -> int:
    """The number of live sections in the searcher's index."""
    return int(searcher.doc_count())
