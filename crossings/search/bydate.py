"""The newest documents of a known set, for ``sort=date``, without a sorting collector.

Whoosh's sorting collector walks every match of the query through its matchers to read each
one's sort key. When the set of matches is already known (crossings.search.docsets), the page
is the set's highest dates: each document's date rank comes from an array made once per
reader (the dates are a sortable column), and numpy picks the top. Ties: lower docnum first.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Set
from typing import Any

import numpy as np

FIELD = "date"
_ranks: weakref.WeakKeyDictionary[Any, np.ndarray] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def newest(reader: Any, docs: Set[int], limit: int) -> list[tuple[float, int]]:
    """(0.0, docnum) of the *limit* documents of *docs* with the latest dates, newest first."""
    if not docs or limit <= 0:
        return []
    numbers = np.fromiter(docs, dtype=np.int64, count=len(docs))
    ranks = date_ranks(reader)[numbers]
    if len(numbers) > limit:
        cut = np.partition(ranks, len(ranks) - limit)[len(ranks) - limit]
        keep = ranks >= cut
        numbers, ranks = numbers[keep], ranks[keep]
    order = np.lexsort((numbers, -ranks))[:limit]
    return [(0.0, int(numbers[i])) for i in order]


def date_ranks(reader: Any) -> np.ndarray:
    """For each document number of *reader*, the rank of its date among all dates (cached)."""
    with _lock:
        cached = _ranks.get(reader)
    if cached is None:
        column = reader.column_reader(FIELD)
        values = [column[docnum] for docnum in range(reader.doc_count_all())]
        order = {value: rank for rank, value in enumerate(sorted(set(values)))}
        cached = np.array([order[value] for value in values], dtype=np.int64)
        with _lock:
            _ranks[reader] = cached
    return cached
