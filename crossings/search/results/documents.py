"""Results by document: the index holds one record per section, a reader wants documents.

A hit is a document, ranked by its best section (then by how many of its sections match, then
by its id, so that every request pages through the same order); it shows up to three of its
best sections. Totals and facet counts count documents: every section of a document carries
the document's metadata, so a facet value's documents are those of its sections.

Which document each section belongs to is read once per reader from the ``id`` field's
postings, segment by segment (a document's sections are never split across segments, so each
id is in one segment's short term list), into numpy arrays.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import Any

import numpy as np

from crossings.search.results.bydate import date_ranks

MAX_SECTIONS = 3  # sections shown per document


@dataclass(frozen=True)
class Groups:
    """Per section (docnum): its document's number (-1: deleted; int32); per document: its
    first live section, and its id. Documents are numbered in the order of their ids."""

    doc_of: np.ndarray
    first: np.ndarray
    ids: tuple[str, ...]


@dataclass(frozen=True)
class DocumentHit:
    """One document of a page: its number, its score (its best section's) and its best sections
    as (docnum, score), best first."""

    document: int
    score: float
    sections: list[tuple[int, float]]


@dataclass(frozen=True)
class Ranked:
    """The documents a query matches: how many, the requested page, one section of each."""

    total: int
    page: list[DocumentHit]
    documents: np.ndarray  # the numbers of the documents matched


_cache: weakref.WeakKeyDictionary[Any, Groups] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def groups(reader: Any) -> Groups:
    """The section-to-document tables of *reader* (cached while it lives)."""
    with _lock:
        cached = _cache.get(reader)
    if cached is not None:
        return cached
    found_docs: list[np.ndarray] = []  # each id's live sections in one segment, as reader docnums
    found_ids: list[bytes] = []
    for leaf, offset in reader.leaf_readers():
        for btext in leaf.lexicon("id"):
            docs = np.fromiter(leaf.postings("id", btext).all_ids(), dtype=np.int64)  # (live ones)
            if docs.size:
                found_docs.append(docs + offset)
                found_ids.append(btext)
    # Arrays, not a list of Python ints per id: at 10,000 documents those left each search
    # process's heap 1.7 MB bigger for its whole life (issue 17).
    ids = sorted({btext.decode("utf-8") for btext in found_ids})
    number = {doc_id.encode("utf-8"): n for n, doc_id in enumerate(ids)}
    doc_of = np.full(reader.doc_count_all(), -1, dtype=np.int32)  # (half of int64's memory)
    firsts = np.full(len(ids), np.iinfo(np.int64).max, dtype=np.int64)
    for docs, btext in zip(found_docs, found_ids, strict=True):
        n = number[btext]
        doc_of[docs] = n
        firsts[n] = min(int(firsts[n]), int(docs.min()))
    found = Groups(doc_of, firsts, tuple(ids))
    with _lock:
        _cache[reader] = found
    return found


def rank_documents(
    reader: Any,
    sections: np.ndarray,
    scores: np.ndarray | None,
    *,
    by_date: bool,
    start: int,
    count: int,
    shown: int = MAX_SECTIONS,
) -> Ranked:
    """The documents of the matching *sections* (docnums, with their *scores*; None: all equal),
    ranked by best section or by date, and the page from *start* of *count* documents, each
    with its *shown* best sections."""
    table = groups(reader)
    owners = table.doc_of[sections]
    live = owners >= 0
    sections, owners = sections[live], owners[live]
    if scores is not None:
        scores = scores[live]
    present = np.zeros(len(table.ids), dtype=bool)
    present[owners] = True
    matched = np.flatnonzero(present)
    best = np.zeros(len(table.ids), dtype=np.float64)
    if scores is not None:
        best[:] = -np.inf
        np.maximum.at(best, owners, scores)
    wanted = start + count
    if by_date:
        order = first_sorted((matched, -date_ranks(reader)[table.first[matched]]), wanted)
    elif scores is not None:
        matches = np.bincount(owners, minlength=len(table.ids))[matched]
        order = first_sorted((matched, -matches, -best[matched]), wanted)
    else:
        order = np.arange(len(matched))
    page = matched[order[start:wanted]]
    hits = _page(page, sections, owners, scores, best, shown)
    return Ranked(len(matched), hits, matched)


def first_sorted(keys: tuple[np.ndarray, ...], wanted: int) -> np.ndarray:
    """The first *wanted* indices of ``np.lexsort(keys)`` (the last key sorts first; the first
    key's values are unique, so the order is total), in that order.

    Only the indices whose last key is at most the *wanted*-th smallest can be among them: those
    alone are sorted. Sorting every match was most of the ranking of a query matching thousands
    of documents (2 ms for 10,000), for a page of twenty."""
    primary = keys[-1]
    if wanted <= 0:
        return np.zeros(0, dtype=np.intp)
    if wanted >= len(primary) // 2 or (primary.dtype.kind == "f" and np.isnan(primary).any()):
        return np.lexsort(keys)[:wanted]
    threshold = np.partition(primary, wanted - 1)[wanted - 1]
    candidates = np.flatnonzero(primary <= threshold)
    return candidates[np.lexsort(tuple(key[candidates] for key in keys))][:wanted]


def _page(
    page: np.ndarray,
    sections: np.ndarray,
    owners: np.ndarray,
    scores: np.ndarray | None,
    best: np.ndarray,
    shown: int,
) -> list[DocumentHit]:
    """The page's documents with their best sections (ties: the earlier section first)."""
    on_page = np.zeros(len(best), dtype=bool)  # by document number: a lookup, not np.isin's sort
    on_page[page] = True
    chosen = on_page[owners]
    mine, whose = sections[chosen], owners[chosen]
    values = scores[chosen] if scores is not None else np.zeros(len(mine))
    order = np.lexsort((mine, -values))
    by_document: dict[int, list[tuple[int, float]]] = {int(d): [] for d in page}
    for i in order:
        kept = by_document[int(whose[i])]
        if len(kept) < shown:
            kept.append((int(mine[i]), float(values[i])))
    return [DocumentHit(int(d), float(best[d]), by_document[int(d)]) for d in page]
