"""Attacks on the stored fields' column compressed in groups (schema 9): every path that writes a
segment leaves a withdrawn or redacted text in no file and in no record read back (the records
are compressed, so the files' bytes alone prove little), odd records read back exactly, and a
column this crossings cannot read is refused with what to run, not read as garbage.
"""

from __future__ import annotations

import json
import pickle
import struct
import threading
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import RamStorage
from whoosh.filedb.structfile import BufferFile

from bench.search.bench_search import records
from crossings.search.api import search
from crossings.search.engine import support, whoosh_internals
from crossings.search.indexing.errors import IndexOutdated
from crossings.search.indexing.index import META, LiveSearcher, build_index, open_index
from crossings.search.indexing.records import read_corpus
from crossings.search.request.search_request import SearchRequest
from tests.search.test_fast_writer import write
from tests.search.test_purge_in_place import (
    WITHDRAWN,
    in_place,
    index_bytes,
    shrink,
    withdrawn_record,
    write_lines,
)
from tests.search.test_stored_dictionary import TELLING, column, groups_of, one_leaf

# A name redacted by an edit of a section kept in the corpus (sample text written for this test).
REDACTED = "Wirasakdiphong"


@pytest.fixture(scope="module")
def lines() -> list[dict[str, Any]]:
    """About 420 generated records, the withdrawn document's two sections among them, and a
    section naming REDACTED that an edit will replace."""
    generated = list(records(40))
    generated[300] = {**generated[300], "text": f"{generated[300]['text']} Named by {REDACTED}."}
    return [*generated[:150], *(withdrawn_record(n, t) for n, t in enumerate(WITHDRAWN, 1)), *generated[150:]]


@pytest.fixture(scope="module")
def docs(lines: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """The records as the index reads them."""
    return read_corpus(write_lines(tmp_path_factory.mktemp("corpus") / "corpus.jsonl", lines))


def records_of(ix: Any) -> bytes:
    """Every record of every segment of *ix* read through its column (as pickled), joined: where
    a test looks for text Whoosh's column compresses record by record."""
    with ix.reader() as reader:
        leaves = [leaf for leaf, _ in reader.leaf_readers()]
        return b"".join(column(leaf)[docnum] for leaf in leaves for docnum in range(leaf.doc_count_all()))


def no_trace(folder: Path, ix: Any, texts: list[bytes]) -> dict[str, dict[str, Any]]:
    """Assert that *texts* are in no byte of *folder*'s files and in no record of any segment of
    *ix* read through the column (a hole reads as {} through the reader); the live records, by key."""
    held = index_bytes(folder)
    for text in texts:
        assert text not in held, text
    live: dict[str, dict[str, Any]] = {}
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            stored = column(leaf)
            for docnum in range(leaf.doc_count_all()):
                record = stored[docnum]
                for text in texts:
                    assert text not in record, (docnum, text)
                if leaf.is_deleted(docnum):
                    assert record == b"" and leaf.stored_fields(docnum) == {}, docnum
                else:
                    fields = leaf.stored_fields(docnum)
                    assert fields == pickle.loads(record)
                    live[fields["key"]] = fields
    return live


def delete_and_purge(folder: Path, keys: list[str]) -> Any:
    """One commit deleting the sections *keys* from *folder*'s one segment, purged in place."""
    writer = whoosh_internals.fast_writer(whoosh_index.open_dir(str(folder)))
    for key in keys:
        writer.delete_by_term("key", key)
    whoosh_internals.reset_counters()
    writer.commit(mergetype=lambda writer, segments: [in_place(writer, segment) for segment in segments])
    return whoosh_index.open_dir(str(folder))


def test_purges_in_a_row_keep_their_holes_empty_and_take_out_each_new_deletion(
    docs: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Holes at the segment's start and in a dictionary, then the withdrawn document, then every
    record of the first group: each purge in turn, the earlier holes staying holes."""
    groups_of(monkeypatch, 16_000)
    folder = tmp_path / "ix"
    ix = write(folder, docs, fast=True)
    first = column(one_leaf(ix))
    withdrawn = [d for d, doc in enumerate(docs) if doc["id"] == "doc-withdrawn"]
    rounds = [[0, 1, 2, *first.sampled[1][:2]], withdrawn, list(range(3, first.firsts[1]))]
    gone: set[int] = set()
    for deleted in rounds:
        ix = delete_and_purge(folder, [docs[d]["key"] for d in deleted])
        assert whoosh_internals.counters().stored_groups_recompressed >= 1
        gone |= set(deleted)
        live = no_trace(folder, ix, TELLING if gone >= set(withdrawn) else [])
        assert live == {
            docs[d]["key"]: one_leaf(ix).stored_fields(d) for d in range(len(docs)) if d not in gone
        }
        assert set(live) == {docs[d]["key"] for d in range(len(docs)) if d not in gone}
    last = column(one_leaf(ix))
    assert last.sampled[0] == ()  # the first group holds only holes: no dictionary
    assert not gone & {docnum for group in last.sampled for docnum in group}


def odd_records() -> list[bytes]:
    """Records an archive could hold: empty, one byte, NUL and other control bytes, Thai, Chinese
    and emoji text pickled, one past GROUP_BYTES, and plain ones around them."""
    return [
        b"",
        pickle.dumps({"text": "สมศรีวิไล 黃秀蘭 🙂\x00\x01 end"}, 2),
        b"\x00",
        *(pickle.dumps({"n": n, "text": f"record {n} " * 40}, 2) for n in range(30)),
        b"",
        bytes(range(256)) * 5000,  # 1.28 MB: a group of its own, its last 32 KB the dictionary
        *(pickle.dumps({"n": n, "text": "短い " * n}, 2) for n in range(30)),
        b"\x00" * 70_000,
        b"",
    ]


def column_of(values: list[bytes], doccount: int | None = None) -> tuple[bytes, Any]:
    """*values* written through the column's writer (docnum order), the bytes and a reader."""
    storage = RamStorage()
    out = storage.create_file("stored")
    writer = whoosh_internals.GroupedDictionaryColumn().writer(out)
    for docnum, value in enumerate(values):
        writer.add(docnum, value)
    count = len(values) if doccount is None else doccount
    writer.finish(count)
    out.close()
    data: bytes = storage.open_file("stored").read()
    return data, read_column(data, count)


def read_column(data: bytes, doccount: int) -> Any:
    """A reader of the column *data*."""
    return whoosh_internals.GroupedDictionaryColumn().reader(BufferFile(data), 0, len(data), doccount)


@pytest.mark.parametrize("group_bytes", [1, 3_000, whoosh_internals.GROUP_BYTES])
def test_odd_records_read_back_exactly(group_bytes: int, monkeypatch: pytest.MonkeyPatch) -> None:
    groups_of(monkeypatch, group_bytes)
    values = odd_records()
    _, stored = column_of(values)
    assert [stored[d] for d in range(len(values))] == values == stored.load()
    _, one = column_of(values[1:2])
    assert (one.firsts, one[0]) == ([0], values[1])
    _, none = column_of([b"", b""])
    assert (none.firsts, none.sampled, none[1]) == ([0], [()], b"")
    _, past = column_of(values[:3], doccount=6)  # documents past the last one added read empty
    assert [past[d] for d in range(6)] == [*values[:3], b"", b"", b""]


def test_two_threads_read_records_of_different_groups_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    groups_of(monkeypatch, 3_000)
    values = [pickle.dumps({"n": n, "text": f"{n} " * (n % 90)}, 2) for n in range(600)]
    _, stored = column_of(values)
    assert len(stored.firsts) > 10
    failures: list[Any] = []
    barrier = threading.Barrier(2)

    def read(order: list[int]) -> None:
        barrier.wait()
        for _ in range(5):
            for docnum in order:
                if stored[docnum] != values[docnum]:
                    failures.append(docnum)

    threads = [threading.Thread(target=read, args=(o,)) for o in (list(range(600)), list(range(599, -1, -1)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures


DAMAGES = ["truncated", "half", "empty", "one more group", "one group fewer", "records longer", "a table row"]
DAMAGES += ["a sampled docnum"]


def damaged(data: bytes) -> dict[str, bytes]:
    """The column *data* truncated or with its trailer or table altered (DAMAGES)."""
    records, count, magic = struct.unpack("<QI4s", data[-16:])
    return {
        "truncated": data[:-10],
        "half": data[: len(data) // 2],
        "empty": b"",
        "one more group": data[:-16] + struct.pack("<QI4s", records, count + 1, magic),
        "one group fewer": data[:-16] + struct.pack("<QI4s", records, count - 1, magic),
        "records longer": data[:-16] + struct.pack("<QI4s", records + 1, count, magic),
        "a table row": data[:-28] + struct.pack("<III", 7, 1, 0) + data[-16:],
        "a sampled docnum": data[: -16 - 12 * count - 4]
        + struct.pack("<I", 10**6)
        + data[-16 - 12 * count :],
    }


@pytest.mark.parametrize("case", DAMAGES)
def test_a_damaged_column_is_refused_with_what_to_run(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not garbage: a wrong dictionary decompresses a record into other bytes without an error."""
    groups_of(monkeypatch, 3_000)
    values = [pickle.dumps({"n": n, "text": f"text {n} " * 30}, 2) for n in range(200)]
    data, stored = column_of(values)
    assert len(stored.firsts) > 5
    cases = damaged(data)
    assert list(cases) == DAMAGES
    with pytest.raises(whoosh_internals.StoredColumnError, match=r"crossings index --full"):
        read_column(cases[case], len(values))


def old_schema_index(corpus: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An index of *corpus* in *folder* as schema 8 wrote it: Whoosh's stored column, its
    fingerprint of version 8."""
    with monkeypatch.context() as patch:
        patch.setattr(whoosh_internals, "index_codec", W3Codec)  # Whoosh's stored column
        report = build_index(corpus, folder, incremental=False)
    meta = folder / report.generation / META
    written = json.loads(meta.read_text("utf-8"))
    written["fingerprint"] = written["fingerprint"].replace("v9|", "v8|", 1)
    meta.write_text(json.dumps(written), "utf-8")


def test_an_index_of_the_older_schema_is_refused_then_built_again_in_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search (the CLI's and a long-lived searcher's) says what to run, not a ValueError from
    the first record read; the next index run rebuilds in full."""
    corpus = write_lines(tmp_path / "corpus.jsonl", list(records(5)))
    folder = tmp_path / "ix"
    old_schema_index(corpus, folder, monkeypatch)
    with pytest.raises(IndexOutdated, match=r"index schema 8, this one reads 9.*crossings index --full"):
        search(folder, SearchRequest("police"))
    live = LiveSearcher(folder)
    with pytest.raises(IndexOutdated, match="crossings index --full"):
        live.get()
    report = build_index(corpus, folder)
    assert report.full and report.generation == "gen-000002"
    assert search(folder, SearchRequest("police"))["hits"]
    assert live.get() is not None
    live.close()


def test_a_segment_of_the_older_column_reads_by_its_codec_and_a_purge_puts_it_in_groups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a fingerprint to go by (a generation's crossings.json lost), each segment names
    the codec that wrote it: Whoosh's column reads as Whoosh's, and the next purge of the segment
    writes its records in groups."""
    corpus = write_lines(tmp_path / "corpus.jsonl", list(records(3)))
    old_schema_index(corpus, tmp_path / "ix", monkeypatch)
    gen = next((tmp_path / "ix").glob("gen-*"))
    (gen / META).unlink()
    ix = whoosh_index.open_dir(str(gen))
    with ix.reader() as reader:
        (leaf, _), *_ = list(reader.leaf_readers())
        assert type(leaf.codec()) is W3Codec
        assert type(column(leaf)) is not whoosh_internals.GroupedDictionaryColumn.Reader
        keys = [leaf.stored_fields(d)["key"] for d in range(leaf.doc_count_all())]
    assert keys == [doc["key"] for doc in read_corpus(corpus)]
    writer = whoosh_internals.fast_writer(ix)
    writer.delete_by_term("key", keys[0])
    writer.commit(
        mergetype=lambda writer, segments: [whoosh_internals.purge_in_place(writer, s) for s in segments]
    )
    with whoosh_index.open_dir(str(gen)).reader() as reader:
        (leaf, _), *_ = list(reader.leaf_readers())
        assert type(leaf.codec()) is whoosh_internals.StoredInGroupsCodec
        assert type(column(leaf)) is whoosh_internals.GroupedDictionaryColumn.Reader
        assert [leaf.stored_fields(d).get("key") for d in range(leaf.doc_count_all())] == [None, *keys[1:]]


@pytest.mark.parametrize("paths", ["fast", "whoosh", "mixed"])
def test_updates_withdrawing_and_redacting_leave_no_trace_in_any_file_or_record(
    lines: list[dict[str, Any]], paths: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through build_index, small segments and groups (every record of a group in its
    dictionary): withdraw a document, redact a name, then withdraw documents until a segment
    is rewritten renumbered; after each update no trace, every live record as the corpus says.
    With the fast paths off, Whoosh's own writer and merges write every segment; mixed, they
    go off after the first two updates, and Whoosh merges segments the purges left holes in."""
    shrink(monkeypatch)
    groups_of(monkeypatch, 16_000)

    def fast_paths_off() -> None:  # a Whoosh the fast paths do not support: where the verdict lives
        monkeypatch.setattr(support, "SUPPORT", support.judge((2, 7, 5)))

    if paths == "whoosh":
        fast_paths_off()
    folder = tmp_path / "ix"
    now = [dict(line) for line in lines]
    corpus = write_lines(tmp_path / "corpus.jsonl", now)
    first = build_index(corpus, folder, incremental=False)
    held = index_bytes(folder / first.generation) + records_of(open_index(folder))
    assert all(text in held for text in TELLING) and REDACTED.encode() in held  # the check can fail
    gone = [*TELLING]
    steps: list[tuple[str, Any]] = [("withdraw", "doc-withdrawn"), ("redact", REDACTED)]
    steps += [("withdraw", doc_id) for doc_id in list(dict.fromkeys(line["id"] for line in now[:120]))[:4]]
    rewritten = purged = whoosh_writers = 0
    for step, (kind, what) in enumerate(steps):
        if paths == "mixed" and step == 2:
            fast_paths_off()
        if kind == "withdraw":
            now = [line for line in now if line["id"] != what]
        else:
            now = [{**line, "text": line["text"].replace(what, "[redacted]")} for line in now]
            gone.append(what.encode())
        write_lines(corpus, now)
        whoosh_internals.reset_counters()
        report = build_index(corpus, folder)
        assert not report.full
        rewritten += whoosh_internals.counters().fast_merges
        purged += whoosh_internals.counters().purges_in_place
        whoosh_writers += whoosh_internals.counters().whoosh_writers
        live = no_trace(folder / report.generation, open_index(folder), gone)
        expected = read_corpus(corpus)
        assert sorted(live) == sorted(doc["key"] for doc in expected)
        assert {key: fields["body"] for key, fields in live.items()} == {
            doc["key"]: doc["body"] for doc in expected
        }
    if paths == "fast":
        assert purged >= 2 and rewritten >= 1 and whoosh_writers == 0  # both paths ran
    elif paths == "whoosh":
        assert purged == rewritten == 0 and whoosh_writers == len(steps)
    else:
        assert purged == 2 and whoosh_writers == len(steps) - 2
