"""Decoded posting arrays kept across searches: reused only for the same segment reader,
within their byte budget, read-only, and never while fast reads are switched off."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from crossings.search.api import search
from crossings.search.engine import whoosh_internals
from crossings.search.engine.postings import DECODED, DecodedPostings
from crossings.search.indexing.index import build_index, open_index
from crossings.search.request.search_request import SearchRequest

from .conftest import CORPUS, record, write_corpus

ZEBRA = record("zebra-notes", "A zebra crossing at the border post; police stood by.", countries=["LA"])


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Each test starts and ends with nothing kept."""
    DECODED.clear()
    yield
    DECODED.clear()


class Leaf:
    """Stands for a segment reader: all the cache needs is an object that can be weakly referenced."""


def arrays(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Posting arrays of *n* documents (16 bytes each as decoded, 8 as kept: narrowed)."""
    return np.arange(n, dtype=np.int64), np.ones(n, dtype=np.float64)


def test_a_second_search_reuses_the_decoded_postings_and_answers_the_same(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "en.jsonl", [*CORPUS, ZEBRA])
    build_index(corpus, tmp_path / "ix", incremental=False)
    ix = open_index(tmp_path / "ix")
    with ix.searcher() as searcher:
        whoosh_internals.reset_counters()
        first = search(tmp_path / "ix", SearchRequest("police"), searcher=searcher)
        decoded = whoosh_internals.counters()
        whoosh_internals.reset_counters()
        second = search(tmp_path / "ix", SearchRequest("police"), searcher=searcher)
        again = whoosh_internals.counters()
        with whoosh_internals.fallback_only():
            whoosh_internals.reset_counters()
            plain = search(tmp_path / "ix", SearchRequest("police"), searcher=searcher)
            declined = whoosh_internals.counters()
    ix.close()
    assert decoded.fast_reads > 0 and decoded.reused_reads == 0
    assert again.fast_reads == 0 and again.reused_reads > 0
    assert declined.reused_reads == 0 and declined.fast_reads == 0  # the plain path never reads the cache
    for answer in (second, plain):
        assert answer["total"] == first["total"] >= 2
        assert [h["id"] for h in answer["hits"]] == [h["id"] for h in first["hits"]]
        assert [h["score"] for h in answer["hits"]] == [h["score"] for h in first["hits"]]


def test_a_new_commit_is_never_answered_from_the_old_readers_arrays(tmp_path: Path) -> None:
    """The zebra document withdrawn by an incremental run: the next searcher's readers are new,
    and what the old ones decoded is not theirs."""
    corpus = write_corpus(tmp_path / "en.jsonl", [*CORPUS, ZEBRA])
    build_index(corpus, tmp_path / "ix", incremental=False)
    ix = open_index(tmp_path / "ix")
    with ix.searcher() as searcher:
        assert search(tmp_path / "ix", SearchRequest("zebra"), searcher=searcher)["total"] == 1
    assert DECODED.used > 0
    build_index(write_corpus(corpus, CORPUS), tmp_path / "ix", incremental=True)
    ix = open_index(tmp_path / "ix")
    with ix.searcher() as searcher:
        assert search(tmp_path / "ix", SearchRequest("zebra"), searcher=searcher)["total"] == 0
        assert search(tmp_path / "ix", SearchRequest("police"), searcher=searcher)["total"] >= 1
    ix.close()


def test_the_budget_drops_the_least_recently_used_first() -> None:
    cache = DecodedPostings(budget=8 * 100)  # room for 100 postings, at most 25 per word
    leaf = Leaf()
    for word in (b"a", b"b", b"c", b"d"):
        cache.put(leaf, "body", word, arrays(24))
    assert cache.get(leaf, "body", b"a") is not None  # a is now the most recently used
    cache.put(leaf, "body", b"e", arrays(24))
    assert cache.used == 4 * 24 * 8 <= cache.budget
    assert cache.get(leaf, "body", b"b") is None  # the least recently used went first
    assert all(cache.get(leaf, "body", w) is not None for w in (b"a", b"c", b"d", b"e"))


def test_a_word_too_big_for_a_quarter_of_the_budget_is_not_kept() -> None:
    cache = DecodedPostings(budget=8 * 100)
    leaf = Leaf()
    cache.put(leaf, "body", b"small", arrays(10))
    cache.put(leaf, "body", b"common", arrays(30))
    assert cache.get(leaf, "body", b"common") is None
    assert cache.get(leaf, "body", b"small") is not None


def test_another_reader_never_gets_a_readers_arrays() -> None:
    cache = DecodedPostings(budget=1 << 20)
    first, second = Leaf(), Leaf()
    cache.put(first, "body", b"police", arrays(5))
    assert cache.get(second, "body", b"police") is None
    del first  # a reader gone: its entry answers nobody, even a new object given its id
    assert all(ref() is None for ref, _ in cache._entries.values())


def test_kept_arrays_are_read_only() -> None:
    cache = DecodedPostings(budget=1 << 20)
    leaf = Leaf()
    cache.put(leaf, "body", b"police", arrays(5))
    kept = cache.get(leaf, "body", b"police")
    assert kept is not None
    with pytest.raises(ValueError):
        kept[0][0] = 7


def test_kept_arrays_take_half_the_bytes_and_come_back_as_decoded() -> None:
    """Ids and weights are kept as int32 and float32 (half of a search process's cache, issue 17)
    and given back as the int64 and float64 decoding gives, equal to the last bit."""
    cache = DecodedPostings(budget=1 << 20)
    leaf = Leaf()
    ids = np.array([0, 3, 70_000, 2**31 - 1], dtype=np.int64)
    weights = np.array([1.0, 2.0, 0.5, float(np.float32(0.1))], dtype=np.float64)  # float32 values
    cache.put(leaf, "body", b"police", (ids.copy(), weights.copy()))
    assert cache.used == 4 * 8
    kept = cache.get(leaf, "body", b"police")
    assert kept is not None
    assert (kept[0].dtype, kept[1].dtype) == (np.int64, np.float64)
    assert np.array_equal(kept[0], ids) and kept[1].tobytes() == weights.tobytes()
    with pytest.raises(ValueError):
        kept[1][0] = 7.0


def test_arrays_that_would_lose_a_bit_are_kept_as_they_are() -> None:
    cache = DecodedPostings(budget=1 << 20)
    leaf = Leaf()
    exact = (np.arange(3, dtype=np.int64), np.array([1.0, 0.1, 2.0]))  # 0.1 is no float32
    wide = (np.array([0, 2**31], dtype=np.int64), np.ones(2))  # an id past int32
    cache.put(leaf, "body", b"a", exact)
    cache.put(leaf, "body", b"b", wide)
    assert cache.used == 3 * 16 + 2 * 16
    kept_a, kept_b = cache.get(leaf, "body", b"a"), cache.get(leaf, "body", b"b")
    assert kept_a is not None and kept_a[1].tobytes() == exact[1].tobytes()
    assert kept_b is not None and np.array_equal(kept_b[0], wide[0])
