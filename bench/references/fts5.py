"""Reference for index and query: SQLite FTS5 (Python's sqlite3) over the same section records.

The implementation lives next to the search benchmark (bench.search.bench_search), which
runs it in the same process, on the same records and with the same queries as crossings:
a trigram tokenizer (substring matches in every script), its own snippet() and GROUP BY facet
counts. It is re-exported here so that every reference is found in one place.
"""

from __future__ import annotations

from bench.search.bench_search import build_fts as build
from bench.search.bench_search import fts_answer as answer

__all__ = ["answer", "build"]
