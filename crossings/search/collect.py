"""The collector of one search: the page's top hits, within an allowed set, within a deadline.

Replaces ``TimeLimitCollector`` (a ``threading.Timer`` thread per query, and its loop bypasses
any filtering collector it wraps) and Whoosh's filter queries (an And matcher over large
posting lists): the filters arrive as a set of document numbers, checked in the loop.
"""

from __future__ import annotations

import time
from collections.abc import Set
from typing import Any

from whoosh.collectors import TimeLimit, WrappingCollector

CHECK_EVERY = 256  # matches between two looks at the clock


class PageCollector(WrappingCollector):  # type: ignore[misc]
    """Feeds *child* (a TopCollector or SortingCollector) the matches in *allow*, until *deadline*."""

    def __init__(self, child: Any, allow: Set[int] | None, deadline: float, record: bool = False) -> None:
        self.child = child
        self.allow = allow
        self.deadline = deadline
        self.record = record
        self.seen: list[int] = []  # with *record*: every allowed match (the child must not skip any)

    def collect_matches(self) -> None:
        """Collect each allowed match; raise TimeLimit once the deadline (time.monotonic) passed."""
        child, allow, deadline = self.child, self.allow, self.deadline
        offset = child.offset
        collect = child.collect
        seen = self.seen.append if self.record else None
        countdown = CHECK_EVERY
        for sub_docnum in child.matches():
            countdown -= 1
            if not countdown:
                countdown = CHECK_EVERY
                if time.monotonic() > deadline:
                    raise TimeLimit
            if allow is None or offset + sub_docnum in allow:
                if seen is not None:
                    seen(offset + sub_docnum)
                collect(sub_docnum)
        if time.monotonic() > deadline:
            raise TimeLimit
