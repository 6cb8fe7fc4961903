"""Facet counts over every hit of a query, without Whoosh's ``groupedby`` (which returns every hit).

For each facet field the documents of each term are read once per reader and kept as a set
and as a bit mask; a query's counts are then popcounts of mask ANDs, in C.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable
from typing import Any

import numpy as np

from crossings.search.engine.postings import term_ids
from crossings.search.engine.schema import FACET_FIELDS
from crossings.search.registry import by_field, canonical_language

__all__ = ["canonical_language", "display", "facet_counts", "mask", "term_docs", "term_masks"]

_cache: weakref.WeakKeyDictionary[Any, dict[str, dict[str, int]]] = weakref.WeakKeyDictionary()
_sets: weakref.WeakKeyDictionary[Any, dict[str, dict[str, frozenset[int]]]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def term_docs(reader: Any) -> dict[str, dict[str, frozenset[int]]]:
    """For each facet field, each value's live document numbers (cached while *reader* lives)."""
    with _lock:
        cached = _sets.get(reader)
    if cached is not None:
        return cached
    table: dict[str, dict[str, frozenset[int]]] = {}
    leaves = reader.leaf_readers()
    for fieldname in FACET_FIELDS:
        parts: dict[bytes, list[np.ndarray]] = {}
        for leaf, offset in leaves:  # each segment's own lexicon: no merge of term lists
            if fieldname not in leaf.schema:
                continue
            for btext in leaf.lexicon(fieldname):
                parts.setdefault(btext, []).append(term_ids(leaf, offset, fieldname, btext) + offset)
        values: dict[str, frozenset[int]] = {}
        for btext in sorted(parts):
            docs = frozenset(np.concatenate(parts[btext]).tolist())
            if docs:
                values[btext.decode("utf-8")] = docs
        table[fieldname] = values
    with _lock:
        _sets[reader] = table
    return table


def term_masks(reader: Any) -> dict[str, dict[str, int]]:
    """:func:`term_docs` as bit masks (bit n set: document n holds the value), cached likewise."""
    with _lock:
        cached = _cache.get(reader)
    if cached is not None:
        return cached
    table = {
        fieldname: {value: mask(docs, reader.doc_count_all()) for value, docs in values.items()}
        for fieldname, values in term_docs(reader).items()
    }
    with _lock:
        _cache[reader] = table
    return table


def mask(docs: Iterable[int] | np.ndarray, size: int) -> int:
    """The bit mask of document numbers *docs* (all below *size*)."""
    if isinstance(docs, np.ndarray):
        flags = np.zeros(size + 1, dtype=bool)
        flags[docs] = True
        return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")
    bits = bytearray((size >> 3) + 1)
    for docnum in docs:
        bits[docnum >> 3] |= 1 << (docnum & 7)
    return int.from_bytes(bits, "little")


def facet_counts(reader: Any, docs: set[int] | frozenset[int] | np.ndarray) -> dict[str, dict[str, int]]:
    """Counts of each facet value among *docs* (document numbers), most frequent first, in the
    JSON's facet names (crossings.search.results.documents passes one section per matching document).

    Counted as popcounts of bit-mask ANDs (in C) rather than set intersections (a hash lookup
    per matching document per facet value).
    """
    hits = mask(docs, reader.doc_count_all())
    answer: dict[str, dict[str, int]] = {}
    for fieldname, values in term_masks(reader).items():
        facet = by_field(fieldname)
        counts = {facet.display(value): (bits & hits).bit_count() for value, bits in values.items()}
        ranked = sorted(((n, v) for v, n in counts.items() if n), key=lambda item: (-item[0], item[1]))
        answer[facet.name] = {value: n for n, value in ranked}
    return answer


def display(fieldname: str, value: str) -> str:
    """The canonical spelling of a lowercased facet value (TH, zh-Hant, migration-routes)."""
    return by_field(fieldname).display(value)
