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
    """Per section (docnum): its document's number (-1: deleted); per document: its first
    live section, and its id. Documents are numbered in the order of their ids."""

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
    sections: dict[str, list[int]] = {}
    for leaf, offset in reader.leaf_readers():
        for btext in leaf.lexicon("id"):
            live = [offset + d for d in leaf.postings("id", btext).all_ids() if not leaf.is_deleted(d)]
            if live:
                sections.setdefault(btext.decode("utf-8"), []).extend(live)
    ids = sorted(sections)
    doc_of = np.full(reader.doc_count_all(), -1, dtype=np.int64)
    for number, doc_id in enumerate(ids):
        doc_of[sections[doc_id]] = number
    firsts = np.array([min(sections[doc_id]) for doc_id in ids], dtype=np.int64)
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
    if by_date:
        order = np.lexsort((matched, -date_ranks(reader)[table.first[matched]]))
    elif scores is not None:
        matches = np.bincount(owners, minlength=len(table.ids))[matched]
        order = np.lexsort((matched, -matches, -best[matched]))
    else:
        order = np.arange(len(matched))
    page = matched[order[start : start + count]]
    hits = _page(page, sections, owners, scores, best, shown)
    return Ranked(len(matched), hits, matched)


def _page(
    page: np.ndarray,
    sections: np.ndarray,
    owners: np.ndarray,
    scores: np.ndarray | None,
    best: np.ndarray,
    shown: int,
) -> list[DocumentHit]:
    """The page's documents with their best sections (ties: the earlier section first)."""
    chosen = np.isin(owners, page)
    mine, whose = sections[chosen], owners[chosen]
    values = scores[chosen] if scores is not None else np.zeros(len(mine))
    order = np.lexsort((mine, -values))
    by_document: dict[int, list[tuple[int, float]]] = {int(d): [] for d in page}
    for i in order:
        kept = by_document[int(whose[i])]
        if len(kept) < shown:
            kept.append((int(mine[i]), float(values[i])))
    return [DocumentHit(int(d), float(best[d]), by_document[int(d)]) for d in page]
