"""The key file an incremental run reads instead of Whoosh's columns, and the parallel full build."""

from __future__ import annotations

import gc
import itertools
import json
import random
import time
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from crossings.search.engine.schema import make_schema
from crossings.search.indexing import index as index_module
from crossings.search.indexing import keys as keys_module
from crossings.search.indexing import parallel
from crossings.search.indexing.errors import CorpusError
from crossings.search.indexing.index import build_index, open_index
from crossings.search.indexing.keys import LINE_HASH_KIND, PATTERN, keys_of, load_keys
from crossings.search.indexing.parallel import write_segments_here
from crossings.search.indexing.records import corpus_lines, read_corpus, whoosh_fields

from .conftest import CORPUS, key_file, record, write_corpus


def _edit(corpus: Path) -> None:
    """Delete one document, rewrite another's text and add a third."""
    records = [dict(r) for r in CORPUS if r["id"] != "law-paper"]
    records[0]["text"] = "Rewritten lead about tuberculosis."
    records.append(record("new-doc", "A brand new statement on outreach.", type="statement"))
    write_corpus(corpus, records)


def _key_files(index_dir: Path, generation: str) -> list[Path]:
    """The key files of one generation folder."""
    return sorted((index_dir / generation).glob(PATTERN))


@pytest.mark.parametrize("with_key_file", [True, False])
def test_update_reports_the_same_with_or_without_the_key_file(tmp_path: Path, with_key_file: bool) -> None:
    corpus, ix = write_corpus(tmp_path / "en.jsonl", CORPUS), tmp_path / "ix"
    build_index(corpus, ix)
    if not with_key_file:  # as after a crash between Whoosh's commit and the key file
        for path in _key_files(ix, "gen-000001"):
            path.unlink()
    _edit(corpus)
    report = build_index(corpus, ix)
    assert (report.added, report.updated, report.deleted, report.unchanged) == (1, 1, 1, len(CORPUS) - 2)
    assert report.changed_ids == ["law-paper", "new-doc", "thailand-report"]
    generation = open_index(ix).latest_generation()
    assert _key_files(ix, "gen-000001") == [ix / "gen-000001" / f"crossings-keys.{generation}.json"]
    written = load_keys(ix / "gen-000001", generation)
    assert written is not None and written.documents == keys_of(read_corpus(corpus))


def test_key_file_forgets_withdrawn_sections(tmp_path: Path) -> None:
    corpus, ix = write_corpus(tmp_path / "en.jsonl", CORPUS), tmp_path / "ix"
    build_index(corpus, ix)
    _edit(corpus)
    build_index(corpus, ix)
    text = "".join(path.read_text(encoding="utf-8") for path in _key_files(ix, "gen-000001"))
    assert "law-paper" not in text and "new-doc" in text


def test_an_update_decodes_the_keys_of_the_changed_documents_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key file lists its documents on one line and holds each one's keys apart: an update
    decodes those of the documents whose lines changed, and copies the others' as they were."""
    records = [record(f"doc-{n:02}", f"Statement {n} on outreach and health.") for n in range(20)]
    corpus, ix = write_corpus(tmp_path / "en.jsonl", records), tmp_path / "ix"
    build_index(corpus, ix)
    before = key_file(ix)[2]["documents"]
    records[7] = dict(records[7], text="A rewritten statement on migration.")
    write_corpus(corpus, records)
    decoded: list[str] = []
    real = keys_module.Documents.__getitem__

    def counting(self: keys_module.Documents, doc_id: str) -> list[Any]:
        decoded.append(doc_id)
        return real(self, doc_id)

    monkeypatch.setattr(keys_module.Documents, "__getitem__", counting)
    report = build_index(corpus, ix)
    assert (report.updated, report.unchanged) == (1, 19)
    assert set(decoded) == {"doc-07"}
    after = key_file(ix)[2]["documents"]
    assert after == keys_of(read_corpus(corpus)) and after["doc-07"] != before["doc-07"]
    assert {doc_id: value for doc_id, value in after.items() if doc_id != "doc-07"} == {
        doc_id: value for doc_id, value in before.items() if doc_id != "doc-07"
    }


def test_parallel_full_build_keeps_corpus_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = write_corpus(tmp_path / "en.jsonl", CORPUS)
    monkeypatch.setattr(index_module, "SEGMENT_RECORDS", 1)
    monkeypatch.setattr(index_module, "SMALL_SEGMENT", 0)
    build_index(corpus, tmp_path / "ix", incremental=False)
    ix = open_index(tmp_path / "ix")
    assert len(ix._segments()) == len({r["id"] for r in CORPUS})
    with ix.searcher() as searcher:
        keys = [fields["key"] for fields in searcher.all_stored_fields()]
    assert keys == [doc["key"] for doc in read_corpus(corpus)]
    assert not list((tmp_path / "ix").rglob("part-*"))
    assert isinstance(ix, whoosh_index.FileIndex)


def test_a_free_worker_takes_the_next_chunk_and_segments_stay_in_corpus_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first document's chunk waits until every other chunk was started: the other worker
    must take them all (a worker given a fixed run of chunks would never reach its second one),
    and the segments are still listed in corpus order although the first one ends last."""
    corpus = write_corpus(tmp_path / "en.jsonl", CORPUS)
    monkeypatch.setattr(index_module, "SEGMENT_RECORDS", 1)
    monkeypatch.setattr(index_module, "SMALL_SEGMENT", 0)
    first, others = CORPUS[0]["id"], {r["id"] for r in CORPUS[1:]} - {CORPUS[0]["id"]}
    started = tmp_path / "started"
    started.mkdir()

    def fields_once_the_others_started(doc: dict[str, Any]) -> dict[str, Any]:
        deadline = time.monotonic() + 60
        while doc["id"] == first and {path.name for path in started.iterdir()} < others:
            assert time.monotonic() < deadline, "the other chunks were not taken while the first one waited"
            time.sleep(0.02)
        (started / doc["id"]).touch()
        return whoosh_fields(doc)

    monkeypatch.setattr(parallel, "whoosh_fields", fields_once_the_others_started)
    build_index(corpus, tmp_path / "ix", incremental=False)
    ix = open_index(tmp_path / "ix")
    assert len(ix._segments()) == len({r["id"] for r in CORPUS})
    with ix.searcher() as searcher:
        keys = [fields["key"] for fields in searcher.all_stored_fields()]
    assert keys == [doc["key"] for doc in read_corpus(corpus)]
    assert not list((tmp_path / "ix").rglob("part-*"))


def _documents(sections: list[int]) -> list[dict[str, Any]]:
    """Records of documents of so many *sections* each, as ``_chunks`` reads them."""
    return [
        {"id": f"doc-{n}", "key": f"doc-{n}#{s}"} for n, count in enumerate(sections) for s in range(count)
    ]


def test_chunks_give_each_worker_as_many_records() -> None:
    """106,000 records in segments of 10,000 made 11 chunks (six for one worker, five for the
    other); now ten of 10,600, as many per worker, never splitting a document."""
    docs = _documents([10] * 10_600)
    chunks = index_module._chunks(docs, 10_000, 2)
    assert [len(chunk) for chunk in chunks] == [10_600] * 10
    assert [doc for chunk in chunks for doc in chunk] == docs
    one = index_module._chunks(docs, 10_000, 1)  # written in this process: about 10,000 each
    assert len(one) == 11 and max(map(len, one)) - min(map(len, one)) <= 10


def test_chunks_of_uneven_documents_hold_equal_shares() -> None:
    """Documents of 1 to 40 sections: each chunk within one document of its share, none split,
    and a multiple of the worker count."""
    rng = random.Random(7)
    sections = [rng.randint(1, 40) for _ in range(3_000)]
    docs = _documents(sections)
    for parts in (2, 3):
        chunks = index_module._chunks(docs, 5_000, parts)
        assert len(chunks) % parts == 0
        assert [doc for chunk in chunks for doc in chunk] == docs
        assert all(a[-1]["id"] != b[0]["id"] for a, b in itertools.pairwise(chunks))
        share = len(docs) / len(chunks)
        assert all(abs(len(chunk) - share) <= 40 for chunk in chunks), [len(c) for c in chunks]


def test_each_committed_segment_writer_is_freed(tmp_path: Path) -> None:
    """A committed Whoosh writer is a reference cycle holding its postings: with the collector
    paused for the whole run, writers piled up until a worker held 12 GB at 100,000 documents.
    After writing several segments in this process, none may be left alive."""
    ix = whoosh_index.create_in(str(tmp_path), make_schema())
    docs = read_corpus(write_corpus(tmp_path / "en.jsonl", CORPUS))
    was_enabled = gc.isenabled()
    gc.disable()  # as during `build_index`
    try:
        write_segments_here(ix, [[doc] for doc in docs], 16)  # what each worker process runs
        alive = [obj for obj in gc.get_objects() if isinstance(obj, SegmentWriter)]
    finally:
        if was_enabled:
            gc.enable()
    assert len(ix._segments()) == len(docs)
    assert alive == []


def test_a_key_file_of_other_line_hashes_is_read_from_the_columns_instead(tmp_path: Path) -> None:
    """A key file written before the line hashes changed would make every line look new: it is
    not read, the run compares the columns instead (once), and writes a key file of today's."""
    corpus, ix = write_corpus(tmp_path / "en.jsonl", CORPUS), tmp_path / "ix"
    build_index(corpus, ix)
    path, header, current = key_file(ix)
    assert header["line_hash"] == LINE_HASH_KIND
    older = {
        doc_id: [[key, "0" * 24] for key, _ in keys_module.pairs_of(current["documents"], doc_id)]
        for doc_id in current["documents"]
    }
    path.write_text(json.dumps(older), encoding="utf-8")  # the format of the earlier key files
    _edit(corpus)
    report = build_index(corpus, ix)
    assert (report.added, report.updated, report.deleted) == (1, 1, 1)
    generation = open_index(ix).latest_generation()
    written = load_keys(ix / "gen-000001", generation)
    assert written is not None and written.documents == keys_of(read_corpus(corpus))


def test_a_line_that_is_not_utf8_is_left_out_naming_its_line(tmp_path: Path) -> None:
    corpus, ix = write_corpus(tmp_path / "en.jsonl", CORPUS), tmp_path / "ix"
    build_index(corpus, ix)
    lines = corpus.read_bytes().splitlines(keepends=True)
    bad = lines[2].replace(b'"text": "', b'"text": "\xff\xfe Latin-1 bytes \xe9 ', 1)
    assert bad != lines[2]
    corpus.write_bytes(b"".join([*lines[:2], bad, *lines[3:]]))
    report = build_index(corpus, ix)
    assert report.skipped and f"{corpus}:3:" in report.skipped[0] and "not UTF-8" in report.skipped[0]
    assert report.deleted == 1 and report.documents == len(lines) - 1
    full = build_index(corpus, tmp_path / "full", incremental=False)
    assert full.skipped == report.skipped and full.documents == len(lines) - 1


def test_a_corpus_changed_between_its_two_reads_stops_the_run(tmp_path: Path) -> None:
    """An update keeps where each line is, not the line, and reads the changed documents' lines
    again: a line that no longer has the hash it had is an error naming it, not a wrong index."""
    corpus = write_corpus(tmp_path / "en.jsonl", CORPUS)
    line_no, offset, _, digest = next(iter(corpus_lines(corpus)))
    _edit(corpus)  # the first line is rewritten
    with (
        corpus.open("rb") as handle,
        pytest.raises(CorpusError, match=f"{corpus}:{line_no}: the corpus changed"),
    ):
        keys_module._documents(corpus, handle, [(line_no, offset, digest)])


def _sections(index_dir: Path) -> list[tuple[str, str]]:
    """The key and body of every live section of an index, sorted."""
    with open_index(index_dir).searcher() as searcher:
        return sorted((fields["key"], fields["body"]) for fields in searcher.all_stored_fields())


def _swap_two_documents(path: Path, header: dict[str, Any], data: dict[str, Any]) -> None:
    documents = data["documents"]
    first, second = list(documents)[1:3]
    documents[first], documents[second] = documents[second], documents[first]
    path.write_text(json.dumps(header) + "\n" + json.dumps(data), encoding="utf-8")


def _rename_a_run(path: Path, header: dict[str, Any], data: dict[str, Any]) -> None:
    data["corpus"]["ids"][0] = "law-paper"  # its bytes and hash unchanged
    path.write_text(json.dumps(header) + "\n" + json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    "how", ["from another index", "from an earlier commit", "documents swapped", "run renamed"]
)
def test_a_key_file_not_written_after_the_live_commit_is_not_trusted(tmp_path: Path, how: str) -> None:
    """A key file describes one commit of one index. Copied from another language's index or
    from an earlier commit (renamed to the live one's name, or restored from a backup), or
    edited by hand, it said sections were unchanged or absent that the index holds otherwise:
    the update skipped their change, or added them twice. It must read the columns instead."""
    corpus, ix = write_corpus(tmp_path / "en.jsonl", CORPUS), tmp_path / "ix"
    build_index(corpus, ix)
    path, header, data = key_file(ix)
    if how == "from another index":
        other = write_corpus(tmp_path / "th.jsonl", CORPUS[:3])
        build_index(other, tmp_path / "other")
        path.write_bytes(key_file(tmp_path / "other")[0].read_bytes())
    elif how == "from an earlier commit":
        earlier = path.read_bytes()
        _edit(corpus)
        build_index(corpus, ix)
        write_corpus(corpus, CORPUS)  # back to what the earlier key file describes
        path = key_file(ix)[0]
        path.write_bytes(earlier)
    elif how == "documents swapped":
        _swap_two_documents(path, header, data)
    else:
        _rename_a_run(path, header, data)
    if how in ("from another index", "documents swapped"):
        records = [dict(r) for r in CORPUS]
        records[2]["text"] = "Police violence against migrant sex workers is seldom reported."
        write_corpus(corpus, records)
    elif how == "run renamed":
        write_corpus(corpus, [*CORPUS, record("new-doc", "A brand new statement on outreach.")])
    build_index(corpus, ix)
    build_index(corpus, tmp_path / "fresh", incremental=False)
    assert _sections(ix) == _sections(tmp_path / "fresh")
    assert load_keys(ix / "gen-000001", open_index(ix).latest_generation()) is not None


def test_record_hashes_are_a_column_and_no_terms(tmp_path: Path) -> None:
    """An update reads each section's record hash from its column; as terms the hashes were one
    posting list per section, written and purged for nothing."""
    corpus, ix = write_corpus(tmp_path / "en.jsonl", CORPUS), tmp_path / "ix"
    build_index(corpus, ix)
    with open_index(ix).reader() as reader:
        assert "hash" not in reader.indexed_field_names()
        assert not [term for term in reader.all_terms() if term[0] == "hash"]
        hashes = index_module._key_hashes(reader)
    assert len(hashes) == len(list(read_corpus(corpus)))
    assert all(isinstance(value, str) and len(value) == 24 for value in hashes.values())
