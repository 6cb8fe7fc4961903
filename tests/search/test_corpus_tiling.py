"""The key file's tiling of the corpus: an update compares whole runs of one document's lines at
the corpus's start and end and hashes the lines between one by one. Whatever the edit, it must
find what comparing every line finds, and leave a tiling that is true of the new corpus.

Edits are drawn at random (seeded) and chained, each update starting from the tiling the one
before left: lines rewritten, added, deleted, moved, duplicated from another document; documents
added, removed and split in two; blank lines; lines that are not JSON or not UTF-8; a last line
without its newline, then continued.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from crossings.search.indexing import keys as keys_module
from crossings.search.indexing import records as records_module
from crossings.search.indexing.index import build_index, open_index
from crossings.search.indexing.keys import (
    KeyFile,
    Tiling,
    changed_documents,
    entry,
    keys_of,
    load_keys,
    read_tiled,
)
from crossings.search.indexing.records import corpus_lines, read_corpus

from .conftest import CORPUS, key_file, record, reseal, write_corpus


def _line(doc_id: str, n: int, rng: random.Random) -> bytes:
    text = f"Section {n} of {doc_id}: " + " ".join(
        rng.choice(["migrant", "border", "law", "出入境", "แรงงาน"]) for _ in range(6)
    )
    rec = record(doc_id, text, section=f"Part {n} {rng.randrange(10**6)}")
    return json.dumps(rec, ensure_ascii=False).encode() + b"\n"


def _fresh(corpus: Path) -> tuple[KeyFile, list[str]]:
    """The key file a full read of *corpus* gives, and what it left out."""
    skipped: list[str] = []
    docs, tiling = read_tiled(corpus, skipped)
    return KeyFile(keys_of(docs), tiling), skipped


def _check_tiling(corpus: Path, tiling: Tiling) -> None:
    """*tiling* is true of *corpus*: its runs tile the bytes from 0, each hash is that of its
    bytes (or ""), each run's non-blank lines that are records are its document's, line numbers
    and counts are right."""
    data = corpus.read_bytes()
    assert tiling.size == len(data)
    assert tiling.lines == data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    if not tiling.runs:
        return
    assert tiling.runs[0][1] == 0
    starts = [run[1] for run in tiling.runs] + [len(data)]
    for (doc_id, start, line_no, digest), end in zip(tiling.runs, starts[1:], strict=True):
        assert start < end
        assert data[:start].count(b"\n") + 1 == line_no
        assert start == 0 or data[start - 1 : start] == b"\n"
        if digest:
            assert hashlib.sha256(data[start:end]).hexdigest() == digest
            for raw in data[start:end].splitlines():
                if raw.strip():
                    assert json.loads(raw)["id"] == doc_id


def _edit(lines: list[bytes], rng: random.Random, docs: list[str]) -> list[bytes]:
    """One random edit of the corpus's lines."""
    lines = list(lines)
    kind = rng.choice(["rewrite", "add", "delete", "move", "duplicate", "new-doc", "drop-doc", "blank",
                       "bad-json", "bad-utf8", "no-newline", "split-doc"])  # fmt: skip
    at = rng.randrange(len(lines) + 1) if lines else 0
    ids = [json.loads(line)["id"] for line in lines if line.strip().startswith(b"{") and _is_json(line)]
    pick = rng.choice(ids) if ids else rng.choice(docs)
    if kind == "rewrite" and lines:
        i = rng.randrange(len(lines))
        lines[i] = _line(
            pick if not _is_json(lines[i]) else json.loads(lines[i])["id"], rng.randrange(99), rng
        )
    elif kind == "add":
        lines.insert(at, _line(pick, rng.randrange(99), rng))
    elif kind == "delete" and lines:
        del lines[rng.randrange(len(lines))]
    elif kind == "move" and len(lines) > 1:
        lines.insert(rng.randrange(len(lines)), lines.pop(rng.randrange(len(lines))))
    elif kind == "duplicate" and lines:
        lines.insert(at, lines[rng.randrange(len(lines))])
    elif kind == "new-doc":
        new = f"doc-{rng.randrange(10**6)}"
        docs.append(new)
        lines[at:at] = [_line(new, n, rng) for n in range(rng.randrange(1, 4))]
    elif kind == "drop-doc":
        lines = [line for line in lines if not (_is_json(line) and json.loads(line)["id"] == pick)]
    elif kind == "blank":
        lines.insert(at, rng.choice([b"\n", b"   \n", b"\r\n"]))
    elif kind == "bad-json":
        lines.insert(at, b'{"id": "broken", \n')
    elif kind == "bad-utf8":
        lines.insert(at, _line(pick, 1, rng).replace(b"Section", b"\xff\xfe", 1))
    elif kind == "no-newline" and lines:
        lines[-1] = lines[-1].rstrip(b"\n")
    elif kind == "split-doc" and len(lines) > 2:
        i = rng.randrange(1, len(lines))
        lines.insert(i, _line(rng.choice(docs), 7, rng))
    if lines and not lines[-1].endswith(b"\n") and kind != "no-newline":
        lines[-1] += b"\n"  # a line added after a last line without its newline starts its own
    return lines


def _is_json(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict) and "id" in json.loads(line)
    except ValueError:
        return False


def _outcome(found: tuple[dict[str, list[dict[str, Any]]], int, Tiling]) -> tuple[Any, ...]:
    changed, count, _ = found
    return {doc_id: [(d["key"], d["line_hash"]) for d in docs] for doc_id, docs in changed.items()}, count


@pytest.mark.parametrize("split", [False, True])
@pytest.mark.parametrize("window", [None, 300, 2000])
@pytest.mark.parametrize("seed", range(8))
def test_chained_random_edits_find_what_comparing_every_line_finds(
    tmp_path: Path, seed: int, window: int | None, split: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(*window*: runs read a few at a time, or one longer than that on its own; *split*: each
    side's runs compared by two threads, as in a corpus of SPLIT_FROM bytes.)"""
    if window is not None:
        monkeypatch.setattr(keys_module._Window, "SIZE", window)
    if split:
        monkeypatch.setattr(keys_module, "SPLIT_FROM", 0)
    rng = random.Random(seed)
    docs = [f"doc-{n}" for n in range(8)]
    lines = [_line(doc_id, n, rng) for doc_id in docs for n in range(rng.randrange(1, 5))]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(b"".join(lines))
    stored, _ = _fresh(corpus)
    used_runs = 0
    for _ in range(40):
        lines = _edit(lines, rng, docs)
        corpus.write_bytes(b"".join(lines))
        by_runs_skipped: list[str] = []
        by_runs = changed_documents(corpus, stored, by_runs_skipped)
        line_by_line_skipped: list[str] = []
        line_by_line = changed_documents(corpus, KeyFile(stored.documents, None), line_by_line_skipped)
        assert _outcome(by_runs) == _outcome(line_by_line)
        assert by_runs_skipped == line_by_line_skipped  # every line left out is reported again
        _check_tiling(corpus, by_runs[2])
        _check_tiling(corpus, line_by_line[2])
        fresh, skipped = _fresh(corpus)
        assert skipped == by_runs_skipped
        documents = dict(stored.documents)
        for doc_id, found in by_runs[0].items():
            if found:
                documents[doc_id] = entry([d["key"] for d in found], (d["line_hash"] for d in found))
            else:
                documents.pop(doc_id, None)
        assert documents == fresh.documents
        used_runs += bool(stored.tiling and stored.tiling.runs)
        stored = KeyFile(documents, by_runs[2])
    assert used_runs > 30


def _read_back(documents: Any, tiling: Any) -> KeyFile:
    """*documents* and *tiling* written as a key file's content and read again."""
    written = keys_module.read_body(keys_module._encoded(documents, tiling.as_json()))
    assert written is not None
    return written


@pytest.mark.parametrize("seed", range(4))
def test_a_key_file_written_from_the_one_read_is_the_one_written_whole(tmp_path: Path, seed: int) -> None:
    """An update copies the text of the documents that did not change from the key file it read,
    writes the changed ones' (added ones at the end, removed ones left out) and the list of them
    again: the same bytes as writing every document's again, whatever the edit."""
    rng = random.Random(seed)
    docs = [f"doc-{n}" for n in range(8)]
    lines = [_line(doc_id, n, rng) for doc_id in docs for n in range(rng.randrange(1, 5))]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(b"".join(lines))
    fresh, _ = _fresh(corpus)
    stored = _read_back(fresh.documents, fresh.tiling)
    assert stored.documents == fresh.documents
    kinds: Counter[str] = Counter()
    for _ in range(40):
        lines = _edit(lines, rng, docs)
        corpus.write_bytes(b"".join(lines))
        changed, _, tiling = changed_documents(corpus, stored, [])
        documents = stored.documents
        assert isinstance(documents, keys_module.Documents)
        whole = dict(documents)
        for doc_id, found in changed.items():
            kinds["added" if doc_id not in whole else "changed" if found else "removed"] += 1
            if found:
                value = entry([d["key"] for d in found], (d["line_hash"] for d in found))
                documents[doc_id] = whole[doc_id] = value
            else:
                documents.pop(doc_id, None)
                whole.pop(doc_id, None)
        assert keys_module._encoded(documents, tiling.as_json()) == keys_module._encoded(
            whole, tiling.as_json()
        )
        stored = _read_back(documents, tiling)
        assert stored.documents == whole
    assert min(kinds["added"], kinds["removed"], kinds["changed"]) > 0, kinds


def test_an_unchanged_corpus_is_hashed_whole_runs_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With nothing changed, no line is hashed or decoded one by one; one document edited in the
    middle: only its lines are."""
    rng = random.Random(1)
    lines = [_line(f"doc-{d}", n, rng) for d in range(50) for n in range(4)]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(b"".join(lines))
    stored, _ = _fresh(corpus)
    seen: list[int] = []
    real = corpus_lines

    def counting(*args: Any, **kwargs: Any) -> Any:
        for item in real(*args, **kwargs):
            seen.append(item[0])
            yield item

    monkeypatch.setattr(keys_module, "corpus_lines", counting)
    changed, count, tiling = changed_documents(corpus, stored)
    assert (changed, count, seen, tiling) == ({}, 200, [], stored.tiling)
    lines[101] = _line("doc-25", 9, rng)
    corpus.write_bytes(b"".join(lines))
    changed, count, _ = changed_documents(corpus, stored)
    assert list(changed) == ["doc-25"] and count == 200
    assert seen == [101, 102, 103, 104]  # the four lines of doc-25 (lines 101 to 104)


def test_a_key_file_of_another_shape_falls_back_to_the_columns(tmp_path: Path) -> None:
    """A key file edited by hand into another shape (pairs that are not pairs, runs that are not
    runs) is not trusted: the update reads the index's columns and the whole corpus, and is
    right."""
    corpus, ix = write_corpus(tmp_path / "en.jsonl", CORPUS), tmp_path / "ix"
    build_index(corpus, ix)
    path, header, data = key_file(ix)
    first = next(iter(data["documents"]))
    data["documents"][first] = [["only a key"], 7]
    data["corpus"]["starts"][0] = "zero"
    reseal(path, header, data)  # past the checksum: the shapes are checked too
    records = [dict(r) for r in CORPUS]
    records[0]["text"] = "Rewritten lead about tuberculosis."
    write_corpus(corpus, records)
    report = build_index(corpus, ix)
    assert (report.added, report.updated, report.deleted) == (0, 1, 0)
    generation = open_index(ix).latest_generation()
    written = load_keys(ix / "gen-000001", generation)
    assert written is not None and written.documents == keys_of(read_corpus(corpus))
    assert written.tiling is not None and written.tiling.runs
    _check_tiling(corpus, written.tiling)


def test_a_key_file_of_the_former_format_is_read_from_the_columns_instead(tmp_path: Path) -> None:
    """A key file written with one [key, hash] pair per section (format 1) is not read as this
    format's: the update reads the columns once and writes a key file of today's."""
    corpus, ix = write_corpus(tmp_path / "en.jsonl", CORPUS), tmp_path / "ix"
    build_index(corpus, ix)
    path, header, data = key_file(ix)
    documents = data["documents"]
    data["documents"] = {
        doc_id: [list(pair) for pair in keys_module.pairs_of(documents, doc_id)] for doc_id in documents
    }
    data["line_hash"] = header["line_hash"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_keys(ix / "gen-000001", open_index(ix).latest_generation()) is None
    records = [dict(r) for r in CORPUS if r["id"] != "law-paper"]
    write_corpus(corpus, records)
    report = build_index(corpus, ix)
    assert report.deleted >= 1 and report.added == report.updated == 0
    written = load_keys(ix / "gen-000001", open_index(ix).latest_generation())
    assert written is not None and written.documents == keys_of(read_corpus(corpus))


@pytest.mark.parametrize("run", ["full", "update without a key file"])
def test_a_corpus_replaced_while_it_is_read_whole_is_indexed_from_one_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: str
) -> None:
    """A build may replace the corpus (by renaming its new file over it) while an index run reads
    it. The records and the tiling of the key file must come from one file: tiled from the new
    file, the runs of a document redacted meanwhile (same length, same line breaks) looked
    indexed, and every later update kept its withdrawn text."""
    corpus, ix = write_corpus(tmp_path / "en.jsonl", CORPUS), tmp_path / "ix"
    redacted = [dict(r) for r in CORPUS]
    law = next(r for r in redacted if r["id"] == "law-paper")
    law["text"] = law["text"].replace("Immigration", "Xxxxxxxxxxx")
    if run != "full":
        build_index(corpus, ix)
        for path in (ix / "gen-000001").glob(keys_module.PATTERN):
            path.unlink()  # as after a crash between Whoosh's commit and the key file
    real = records_module.corpus_lines

    def replaced_after_reading(*args: Any, **kwargs: Any) -> Any:
        yield from real(*args, **kwargs)
        write_corpus(tmp_path / "new.jsonl", redacted).replace(corpus)  # the build publishes

    monkeypatch.setattr(records_module, "corpus_lines", replaced_after_reading)
    build_index(corpus, ix, incremental=run != "full")
    monkeypatch.setattr(records_module, "corpus_lines", real)
    assert corpus.read_bytes() == write_corpus(tmp_path / "check.jsonl", redacted).read_bytes()
    report = build_index(corpus, ix)  # the redacted file, as the build left it
    assert report.changed_ids == ["law-paper"]
    fresh = build_index(corpus, tmp_path / "fresh", incremental=False)
    assert _sections(ix) == _sections(tmp_path / "fresh") and report.documents == fresh.documents
    assert "Immigration" not in repr(_sections(ix))


def _sections(index_dir: Path) -> list[tuple[str, str]]:
    """The key and body of every live section of an index, sorted."""
    with open_index(index_dir).searcher() as searcher:
        return sorted((fields["key"], fields["body"]) for fields in searcher.all_stored_fields())
