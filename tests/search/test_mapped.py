"""Segment files read in place from the memory map behave as the BytesIO copies they replace; a
warmed reader unmaps what warming read."""

from __future__ import annotations

import io
import json
import os
import pickle
import random
from pathlib import Path

from whoosh.filedb.structfile import BufferFile

from bench.search.bench_search import records
from crossings.search.api import search
from crossings.search.engine.filters import filter_masks
from crossings.search.engine.mapped import ViewFile
from crossings.search.engine.whoosh_internals import read_segments_in_place
from crossings.search.indexing.index import LiveSearcher, build_index, open_index
from crossings.search.request.search_request import SearchRequest

DATA = b"".join(pickle.dumps((i, "word" * i, [1.5] * (i % 7)), 2) for i in range(200)) + b"tail\nline\nend"


def test_reads_seeks_and_lines_equal_bytesio() -> None:
    rng = random.Random(7)
    ours, theirs = ViewFile(memoryview(DATA)), io.BytesIO(DATA)
    for _ in range(2000):
        action = rng.choice(["read", "readall", "readline", "seek", "seekcur", "seekend", "readinto", "peek"])
        if action == "read":
            size = rng.randrange(0, 300)
            assert ours.read(size) == theirs.read(size)
        elif action == "readall":
            assert ours.read() == theirs.read()
        elif action == "readline":
            assert ours.readline() == theirs.readline()
        elif action == "seek":
            where = rng.randrange(0, len(DATA) + 10)
            assert ours.seek(where) == theirs.seek(where)
        elif action == "seekcur":
            step = rng.randrange(0, 50)
            assert ours.seek(step, os.SEEK_CUR) == theirs.seek(step, os.SEEK_CUR)
        elif action == "seekend":
            back = -rng.randrange(0, 100)
            assert ours.seek(back, os.SEEK_END) == theirs.seek(back, os.SEEK_END)
        elif action == "readinto":
            size = rng.randrange(0, 64)
            a, b = bytearray(size), bytearray(size)
            assert ours.readinto(a) == theirs.readinto(b) and a == b
        else:
            at = ours.tell()
            assert theirs.getvalue()[at:].startswith(ours.peek(100)) and ours.tell() == at
        assert ours.tell() == theirs.tell()


def test_pickles_load_in_sequence() -> None:
    ours = ViewFile(memoryview(DATA))
    assert [pickle.load(ours) for _ in range(200)] == [(i, "word" * i, [1.5] * (i % 7)) for i in range(200)]
    assert ours.read() == b"tail\nline\nend"


def test_whoosh_buffer_files_read_in_place() -> None:
    read_segments_in_place()  # what importing crossings.search.engine.whoosh_internals does
    view = memoryview(bytearray(DATA))
    f = BufferFile(view, name="x")
    assert isinstance(f.file, ViewFile)
    assert f.read_pickle() == (0, "", [])
    view[len(DATA) - 3 :] = b"END"  # the file sees the buffer itself, not a copy taken at open
    f.seek(len(DATA) - 3)
    assert f.read(3) == b"END"


def mapped_kb(folder: Path) -> int:
    """The resident kilobytes of the files under *folder* this process maps (Linux smaps)."""
    total, inside = 0, False
    for line in Path(f"/proc/{os.getpid()}/smaps").read_text().splitlines():
        head = line.split()
        if head and "-" in head[0] and ":" not in head[0]:  # a mapping's first line
            inside = len(head) >= 6 and head[5].startswith(str(folder))
        elif inside and line.startswith("Rss:"):
            total += int(head[1])
    return total


def test_a_warmed_reader_lets_go_of_the_pages_warming_read(tmp_path: Path) -> None:
    """Warming reads columns, facet postings and spelling words into arrays; the pages it read
    are unmapped after (still in the page cache), and searches answer as from a fresh reader."""
    lines = tmp_path / "corpus.jsonl"
    lines.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records(60)), "utf-8")
    folder = tmp_path / "ix"
    build_index(lines, folder, incremental=False)
    live = LiveSearcher(folder)
    searcher = live.get()
    released = mapped_kb(folder)
    plain = open_index(folder).searcher()
    try:
        assert released == 0, "the segment read through a map, released after warming"
        plain_leaf = plain.reader().leaf_readers()[0][0]
        assert plain_leaf._storage.a._source is not None  # (a memory map Whoosh opened)
        filter_masks(plain.reader())  # what warming reads maps its pages when not released
        assert mapped_kb(folder) >= 16
        for q in ("migrant workers", "passport", "health OR wages", '"sex workers"'):
            request = SearchRequest(q)
            mine = search(folder, request, searcher=searcher)
            fresh = search(folder, request, searcher=plain)
            assert mine["hits"] == fresh["hits"] and mine["facets"] == fresh["facets"], q
    finally:
        live.close()
        plain.close()
