"""The fast segment writer writes segments that Whoosh reads exactly as those of its own writer.

The same records go through Whoosh's ``SegmentWriter`` and through
``whoosh_internals.FastSegmentWriter`` into two indexes of the archive's schema, and everything a
reader can see of each segment is compared: the terms of every field (spelling fields
included), each term's statistics, its posting blocks (boundaries, block statistics, the
decoded ids, weights and values) and its postings as Whoosh's public matcher gives them (ids,
weights, positions and character offsets), stored fields, field lengths and columns. Only the
packing of a block's data differs (the fast writer's typed arrays and packed values, compared
as the values they hold). The same holds after incremental updates, whichever writer wrote the
segments and whichever rewrites them, and for the answers to the benchmark queries. The
comparison is shown to catch one block's weights being off.
"""

from __future__ import annotations

import json
import pickle
import zlib
from array import array
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import MultiReader, ReaderClosed
from whoosh.writing import SegmentWriter

from bench.search.bench_search import queries, records
from crossings.search.api import search
from crossings.search.engine import support, whoosh_internals
from crossings.search.engine.schema import make_schema, new_segment
from crossings.search.indexing import index as index_module
from crossings.search.indexing.index import build_index, open_index, purge_deleted
from crossings.search.indexing.records import read_corpus, whoosh_fields

DOCUMENTS = 40  # about 420 sections: the common words' posting lists fill several blocks


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """DOCUMENTS generated documents (English, Chinese, Thai) as a JSON Lines corpus."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in records(DOCUMENTS))
    path.write_text("".join(lines), "utf-8")
    return path


@pytest.fixture(scope="module")
def docs(corpus: Path) -> list[dict[str, Any]]:
    """The corpus's records as the index reads them."""
    return read_corpus(corpus)


def writer_of(ix: Any, fast: bool, **options: Any) -> Any:
    """A FastSegmentWriter or Whoosh's own writer of *ix* (its spelling words start afresh)."""
    writer = whoosh_internals.FastSegmentWriter(ix, **options) if fast else SegmentWriter(ix, **options)
    new_segment()
    return writer


def write(folder: Path, docs: list[dict[str, Any]], fast: bool, **options: Any) -> Any:
    """A one-segment index of *docs* written by either writer."""
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), make_schema())
    writer = writer_of(ix, fast, **options)
    for doc in docs:
        writer.add_document(**whoosh_fields(doc))
    writer.commit(merge=False)
    return whoosh_index.open_dir(str(folder))


def blocks(leaf: Any, fieldname: str, btext: bytes) -> list[tuple[Any, ...]]:
    """Each posting block of one term: its statistics (not its compression flag) and its data."""
    offset, length = leaf._terms.term_info(fieldname, btext).extent()
    matcher = W3LeafMatcher(leaf._terms._postfile, offset, length, leaf.schema[fieldname].format)
    found = []
    while True:
        stats = (
            matcher._blocklength,
            matcher._maxid,
            matcher._maxweight,
            matcher._minlength,
            matcher._maxlength,
        )
        raw = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
        found.append((stats, unpacked(pickle.loads(zlib.decompress(raw) if matcher._compression else raw))))
        if matcher._lastblock:
            return found
        matcher._next_block()


def unpacked(data: tuple[Any, Any, Any]) -> tuple[Any, Any, Any]:
    """A block's (ids, weights, values) as Python values, whichever writer packed them: ids and
    weights as tuples (the fast writer's typed arrays, Whoosh's tuples), values as a tuple of
    byte strings (the fast writer's PackedValues), or as they are (None, or fixed-size bytes)."""
    ids, weights, values = data
    if weights is not None and not isinstance(weights, float):
        weights = tuple(float(w) for w in weights)
    if isinstance(values, whoosh_internals.PackedValues):
        values = tuple(values)
    return tuple(ids), weights, values


def postings(leaf: Any, fieldname: str, btext: bytes) -> list[tuple[Any, ...]]:
    """One term's postings as Whoosh's matcher reads them: id, weight, and the positions (with
    character offsets when kept) or the raw value."""
    fmt = leaf.schema[fieldname].format
    kind = "characters" if fmt.supports("characters") else "positions" if fmt.supports("positions") else None
    matcher = leaf.postings(fieldname, btext)
    found = []
    while matcher.is_active():
        value = matcher.value_as(kind) if kind else matcher.value()
        found.append((matcher.id(), matcher.weight(), value))
        matcher.next()
    return found


def contents(ix: Any) -> dict[str, Any]:
    """Everything a reader sees of each segment of *ix*."""
    out: dict[str, Any] = {}
    with ix.reader() as reader:
        for number, (leaf, _) in enumerate(reader.leaf_readers()):
            terms = {}
            for (fieldname, btext), info in leaf._terms.items():
                stats: tuple[Any, ...] = (info.weight(), info.doc_frequency(), info.min_length())
                stats += (info.max_length(), info.max_weight(), info.min_id(), info.max_id())
                terms[(fieldname, btext)] = (
                    stats,
                    blocks(leaf, fieldname, btext),
                    postings(leaf, fieldname, btext),
                )
            names = leaf.schema.names()
            docnums = range(leaf.doc_count_all())
            out[f"segment {number}"] = {
                "count": leaf.doc_count_all(),
                "deleted": [d for d in docnums if leaf.is_deleted(d)],
                "indexed fields": sorted(leaf.indexed_field_names()),
                "field lengths": {name: leaf.field_length(name) for name in names},
                "terms": terms,
                "stored": list(leaf.all_stored_fields()),
                "lengths": {name: [leaf.doc_field_length(d, name) for d in docnums] for name in names},
                "columns": {name: list(leaf.column_reader(name)) for name in names if leaf.has_column(name)},
            }
    return out


@pytest.fixture(scope="module")
def whoosh_s(docs: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """contents() of the segment Whoosh's writer makes of *docs*."""
    return contents(write(tmp_path_factory.mktemp("whoosh") / "plain", docs, fast=False))


@pytest.fixture(scope="module")
def whoosh_s_update(docs: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """contents() after update() with Whoosh's writer throughout."""
    return update(tmp_path_factory.mktemp("whoosh") / "plain", docs, first=False, then=False)


def test_a_segment_reads_back_as_whoosh_writes_it(
    docs: list[dict[str, Any]], whoosh_s: dict[str, Any], tmp_path: Path
) -> None:
    plain = whoosh_s
    fast = contents(write(tmp_path / "fast", docs, fast=True))
    assert len(docs) > 400
    terms = plain["segment 0"]["terms"]
    assert max(len(found) for _, found, _ in terms.values()) > 3  # posting lists of several blocks
    fields = {fieldname for fieldname, _ in terms}
    assert {"body", "title", "spell_body", "spell_title", "year", "countries", "themes"} <= fields
    assert fast.keys() == plain.keys()
    for name in plain["segment 0"]:
        assert fast["segment 0"][name] == plain["segment 0"][name], name


def test_the_comparison_catches_one_block_with_its_weights_off(
    docs: list[dict[str, Any]], whoosh_s: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast writer made to write one term's second block with every weight doubled: the
    comparison above finds that term, and only it, different."""
    plain = whoosh_s["segment 0"]["terms"]
    limit = whoosh_internals.block_limit()
    # The first term written (fields, then terms, in order) with three blocks or more.
    target = next(key for key in sorted(plain) if plain[key][0][1] > 2 * limit)
    original = whoosh_internals._write_term
    spoilt: list[int] = []

    def spoil(out: Any, held: list[Any], *args: Any) -> bytes:
        if len(held) > 2 * limit and not spoilt:
            spoilt.append(len(held))
            held = held[:limit] + [(d, w * 2, v) for d, w, v in held[limit : 2 * limit]] + held[2 * limit :]
        return original(out, held, *args)

    monkeypatch.setattr(whoosh_internals, "_write_term", spoil)
    fast = contents(write(tmp_path / "fast", docs, fast=True))["segment 0"]["terms"]
    assert spoilt
    assert [key for key in plain if fast[key] != plain[key]] == [target]
    stats, found, matched = fast[target]
    assert (
        found[0] == plain[target][1][0]
        and found[1] != plain[target][1][1]
        and found[2:] == plain[target][1][2:]
    )
    assert stats != plain[target][0] and matched != plain[target][2]


def test_blocks_keep_ids_and_weights_apart_from_their_values(
    docs: list[dict[str, Any]], tmp_path: Path
) -> None:
    """The fast writer's blocks of PACK_FROM postings or more: never compressed whole (flag 0), ids
    and weights as typed arrays
    that numpy reads at once, values packed and compressed on their own when long enough, so
    that reading a block's ids decompresses nothing (what the query's fast reads rely on)."""
    ix = write(tmp_path / "fast", docs, fast=True)
    kinds: set[tuple[str, Any]] = set()
    with ix.reader() as reader:
        leaf = next(iter(reader.leaf_readers()))[0]
        for (fieldname, btext), info in leaf._terms.items():
            matcher = W3LeafMatcher(leaf._terms._postfile, *info.extent(), leaf.schema[fieldname].format)
            raw = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
            ids, weights, values = pickle.loads(zlib.decompress(raw) if matcher._compression else raw)
            if len(ids) < whoosh_internals.PACK_FROM:  # as Whoosh writes it (compressed when long enough)
                assert type(ids) is tuple and not isinstance(values, whoosh_internals.PackedValues)
                kinds.add(("short", True))
                continue
            assert not matcher._compression, (fieldname, btext)
            assert type(ids) is array and ids.typecode in "BHIQ"
            kinds.add(
                ("weights", type(weights).__name__ if not isinstance(weights, array) else weights.typecode)
            )
            if isinstance(values, whoosh_internals.PackedValues):
                joined = sum(len(value) for value in values)
                compressed = values.__reduce__()[1][2] > 0
                assert compressed == (joined >= whoosh_internals.COMPRESS_FROM), (fieldname, btext)
                kinds.add(("values compressed", compressed))
                assert len(values) == len(ids) and values[-1] == values[len(values) - 1]
    assert {("values compressed", True), ("short", True), ("weights", "NoneType")} <= kinds
    assert ("weights", "B") in kinds  # term frequencies as bytes


def test_past_its_memory_limit_the_writer_hands_its_postings_to_whoosh_s_pool(
    docs: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer over its ``limitmb`` (here 1 MB, about 6,000 postings) gives what it holds to
    Whoosh's pool, which sorts in runs on disk: the segment is Whoosh's, byte for byte."""
    spilled: list[bool] = []
    flush = whoosh_internals.FastSegmentWriter._flush_segment

    def noting(self: Any) -> None:
        spilled.append(self.pool.spilled)
        flush(self)

    monkeypatch.setattr(whoosh_internals.FastSegmentWriter, "_flush_segment", noting)
    plain = contents(write(tmp_path / "plain", docs, fast=False, limitmb=1))
    fast = contents(write(tmp_path / "fast", docs, fast=True, limitmb=1))
    assert spilled == [True]
    assert fast == plain


def update(folder: Path, docs: list[dict[str, Any]], first: bool, then: bool) -> dict[str, Any]:
    """Two segments of *docs* (but the last five) written by one writer (*first*: the fast one),
    then one commit by another (*then*) that replaces a section of the first segment, deletes
    another and adds the last five, with the purge of a real update run."""
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), make_schema())
    half = len(docs) // 2
    for part in (docs[:half], docs[half:-5]):
        writer = writer_of(ix, first)
        for doc in part:
            writer.add_document(**whoosh_fields(doc))
        writer.commit(merge=False)
    ix = whoosh_index.open_dir(str(folder))
    writer = writer_of(ix, then)
    writer.delete_by_term("key", docs[3]["key"])
    writer.delete_by_term("key", docs[0]["key"])  # document 0 of its segment
    changed = dict(docs[3], body=docs[3]["body"] + " a changed sentence")
    for doc in [changed, *docs[-5:]]:
        writer.add_document(**whoosh_fields(doc))
    writer.commit(mergetype=purge_deleted)
    return contents(whoosh_index.open_dir(str(folder)))


@pytest.mark.parametrize(("first", "then"), [(True, False), (False, True), (True, True)])
def test_an_update_rewrites_segments_as_whoosh_does(
    docs: list[dict[str, Any]], whoosh_s_update: dict[str, Any], tmp_path: Path, first: bool, then: bool
) -> None:
    plain = whoosh_s_update
    whoosh_internals.reset_counters()
    other = update(tmp_path / "other", docs, first=first, then=then)
    merged = whoosh_internals.counters()
    # the segment that lost sections: copied a posting list at a time by the fast writer only
    assert (merged.fast_merges, merged.whoosh_merges) == ((1, 0) if then else (0, 1))
    # Both segments are rewritten into the new one: the first lost sections (add_live_segment),
    # the second is under SMALL_SEGMENT (Whoosh's add_reader).
    assert len(plain) == 1 and plain["segment 0"]["count"] == len(docs) - 1
    assert other == plain


def test_answers_equal_those_of_an_index_whoosh_wrote(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full run writes its two segments with the fast writer in the two worker processes (the
    index report says so); with the fast paths off, with Whoosh's (and says so); same answers.
    Then one incremental run on each, through the same writers, and the answers again."""
    monkeypatch.setattr(index_module, "SEGMENT_RECORDS", 150)  # two segments, one per worker
    fast_report = build_index(corpus, tmp_path / "fast", incremental=False)
    with whoosh_internals.fallback_only():
        plain_report = build_index(corpus, tmp_path / "plain", incremental=False)
    assert fast_report.engine["segment_writers"] == {whoosh_internals.FAST_WRITER: 2}
    assert plain_report.engine["segment_writers"] == {whoosh_internals.WHOOSH_WRITER: 2}

    def same_answers(recs: list[dict[str, Any]]) -> None:
        fast_ix, plain_ix = open_index(tmp_path / "fast"), open_index(tmp_path / "plain")
        with fast_ix.searcher() as fast, plain_ix.searcher() as plain:
            for q in queries(recs):
                mine = search(tmp_path / "fast", q.request, searcher=fast)
                theirs = search(tmp_path / "plain", q.request, searcher=plain)
                assert mine == theirs, q
        fast_ix.close()
        plain_ix.close()

    recs = records(DOCUMENTS)
    same_answers(recs)
    edited = [
        dict(r, text=r["text"] + " Harbour inspection.") if n % 17 == 3 else r for n, r in enumerate(recs)
    ]
    lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in edited[:-2])
    corpus.with_name("edited.jsonl").write_text("".join(lines), "utf-8")
    fast_update = build_index(corpus.with_name("edited.jsonl"), tmp_path / "fast")
    with whoosh_internals.fallback_only():
        plain_update = build_index(corpus.with_name("edited.jsonl"), tmp_path / "plain")
    assert not fast_update.full and fast_update.updated > 0 and fast_update.deleted > 0
    assert (fast_update.updated, fast_update.deleted) == (plain_update.updated, plain_update.deleted)
    assert fast_update.engine["segment_writers"] == {whoosh_internals.FAST_WRITER: 1}
    assert plain_update.engine["segment_writers"] == {whoosh_internals.WHOOSH_WRITER: 1}
    same_answers(edited[:-2])


def test_an_unsupported_whoosh_gets_whoosh_s_writer_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ix = whoosh_index.create_in(str(tmp_path), make_schema())
    whoosh_internals.reset_counters()
    writer = whoosh_internals.fast_writer(ix)
    assert type(writer) is whoosh_internals.FastSegmentWriter
    writer.cancel()
    monkeypatch.setattr(support, "SUPPORT", support.judge((2, 7, 5)))  # where the verdict lives
    writer = whoosh_internals.fast_writer(ix)
    assert type(writer) is SegmentWriter
    writer.cancel()
    counts = whoosh_internals.counters()
    assert (counts.fast_writers, counts.whoosh_writers) == (1, 1)


def test_a_committed_writer_lets_its_postings_go(docs: list[dict[str, Any]], tmp_path: Path) -> None:
    """A writer sits in reference cycles: whatever keeps it after its commit (until the cycle
    collector runs) must not keep a segment's postings."""
    ix = whoosh_index.create_in(str(tmp_path), make_schema())
    writer = writer_of(ix, fast=True)
    for doc in docs[:50]:
        writer.add_document(**whoosh_fields(doc))
    assert writer.pool.fields and writer._plans
    writer.commit(merge=False)
    assert writer.pool.fields == {} and writer._plans == {}


@pytest.mark.parametrize("fast", [True, False])
def test_posting_lists_read_in_place_equal_whoosh_s_matcher(
    docs: list[dict[str, Any]], tmp_path: Path, fast: bool
) -> None:
    """decode_postings reads each posting list from the mapped file after one lookup in the
    mapped term table; for every term of every field (and terms that are not there) it gives
    what decoding Whoosh's matcher gives, and the patched term-table lookup finds what Whoosh's
    own finds, on segments of either writer."""
    ix = write(tmp_path / "ix", docs, fast=fast)
    with ix.reader() as reader:
        leaf = next(iter(reader.leaf_readers()))[0]
        tindex = leaf._terms._tindex
        assert whoosh_internals._in_place(tindex) and whoosh_internals.patched()
        whoosh_internals.reset_counters()
        keys = list(tindex.keys())
        terms = list(leaf._terms.terms())
        absent = [("body", b"nosuchword"), ("title", b"\xff"), ("nosuchfield", b"police"), ("body", b"")]
        for fieldname, btext in [*terms, *absent]:
            mine = whoosh_internals.decode_postings(leaf, fieldname, btext)
            theirs = whoosh_internals._decode_matcher(leaf, fieldname, btext)
            assert mine is not None and theirs is not None
            assert mine[0].tolist() == theirs[0].tolist() and mine[1].tolist() == theirs[1].tolist()
        assert whoosh_internals.counters().fast_reads == 2 * len(terms)  # an absent term: EMPTY, not counted
        for key in [*keys, b"\x00\x00nosuchword", b"", b"\xff\xff"]:
            patched = list(tindex.ranges_for_key(key))
            assert patched == list(whoosh_internals._whoosh_ranges_for_key(tindex, key)), key
            assert len(patched) == (key in set(keys))


def _block_by_block(blocks: list[tuple[Any, Any]]) -> tuple[np.ndarray, np.ndarray]:
    """What W3LeafMatcher's blocks decode to, one block at a time: the reference."""
    ids, weights = [], []
    for raw_ids, raw_weights in blocks:
        block = np.cumsum(np.asarray(raw_ids, dtype=np.int64))
        ids.append(block)
        if raw_weights is None or isinstance(raw_weights, float):
            weights.append(np.full(len(block), 1.0 if raw_weights is None else raw_weights))
        else:
            weights.append(np.asarray(raw_weights, dtype=np.float64))
    return np.concatenate(ids), np.concatenate(weights)


JOINED_CASES = {
    "one block": [(array("B", [3, 1, 4]), None)],
    "one weight a block": [
        (array("B", [0, 2, 2]), None),
        (array("H", [300, 700]), 2.5),
        (array("B", [9]), None),
    ],
    "weights a posting": [
        (array("H", [5, 1000, 1]), array("B", [1, 2, 3])),
        (array("I", [70000, 1]), array("f", [0.5, 1.5])),
    ],
    "mixed kinds": [
        (array("B", [1, 1]), array("B", [4, 1])),
        ((2, 3, 4), None),
        (array("L", [2**40, 1]), (1.0, 2.0)),
        (array("H", [7]), 3.0),
    ],
}


@pytest.mark.parametrize("case", list(JOINED_CASES))
def test_joined_blocks_equal_the_blocks_decoded_one_at_a_time(case: str) -> None:
    """decode_postings sums the ids of all of a posting list's blocks in one pass: each block's
    ids still start from 0, and each posting gets its block's weight, as block by block."""
    blocks = JOINED_CASES[case]
    mine, theirs = whoosh_internals.joined_blocks(blocks), _block_by_block(blocks)
    assert mine[0].dtype == theirs[0].dtype == np.int64 and mine[1].dtype == theirs[1].dtype == np.float64
    assert mine[0].tolist() == theirs[0].tolist() and mine[1].tolist() == theirs[1].tolist()


def test_stored_fields_read_from_the_column_equal_whoosh_s(
    docs: list[dict[str, Any]], tmp_path: Path
) -> None:
    """The stored fields read straight from a segment's column are Whoosh's, through a reader of
    several segments and through each segment's; a closed reader still says so."""
    ix = write(tmp_path / "ix", docs[:40], fast=True)
    writer = writer_of(ix, True)
    for doc in docs[40:70]:
        writer.add_document(**whoosh_fields(doc))
    writer.commit(merge=False)
    reader = whoosh_index.open_dir(str(tmp_path / "ix")).reader()
    assert type(reader) is MultiReader
    for docnum in range(reader.doc_count_all()):
        assert whoosh_internals.stored_fields(reader, docnum) == reader.stored_fields(docnum)
    for leaf, _ in reader.leaf_readers():
        assert [whoosh_internals.stored_fields(leaf, n) for n in range(leaf.doc_count_all())] == [
            leaf.stored_fields(n) for n in range(leaf.doc_count_all())
        ]
    reader.close()
    with pytest.raises(ReaderClosed):
        whoosh_internals.stored_fields(reader, 0)


def test_a_segment_with_deletions_is_read_fast_without_its_deleted_documents(
    docs: list[dict[str, Any]], tmp_path: Path
) -> None:
    write(tmp_path / "ix", docs, fast=True)
    ix = whoosh_index.open_dir(str(tmp_path / "ix"))
    writer = ix.writer()
    writer.delete_by_term("key", docs[1]["key"])
    writer.commit(merge=False)
    with whoosh_index.open_dir(str(tmp_path / "ix")).reader() as reader:
        leaf = next(iter(reader.leaf_readers()))[0]
        assert leaf.has_deletions()
        gone = next(iter(leaf.segment().deleted_docs()))
        whoosh_internals.reset_counters()
        held = 0
        for fieldname, btext in list(leaf._terms.terms()):
            mine = whoosh_internals.decode_postings(leaf, fieldname, btext)
            matcher = leaf.postings(fieldname, btext)  # Whoosh's filter over the deleted document
            ids, weights = [], []
            while matcher.is_active():
                ids.append(matcher.id())
                weights.append(matcher.weight())
                matcher.next()
            assert mine is not None and mine[0].tolist() == ids and mine[1].tolist() == weights
            unfiltered = leaf._terms.matcher(fieldname, btext, leaf.schema[fieldname].format)
            held += gone in list(unfiltered.all_ids())
        counts = whoosh_internals.counters()
        assert counts.fallback_reads == 0 and counts.fast_reads >= len(list(leaf._terms.terms()))
        assert held > 0  # the deleted document's postings are in the files, and were left out


def test_term_values_equal_whoosh_s_matcher(docs: list[dict[str, Any]], tmp_path: Path) -> None:
    """The positions a phrase reads and the characters a snippet reads (a block at a time, for the
    documents asked) equal those of Whoosh's matcher (skip_to, value_as), for words of one
    posting to several blocks, documents that hold the word and documents that do not, in a
    segment with a deleted document."""
    write(tmp_path / "ix", docs, fast=True)
    ix = whoosh_index.open_dir(str(tmp_path / "ix"))
    writer = ix.writer()
    writer.delete_by_term("key", docs[5]["key"])
    writer.commit(merge=False)
    with whoosh_index.open_dir(str(tmp_path / "ix")).reader() as reader:
        leaf = next(iter(reader.leaf_readers()))[0]
        everyone = list(range(leaf.doc_count_all()))
        limit = whoosh_internals.block_limit()
        checked = spanning = 0
        for fieldname in ("body", "title"):
            for n, btext in enumerate(leaf.lexicon(fieldname)):
                if n % 7 and leaf.doc_frequency(fieldname, btext) <= limit:
                    continue  # every word of several blocks, and a seventh of the others
                asked = everyone[n % 3 :: 1 + n % 4]
                kinds = ("positions", "characters") if fieldname == "body" else ("positions",)
                for kind in kinds:
                    mine = whoosh_internals.term_values(leaf, fieldname, btext, asked, kind)
                    assert mine is not None
                    theirs: dict[int, list[Any]] = {}
                    matcher = leaf.postings(fieldname, btext)
                    for docnum in asked:
                        if matcher.is_active() and matcher.id() < docnum:
                            matcher.skip_to(docnum)
                        if matcher.is_active() and matcher.id() == docnum:
                            theirs[docnum] = list(matcher.value_as(kind))
                    assert mine == theirs, (fieldname, btext, kind)
                    if kind == "positions":  # what a phrase reads: a block's values at once
                        at_once = whoosh_internals.term_positions(leaf, fieldname, btext, np.array(asked))
                        assert at_once is not None
                        grouped: dict[int, list[int]] = {}
                        for docnum, position in zip(*(part.tolist() for part in at_once), strict=True):
                            grouped.setdefault(docnum, []).append(position)
                        assert grouped == theirs, (fieldname, btext)
                checked += 1
                spanning += leaf.doc_frequency(fieldname, btext) > 2 * limit
        assert checked > 100 and spanning > 0
        assert whoosh_internals.counters().value_reads >= checked  # counted apart from posting lists
        assert whoosh_internals.term_values(leaf, "body", b"nosuchword", everyone) == {}
        assert whoosh_internals.term_values(leaf, "title", b"polic", everyone, "characters") is None
        with whoosh_internals.fallback_only():
            assert whoosh_internals.term_values(leaf, "body", b"polic", everyone) is None
            assert whoosh_internals.term_positions(leaf, "body", b"polic", np.array(everyone)) is None


@pytest.mark.parametrize("deleted", [set(), {0}, {3, 4, 5}, {9, 100}, set(range(10)), {2, 7, 1000, 1001}])
def test_the_documents_asked_lose_the_deleted_ones_as_setdiff1d_drops_them(deleted: set[int]) -> None:
    """A phrase word's read in a segment with holes asks for the live documents only."""
    leaf = SimpleNamespace(segment=lambda: SimpleNamespace(deleted_docs=lambda: iter(deleted)))
    for asked in (np.arange(10), np.array([0, 2, 7, 9]), np.array([5]), np.zeros(0, dtype=np.int64)):
        expected = np.setdiff1d(asked, np.fromiter(deleted, dtype=np.int64))
        assert whoosh_internals._without_deleted(leaf, asked).tolist() == expected.tolist()


def test_values_of_one_document_check_only_the_header_of_the_block_read(
    docs: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A snippet's or a phrase's reads walk a common word's block headers to the block holding
    the document asked for: only that block's header is pickled again to find where its data
    starts, not every header skipped on the way."""
    write(tmp_path / "ix", docs, fast=True)
    with whoosh_index.open_dir(str(tmp_path / "ix")).reader() as reader:
        leaf = next(iter(reader.leaf_readers()))[0]
        limit = whoosh_internals.block_limit()
        btext = max(leaf.lexicon("body"), key=lambda word: leaf.doc_frequency("body", word))
        assert leaf.doc_frequency("body", btext) > limit  # two blocks or more: one skipped
        last = list(leaf.postings("body", btext).all_ids())[-1]
        pickled: list[Any] = []
        dumps = whoosh_internals.dumps
        monkeypatch.setattr(
            whoosh_internals, "dumps", lambda value, *a: pickled.append(value) or dumps(value, *a)
        )
        values = whoosh_internals.term_values(leaf, "body", btext, [last], "characters")
        assert values is not None and list(values) == [last] and len(pickled) == 1
        positions = whoosh_internals.term_positions(leaf, "body", btext, np.array([last]))
        assert positions is not None and set(positions[0].tolist()) == {last} and len(pickled) == 2


def test_a_block_header_past_the_bytes_first_read_is_read_whole(
    docs: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Block headers are unpickled from their first bytes; one longer than those is read from
    the whole block instead, with the same result."""
    ix = write(tmp_path / "fast", docs, fast=True)
    with ix.reader() as reader:
        leaf = next(iter(reader.leaf_readers()))[0]
        postfile = leaf._terms._postfile
        lists = []
        for (name, btext), info in leaf._terms.items():
            offset, length = info.extent()  # (Whoosh's from_bytes leaves the length in a 1-tuple)
            if name == "body":
                lists.append((name, btext, offset, length[0] if isinstance(length, tuple) else length))

        def spans() -> list[Any]:
            return [
                (info, bytes(data))
                for name, btext, offset, length in lists
                for info, data in whoosh_internals._block_spans(postfile.get(offset, length), 0, length, name)
            ]

        usual = spans()
        monkeypatch.setattr(whoosh_internals, "_HEADER_READ", 6)
        assert spans() == usual and len(usual) > 100
