"""Segment files read in place from the memory map behave as the BytesIO copies they replace."""

from __future__ import annotations

import io
import os
import pickle
import random

from whoosh.filedb.structfile import BufferFile

from crossings.search.engine.mapped import ViewFile
from crossings.search.engine.whoosh_internals import read_segments_in_place

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
