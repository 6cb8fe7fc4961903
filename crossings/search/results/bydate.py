"""Each section's date as a rank, for ``sort=date``, without a sorting collector.

Whoosh's sorting collector walks every match of the query through its matchers to read each
one's sort key. Here each section's date rank comes from an array made once per reader (the
dates are a sortable column), and crossings.search.results.documents orders the matching documents by
it with numpy.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

import numpy as np

FIELD = "date"
_ranks: weakref.WeakKeyDictionary[Any, np.ndarray] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def date_ranks(reader: Any) -> np.ndarray:
    """For each document number of *reader*, the rank of its date among all dates (int32, cached)."""
    with _lock:
        cached = _ranks.get(reader)
    if cached is None:
        count = reader.doc_count_all()
        if count == 0 or not reader.has_column(FIELD):
            # An empty index (a language with no public document yet) has no column reader.
            return np.zeros(count, dtype=np.int32)
        column = reader.column_reader(FIELD)
        values = [column[docnum] for docnum in range(count)]
        order = {value: rank for rank, value in enumerate(sorted(set(values)))}
        cached = np.array([order[value] for value in values], dtype=np.int32)  # (ranks: far below 2**31)
        with _lock:
            _ranks[reader] = cached
    return cached
