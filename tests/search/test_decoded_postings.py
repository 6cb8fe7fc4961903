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
    """Posting arrays of *n* documents (16 bytes each as decoded, 3 as kept: narrowed)."""
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
    cache = DecodedPostings(budget=3 * 100)  # room for 100 postings, at most 25 per word
    leaf = Leaf()
    for word in (b"a", b"b", b"c", b"d"):
        cache.put(leaf, "body", word, arrays(24))
    assert cache.get(leaf, "body", b"a") is not None  # a is now the most recently used
    cache.put(leaf, "body", b"e", arrays(24))
    assert cache.used == 4 * 24 * 3 <= cache.budget
    assert cache.get(leaf, "body", b"b") is None  # the least recently used went first
    assert all(cache.get(leaf, "body", w) is not None for w in (b"a", b"c", b"d", b"e"))


def test_a_word_too_big_for_a_quarter_of_the_budget_is_not_kept() -> None:
    cache = DecodedPostings(budget=3 * 100)
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


@pytest.mark.parametrize(
    ("ids", "weights", "kept_as", "size"),
    [
        ([0, 3, 65_535], [1.0, 2.0, 255.0], (np.uint16, np.uint8), 3 * 3),  # at 10,000 documents
        ([0, 65_536, 2**32 - 1], [0.0, 1.0, 3.0], (np.uint32, np.uint8), 3 * 5),
        ([0, 3], [1.0, 256.0], (np.uint16, np.float32), 2 * 6),  # a frequency past a byte
        ([0, 3], [1.5, float(np.float32(0.1))], (np.uint16, np.float32), 2 * 6),  # float32 values
        ([0, 3], [-1.0, 2.0], (np.uint16, np.float32), 2 * 6),  # no negative weight as a byte
        ([0, 3], [1.0, 0.1], (np.uint16, np.float64), 2 * 10),  # 0.1 is no float32
        ([0, 3], [1.0, float("nan")], (np.uint16, np.float64), 2 * 10),
        ([-1, 3], [1.0, 2.0], (np.int64, np.uint8), 2 * 9),  # no negative id unsigned
        ([0, 2**33], [1.0, 2.0], (np.int64, np.uint8), 2 * 9),
        ([], [], (np.uint16, np.uint8), 0),
    ],
)
def test_kept_arrays_take_the_narrowest_exact_types_and_come_back_as_decoded(
    ids: list[int], weights: list[float], kept_as: tuple[type, type], size: int
) -> None:
    """Ids and weights each in the narrowest type that holds them exactly (3 bytes a posting at
    10,000 documents instead of 16, issue 17), given back as the int64 and float64 decoding
    gives, equal to the last bit."""
    cache = DecodedPostings(budget=1 << 20)
    leaf = Leaf()
    decoded = (np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64))
    cache.put(leaf, "body", b"police", (decoded[0].copy(), decoded[1].copy()))
    assert cache.used == size
    ((_, stored),) = cache._entries.values()
    assert (stored[0].dtype, stored[1].dtype) == tuple(np.dtype(kind) for kind in kept_as)
    kept = cache.get(leaf, "body", b"police")
    assert kept is not None
    assert (kept[0].dtype, kept[1].dtype) == (np.int64, np.float64)
    assert kept[0].tobytes() == decoded[0].tobytes() and kept[1].tobytes() == decoded[1].tobytes()
    with pytest.raises(ValueError):
        kept[1][0] = 7.0
