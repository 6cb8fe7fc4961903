"""A segment's stored fields are compressed in groups, each with a dictionary of its own records.

The stored column was a third of the served index; compressed each record alone it took 0.63 of
the pickled records, with a dictionary per group of about a megabyte 0.33. A dictionary is a few
records' text as it is, so a purge in place must leave no deleted record in one: a group whose
dictionary samples a deleted record is compressed again from its live records; any other group
is copied as it is stored (no compression: what keeps an update's purge cheap).
"""

from __future__ import annotations

import json
import mmap
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader

from bench.search.bench_search import records
from crossings.search.engine import whoosh_internals
from crossings.search.indexing.index import build_index, open_index
from crossings.search.indexing.records import read_corpus
from tests.search.test_fast_writer import write
from tests.search.test_purge_in_place import (
    SECRET_WORDS,
    WITHDRAWN,
    in_place,
    index_bytes,
    shrink,
    withdrawn_record,
    write_lines,
)

# Text only the withdrawn document's records hold, as a pickled record holds it (UTF-8): in a
# dictionary it is in the files as it is.
TELLING = [b"Withdrawn testimony", b"doc-withdrawn", SECRET_WORDS[0].encode()]


@pytest.fixture(scope="module")
def lines() -> list[dict[str, Any]]:
    """About 420 generated corpus records with the withdrawn document's two sections among them."""
    generated = list(records(40))
    return [*generated[:150], *(withdrawn_record(n, t) for n, t in enumerate(WITHDRAWN, 1)), *generated[150:]]


@pytest.fixture(scope="module")
def docs(lines: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """The records as the index reads them."""
    return read_corpus(write_lines(tmp_path_factory.mktemp("corpus") / "corpus.jsonl", lines))


def groups_of(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    """Groups of about *size* bytes of pickled records: 100,000 makes groups of about 110 records,
    a third of them in the dictionary; 16,000 groups whose every record is in the dictionary."""
    monkeypatch.setattr(whoosh_internals, "GROUP_BYTES", size)


def column(leaf: Any) -> Any:
    """The stored fields' column of segment reader *leaf*, as stored: GroupedDictionaryColumn's
    reader (Whoosh's own for a segment its codec wrote)."""
    raw = whoosh_internals.stored_column(leaf._perdoc)._child
    return raw.reader(*leaf._perdoc._get_column_file("_stored"), leaf.doc_count_all())


def one_leaf(ix: Any) -> Any:
    """The segment reader of *ix*'s one segment (open until *ix*'s reader is collected)."""
    (leaf, _), *more = list(ix.reader().leaf_readers())
    assert not more
    return leaf


def purged(folder: Path, docs: list[dict[str, Any]], deleted: list[str]) -> Any:
    """A one-segment index of *docs*, then one commit deleting the sections *deleted* and purging
    the segment in place."""
    ix = write(folder, docs, fast=True)
    writer = whoosh_internals.fast_writer(ix)
    for key in deleted:
        writer.delete_by_term("key", key)
    whoosh_internals.reset_counters()
    writer.commit(mergetype=lambda writer, segments: [in_place(writer, segment) for segment in segments])
    assert whoosh_internals.counters().purges_in_place == 1
    return whoosh_index.open_dir(str(folder))


def test_records_read_back_from_several_groups_through_every_writer_and_reader(
    docs: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    groups_of(monkeypatch, 100_000)
    read: list[list[dict[str, Any]]] = []
    for fast in (True, False):  # the fast writer and Whoosh's own, given the codec, write the same column
        ix = write(tmp_path / f"ix-{fast}", docs, fast=fast, codec=whoosh_internals.index_codec())
        leaf = one_leaf(ix)
        stored = column(leaf)
        assert len(stored.firsts) >= 3, stored.firsts
        count = leaf.doc_count_all()
        pickled = sum(len(pickle.dumps(leaf.stored_fields(d), 2)) for d in range(count))
        assert stored._length < 0.45 * pickled  # 0.63 when compressed alone
        with ix.reader() as reader:
            mine = [whoosh_internals.stored_fields(reader, d) for d in range(count)]
            assert mine == [reader.stored_fields(d) for d in range(count)] == list(reader.all_stored_fields())
            with whoosh_internals.fallback_only():
                assert [reader.stored_fields(d) for d in range(count)] == mine
        assert [fields["key"] for fields in mine] == [doc["key"] for doc in docs]
        read.append(mine)
    assert read[0] == read[1]


def test_the_dictionaries_a_reader_keeps_are_views_of_the_mapped_index_not_copies(
    docs: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each group read keeps its 32 KB dictionary for the reader's life: as a copy, 3.2 MB of
    # private memory per search process at 10,000 documents; as a view, pages every process shares.
    groups_of(monkeypatch, 100_000)
    write(tmp_path / "ix", docs, fast=True, codec=whoosh_internals.index_codec())
    ix = whoosh_index.open_dir(str(tmp_path / "ix"))
    with ix.reader() as reader:
        (leaf, _), *_ = list(reader.leaf_readers())
        expected = [leaf.stored_fields(d) for d in range(leaf.doc_count_all())]
        stored = leaf._perdoc._cached_reader("_stored", whoosh_internals.STORED_IN_GROUPS)._child
        kept = stored._dictionaries
        assert len(kept) == len(stored.firsts) >= 3
        for dictionary in kept.values():
            assert isinstance(dictionary, memoryview), type(dictionary)
            assert isinstance(dictionary.obj, mmap.mmap), type(dictionary.obj)
        assert [whoosh_internals.stored_fields(reader, d) for d in range(leaf.doc_count_all())] == expected


def test_a_purge_copies_a_group_whose_dictionary_holds_no_deleted_record(
    docs: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    groups_of(monkeypatch, 100_000)
    before = write(tmp_path / "before", docs, fast=True)
    old = column(one_leaf(before))
    sampled = {docnum for group in old.sampled for docnum in group}
    gone = [d for d in range(1, len(docs), 37) if d not in sampled]  # several groups, none sampled
    assert len({old.firsts.index(max(f for f in old.firsts if f <= d)) for d in gone}) >= 2
    ix = purged(tmp_path / "ix", docs, [docs[d]["key"] for d in gone])
    counts = whoosh_internals.counters()
    assert (counts.stored_groups_copied, counts.stored_groups_recompressed) == (len(old.firsts), 0)
    new = column(one_leaf(ix))
    assert (new.firsts, new.sampled) == (old.firsts, old.sampled)
    assert [bytes(new.dictionary(g)) for g in range(len(new.firsts))] == [
        bytes(old.dictionary(g)) for g in range(len(old.firsts))
    ]
    live = [d for d in range(len(docs)) if d not in gone]
    assert [bytes(new.compressed(d)) for d in live] == [bytes(old.compressed(d)) for d in live]
    assert not any(new.compressed(d) for d in gone)
    with ix.reader() as reader, before.reader() as earlier:
        assert [reader.stored_fields(d) for d in live] == [earlier.stored_fields(d) for d in live]
        assert all(reader.stored_fields(d) == {} for d in gone)


def test_a_purge_compresses_again_the_group_whose_dictionary_holds_a_deleted_record(
    docs: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The withdrawn records' text is in a dictionary as it is (in the files before); after the
    purge it is in no byte of any file, and every live record reads back as it was."""
    groups_of(monkeypatch, 16_000)
    withdrawn = [d for d, doc in enumerate(docs) if doc["id"] == "doc-withdrawn"]
    before = write(tmp_path / "before", docs, fast=True)
    old = column(one_leaf(before))
    assert set(withdrawn) <= {docnum for group in old.sampled for docnum in group}
    written = index_bytes(tmp_path / "before")
    assert all(text in written for text in TELLING)  # the check can fail
    ix = purged(tmp_path / "ix", docs, [docs[d]["key"] for d in withdrawn])
    held = index_bytes(tmp_path / "ix")
    for text in TELLING:
        assert text not in held, text
    counts = whoosh_internals.counters()
    assert counts.stored_groups_recompressed == 1  # both records are in one group
    assert counts.stored_groups_copied == len(old.firsts) - 1
    live = [d for d in range(len(docs)) if d not in withdrawn]
    with ix.reader() as reader, before.reader() as earlier:
        assert [reader.stored_fields(d) for d in live] == [earlier.stored_fields(d) for d in live]
        assert all(reader.stored_fields(d) == {} for d in withdrawn)
    new = column(one_leaf(ix))
    assert not set(withdrawn) & {docnum for group in new.sampled for docnum in group}


def test_an_update_withdrawing_a_document_in_a_dictionary_leaves_no_trace(
    lines: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the public indexing API: a full run, then an update without the withdrawn document
    (its segment purged in place)."""
    shrink(monkeypatch)
    groups_of(monkeypatch, 16_000)
    folder = tmp_path / "ix"
    corpus = write_lines(tmp_path / "corpus.jsonl", lines)
    first = build_index(corpus, folder, incremental=False)
    assert all(text in index_bytes(folder / first.generation) for text in TELLING)  # the check can fail
    write_lines(corpus, [line for line in lines if line["id"] != "doc-withdrawn"])
    whoosh_internals.reset_counters()
    report = build_index(corpus, folder)
    assert report.deleted == len(WITHDRAWN)
    counts = whoosh_internals.counters()
    held = index_bytes(folder / report.generation)
    for text in TELLING:
        assert text not in held, text
    assert counts.purges_in_place == 1 and counts.stored_groups_recompressed >= 1
    with open_index(folder).reader() as reader:
        keys = sorted(fields["key"] for _, fields in reader.iter_docs())
    expected = read_corpus(corpus)
    assert keys == sorted(doc["key"] for doc in expected)


FRESH_READER = """
import json, sys
from whoosh import index
ix = index.open_dir(sys.argv[1])
with ix.reader() as reader:
    print(json.dumps(sorted(fields["key"] for _, fields in reader.iter_docs())))
print("whoosh_internals" in " ".join(sys.modules))
"""


def test_an_index_names_its_codec_so_any_process_reads_its_stored_fields(
    lines: list[dict[str, Any]], tmp_path: Path
) -> None:
    """Whoosh pickles each segment's codec in the table of contents: a process that imported
    nothing of crossings opens the index with the codec that wrote it (and reads Whoosh's own
    format where Whoosh's writer wrote, as in the same process)."""
    folder = tmp_path / "ix"
    corpus = write_lines(tmp_path / "corpus.jsonl", lines)
    report = build_index(corpus, folder, incremental=False)
    result = subprocess.run(
        [sys.executable, "-c", FRESH_READER, str(folder / report.generation)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    keys, imported = result.stdout.splitlines()
    assert json.loads(keys) == sorted(doc["key"] for doc in read_corpus(corpus))
    assert imported == "True"  # the codec's class brought the column's reader with it
    (tmp_path / "plain").mkdir()
    schema = whoosh_index.open_dir(str(folder / report.generation)).schema
    plain = whoosh_index.create_in(str(tmp_path / "plain"), schema)
    with plain.writer() as writer:  # Whoosh's own writer in this process: Whoosh's own format
        writer.add_document(key="k#1", id="k", body="text")
    (leaf, _), *_ = plain.reader().leaf_readers()
    assert type(leaf._perdoc) is W3PerDocReader


def test_a_purge_writes_a_segment_of_whoosh_s_format_in_groups(
    docs: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A segment written with Whoosh's codec (an index of before the groups) purged in place by
    the index's writer: its live records in groups, the deleted ones nowhere."""
    groups_of(monkeypatch, 16_000)
    withdrawn = [d for d, doc in enumerate(docs) if doc["id"] == "doc-withdrawn"]
    before = write(tmp_path / "before", docs, fast=True, codec=W3Codec())
    assert type(one_leaf(before)._perdoc) is W3PerDocReader
    ix = purged(tmp_path / "ix", docs, [docs[d]["key"] for d in withdrawn])
    leaf = one_leaf(ix)
    assert type(leaf.codec()) is whoosh_internals.StoredInGroupsCodec
    assert len(column(leaf).firsts) >= 3
    live = [d for d in range(len(docs)) if d not in withdrawn]
    with ix.reader() as reader, before.reader() as earlier:
        assert [reader.stored_fields(d) for d in live] == [earlier.stored_fields(d) for d in live]
        assert all(reader.stored_fields(d) == {} for d in withdrawn)
    assert TELLING[0] not in index_bytes(tmp_path / "ix")
