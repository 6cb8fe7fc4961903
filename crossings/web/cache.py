"""A small in-memory cache of answered searches, keyed by the exact index state they came from.

The key holds the index generation and Whoosh's commit number, so any new index run (a
document withdrawn from the public edition included) makes every older entry unreachable at
once. Entries live only in this process's memory and are never logged or written anywhere.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

DEFAULT_ENTRIES = 256
# An answer as served: the body and its Content-Encoding (None: plain).
Answer = tuple[bytes, str | None]


class ResultCache:
    """A thread-safe LRU mapping of request keys to answers (JSON bytes and their encoding)."""

    def __init__(self, entries: int = DEFAULT_ENTRIES) -> None:
        self.entries = entries
        self._lock = threading.Lock()
        self._data: OrderedDict[Hashable, Answer] = OrderedDict()

    def get(self, key: Hashable) -> Answer | None:
        """The cached answer for *key*, or None."""
        if self.entries <= 0:
            return None
        with self._lock:
            body = self._data.get(key)
            if body is not None:
                self._data.move_to_end(key)
            return body

    def put(self, key: Hashable, body: Answer) -> None:
        """Remember *body* for *key*, dropping the least recently used entry when full."""
        if self.entries <= 0:
            return
        with self._lock:
            self._data[key] = body
            self._data.move_to_end(key)
            while len(self._data) > self.entries:
                self._data.popitem(last=False)
