"""The key file of a generation: each document's section keys and line hashes, and how the corpus
it was made from is tiled by document, per Whoosh commit.

An incremental run needs the key and content hash of every live section. Reading them from
Whoosh's columns, and decoding every JSON line of the corpus to recompute them, took about 2 s at
100,000 sections. With this file, a run decodes only the lines it does not know, and hashes the
lines one by one only where the corpus changed: the file also keeps the corpus's *runs* (each
stretch of consecutive lines of one document, with the blank lines after it, as byte offsets
and a SHA-256 of its bytes). A run compares the new corpus run by run from its start and from
its end, hashing whole runs (one call each, the hashing itself done in C; two threads share
the runs of a large corpus), and hashes the lines of what lies between one by one; every byte
of the corpus is hashed, none is trusted. The file
is named after the Whoosh generation it describes (``crossings-keys.<n>.json``) and written after
that commit, so a crash in between leaves no file for the live state and the next run falls back
to the columns and a full read.

The documents' keys and hashes are most of the file (6 MB at 10,000 documents), and an update
needs those of the few documents that changed: the file lists the documents (their ids, the
length of each one's JSON text and their section counts) and the corpus's tiling on its second
line, and then holds each document's JSON text one after the other. A run parses the second
line only and decodes a document's text when it is asked for (:class:`Documents`); it writes
the next file copying the unchanged documents' text as it read it.

A key file is trusted only for the commit it was written after: its first line names the SHA-256
of that commit's table of contents (Whoosh's TOC file, which names the commit's segments, random
per index, and their deletions) and of the rest of the file. A key file copied from another
generation or another language's index, restored from a backup, or edited by hand describes
sections this commit does not hold, or holds differently: an update trusting it skipped their
changes or added them twice. Such a file is not read; the run reads the columns instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from itertools import accumulate, chain
from operator import lt
from pathlib import Path
from typing import Any, BinaryIO

from crossings import atomic
from crossings.search.engine.whoosh_internals import toc_name
from crossings.search.indexing.errors import CorpusError
from crossings.search.indexing.records import (
    LINE_HASH,
    Placed,
    add_section,
    corpus_lines,
    decode,
    line_text,
    open_corpus,
    read_corpus,
    read_record,
    stripped,
    to_document,
)

# document id -> [[its section keys in corpus order], their line hashes joined in one string]
# (one list and one string per document: a fraction of the objects a pair per section makes,
# which JSON writes and reads several times faster)
Keys = dict[str, list[Any]]
# What this module writes; a key file of another format is not read (the columns are, once).
# 3: a first line binding the file to its commit and its content (see the module's docstring);
# 4: the documents listed on the second line, each one's JSON text read only when asked for, and the
# tiling's runs as four lists.
KEY_FORMAT = 4
# A run of the corpus: (document id, its first byte, its first line's number, the SHA-256 of its
# bytes up to the next run's first byte, or "" when it holds a line that was left out, so that
# the line is read, and reported, again).
Run = tuple[str, int, int, str]
PATTERN = "crossings-keys.*.json"
# How the line hashes of a key file were made: a file with other hashes is not read (its lines
# would all look changed), the run reads the columns and the whole corpus instead, once.
LINE_HASH_KIND = f"sha256-{LINE_HASH}"


class KeyFileBroken(ValueError):
    """A key file whose content is not what an index run writes (edited by hand, or damaged)."""


@dataclass
class Tiling:
    """How one corpus file is cut into runs (see the module's docstring)."""

    size: int  # bytes
    lines: int  # lines, blank ones included
    runs: list[Run]

    def as_json(self) -> dict[str, Any]:
        """The tiling as the key file stores it: the runs' documents, first bytes, first lines and
        hashes as four lists (JSON writes and reads lists of numbers or strings several times
        faster than a list per run)."""
        columns: list[Any] = [list(column) for column in zip(*self.runs, strict=True)] or [[], [], [], []]
        ids, starts, lines, digests = columns
        return {"size": self.size, "lines": self.lines, "ids": ids, "starts": starts, "line_numbers": lines,
                "digests": digests}  # fmt: skip


@dataclass
class KeyFile:
    """What a key file holds: the documents' keys and line hashes, and the corpus's tiling."""

    documents: Keys | Documents
    tiling: Tiling | None  # None: not known (the corpus is compared line by line)


class Documents(MutableMapping[str, list[Any]]):
    """The documents of a key file as read: a document's value (what :func:`entry` makes) is
    decoded from the file's text when it is asked for, and its section count is known without
    decoding it. Values set or deleted are kept apart; :func:`_encoded` writes the documents
    never set as the text they were read as, and the lists read with the few changes made.
    Iterates as a dict would: the file's order, a value set in place, a document added at
    the end (also one deleted and added again)."""

    def __init__(
        self, text: bytes | memoryview, ids: list[str], sizes: list[int], sections: list[int]
    ) -> None:
        self.text = text  # every document's JSON text as read, one after the other
        self.ids, self.sizes, self.sections_read = ids, sizes, sections  # as the file lists them
        self.starts = [0, *accumulate(sizes)]  # where each one's text starts (and the last ends)
        self.place = dict(zip(ids, range(len(ids)), strict=True))  # document id -> its place in the lists
        self.gone: set[str] = set()  # documents read and deleted since
        self.set: dict[str, list[Any]] = {}  # values set since (of documents read or not)
        self._decoded: dict[str, Any] = {}  # values read and decoded

    def placed(self, doc_id: str) -> int | None:
        """The place in the lists read of *doc_id*, if it is still there (None: not read, or
        deleted since; set since in place, it keeps its place)."""
        place = self.place.get(doc_id)
        return None if place is None or doc_id in self.gone else place

    def __getitem__(self, doc_id: str) -> list[Any]:
        value = self.set.get(doc_id)
        if value is not None:
            return value
        place = self.placed(doc_id)
        if place is None:
            raise KeyError(doc_id)
        if doc_id in self._decoded:
            return self._decoded[doc_id]  # type: ignore[no-any-return]
        try:
            value = json.loads(bytes(self.text[self.starts[place] : self.starts[place + 1]]))
        except ValueError as exc:
            raise KeyFileBroken(f"document {doc_id!r}: its keys are not JSON ({exc})") from exc
        self._decoded[doc_id] = value
        return value  # type: ignore[no-any-return]

    def __setitem__(self, doc_id: str, value: list[Any]) -> None:
        self.set[doc_id] = value

    def __delitem__(self, doc_id: str) -> None:
        read = self.placed(doc_id) is not None
        if self.set.pop(doc_id, None) is None and not read:
            raise KeyError(doc_id)
        if read:
            self.gone.add(doc_id)
        self._decoded.pop(doc_id, None)

    def __iter__(self) -> Iterator[str]:
        gone = self.gone
        yield from (doc_id for doc_id in self.ids if doc_id not in gone) if gone else self.ids
        yield from self.added()

    def added(self) -> list[str]:
        """The documents set that have no place in the lists read, in the order they were set."""
        return [doc_id for doc_id in self.set if self.placed(doc_id) is None]

    def __len__(self) -> int:
        return len(self.ids) - len(self.gone) + len(self.added())

    def __contains__(self, doc_id: object) -> bool:
        return isinstance(doc_id, str) and (doc_id in self.set or self.placed(doc_id) is not None)

    def sections(self, doc_id: str) -> int | None:
        """How many sections *doc_id* has as listed (None when it was set since, or not read)."""
        place = self.placed(doc_id) if doc_id not in self.set else None
        return None if place is None else self.sections_read[place]

    def section_total(self, doc_ids: Iterable[str]) -> tuple[list[str], int]:
        """The documents of *doc_ids* whose section count is not listed (set since, or not
        read), and the sum of the others' counts."""
        wanted = set(doc_ids)
        listed = wanted.intersection(self.place).difference(self.set, self.gone)
        total = sum(map(self.sections_read.__getitem__, map(self.place.__getitem__, listed)))
        return sorted(wanted - listed), total


def keys_path(gen_dir: Path, generation: int) -> Path:
    """Where the key file of Whoosh *generation* lives."""
    return gen_dir / f"crossings-keys.{generation}.json"


def load_keys(gen_dir: Path, generation: int) -> KeyFile | None:
    """The key file of *generation*, or None when there is none, it was not written after that
    very commit or not as it is now (see the module's docstring), its line hashes are not made
    as ``corpus_lines`` makes them now, or its shape is not what an index run writes (then read
    the columns). The pairs of each document are checked where they are used (``pairs_of``)."""
    try:
        data = keys_path(gen_dir, generation).read_bytes()
        cut = data.find(b"\n")
        header = json.loads(data[:cut]) if cut >= 0 else None
        body = memoryview(data)[cut + 1 :]  # (not copied: 6 MB at 10,000 documents)
        if not (
            isinstance(header, dict)
            and header.get("line_hash") == LINE_HASH_KIND
            and header.get("format") == KEY_FORMAT
            and header.get("commit") == commit_digest(gen_dir, generation)
            and header.get("sha256") == hashlib.sha256(body).hexdigest()
        ):
            return None
    except (OSError, ValueError):
        return None
    return read_body(data, cut + 1)


def read_body(body: bytes, start: int = 0) -> KeyFile | None:
    """The key file whose content after its first line is *body* from byte *start* on (as
    :func:`_encoded` writes it), or None when it is not of that shape. Only the list of
    documents is decoded here; their text is kept as a view of *body*."""
    cut = body.find(b"\n", start)
    if cut < 0:
        return None
    listing, text = body[start:cut], memoryview(body)[cut + 1 :]
    try:
        data = json.loads(listing)
    except ValueError:
        return None
    documents = _documents_read(data, text)
    if documents is None:
        return None
    return KeyFile(documents, _tiling(data.get("corpus")))


def _documents_read(data: Any, text: bytes | memoryview) -> Documents | None:
    """The documents a key file lists (*data*, its second line) and holds (*text*, the rest),
    or None when the list is not what :func:`_encoded` writes: ids that are strings, each once,
    sizes and section counts that are numbers, as many, the sizes adding up to the text's."""
    if not isinstance(data, dict):
        return None
    ids, sizes, sections = data.get("ids"), data.get("sizes"), data.get("sections")
    if not (isinstance(ids, list) and isinstance(sizes, list) and isinstance(sections, list)):
        return None
    if not len(ids) == len(sizes) == len(sections) or len(set(ids)) != len(ids):
        return None
    if not _all_of(str, ids) or not _all_of(int, sizes, sections):
        return None
    if (sizes and min(sizes) <= 0) or (sections and min(sections) < 0):
        return None
    if sum(sizes) != len(text):
        return None
    return Documents(text, ids, sizes, sections)


def commit_digest(gen_dir: Path, generation: int) -> str:
    """The SHA-256 of the table of contents of Whoosh commit *generation* in *gen_dir* (OSError
    when it has none)."""
    return hashlib.sha256((gen_dir / toc_name(generation)).read_bytes()).hexdigest()


def _tiling(data: Any) -> Tiling | None:
    """The tiling a key file stores, or None when it is missing or of another shape."""
    if not isinstance(data, dict):
        return None
    size, lines = data.get("size"), data.get("lines")
    columns: list[Any] = [data.get(name) for name in ("ids", "starts", "line_numbers", "digests")]
    if type(size) is not int or type(lines) is not int or not all(isinstance(c, list) for c in columns):
        return None
    ids, starts, numbers, digests = columns
    if not len(ids) == len(starts) == len(numbers) == len(digests):
        return None
    if not _all_of(str, ids, digests) or not _all_of(int, starts, numbers):
        return None
    # each run starts after the one before, in bytes and in lines; the first at the corpus's start
    if not all(map(lt, chain((-1,), starts), starts)) or not all(map(lt, chain((0,), numbers), numbers)):
        return None
    if starts and (starts[0] != 0 or starts[-1] >= size or numbers[-1] > lines):
        return None
    return Tiling(size, lines, list(zip(ids, starts, numbers, digests, strict=True)))


def _all_of(kind: type, *lists: list[Any]) -> bool:
    """True when every item of *lists* is of type *kind* exactly (no bool for an int)."""
    return {kind}.issuperset(chain.from_iterable(map(type, items) for items in lists))


def entry(keys: list[str], hashes: Iterable[str]) -> list[Any]:
    """A document's value in :data:`Keys`: its section keys and their line hashes, in order."""
    return [keys, "".join(hashes)]


def hashes_of(keys: Mapping[str, Any], doc_id: str) -> str:
    """The line hashes of *doc_id*'s sections joined in one string ("" when it has none);
    KeyFileBroken when its value is not what :func:`entry` makes."""
    value = keys.get(doc_id)
    if value is None:
        return ""
    if not (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], list)
        and type(value[1]) is str
        and len(value[1]) == LINE_HASH * len(value[0])
        and all(type(key) is str for key in value[0])
    ):
        raise KeyFileBroken(f"document {doc_id!r}: its keys are not a list of keys and their hashes")
    return value[1]


def pairs_of(keys: Mapping[str, Any], doc_id: str) -> list[tuple[str, str]]:
    """The (section key, line hash) of each section of *doc_id* ([] when it has none);
    KeyFileBroken when its value is not what :func:`entry` makes."""
    hashes = hashes_of(keys, doc_id)
    if not hashes:
        return []
    return [(key, hashes[n * LINE_HASH : (n + 1) * LINE_HASH]) for n, key in enumerate(keys[doc_id][0])]


def _section_total(keys: Keys | Documents, doc_ids: Iterable[str]) -> int:
    """How many sections the documents *doc_ids* have together (see :func:`_count`), those a
    key file lists counted from its list in one step."""
    if isinstance(keys, Documents):
        counted, total = keys.section_total(doc_ids)
        return total + sum(_count(keys, doc_id) for doc_id in counted)
    return sum(_count(keys, doc_id) for doc_id in doc_ids)


def _count(keys: Keys | Documents, doc_id: str) -> int:
    """How many sections *doc_id* has (its hashes are not looked at: its lines are unchanged;
    nor is its value decoded when the key file lists its count)."""
    if isinstance(keys, Documents):
        count = keys.sections(doc_id)
        if count is not None:
            return count
    value = keys.get(doc_id)
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], list)):
        raise KeyFileBroken(f"document {doc_id!r}: its keys are not a list of keys and their hashes")
    return len(value[0])


def save_keys(gen_dir: Path, generation: int, keys: Keys | Documents, tiling: Tiling | None) -> None:
    """Write the key file of *generation* (committed in *gen_dir*) and delete those of earlier
    ones (they name withdrawn sections). Documents of *keys* read from a key file and not set
    since are written as the text they were read as (:func:`_encoded`)."""
    path = keys_path(gen_dir, generation)
    body = _encoded(keys, tiling.as_json() if tiling is not None else None)
    header = {
        "line_hash": LINE_HASH_KIND,
        "format": KEY_FORMAT,
        "commit": commit_digest(gen_dir, generation),
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    atomic.write_bytes(path, json.dumps(header).encode("ascii") + b"\n" + body)
    for old in gen_dir.glob(PATTERN):
        if old != path:
            old.unlink(missing_ok=True)


def _json(value: Any) -> bytes:
    """*value* as a key file writes it (one encoder made once: a full run writes each of its
    documents' values in a call of its own)."""
    return _ENCODER.encode(value).encode("utf-8")


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _encoded(keys: Mapping[str, Any], corpus: dict[str, Any] | None) -> bytes:
    """What a key file holds after its first line: the list of the documents of *keys* and the
    corpus's tiling (*corpus*, as :meth:`Tiling.as_json` gives it; None: not known) on one line,
    then each document's JSON text, one after the other, in the order of *keys*. Of documents
    read from a key file (:class:`Documents`), the lists and text read are copied in pieces
    between the few documents set or deleted since: an update writes what changed, not the
    10,000 other documents' one by one."""
    ids: list[str] = []
    sizes: list[int] = []
    sections: list[int] = []
    pieces: list[bytes | memoryview] = []

    def add(doc_id: str, value: Any) -> None:
        piece = _json(value)
        ids.append(doc_id)
        sizes.append(len(piece))
        sections.append(
            len(value[0]) if isinstance(value, list) and value and isinstance(value[0], list) else 0
        )
        pieces.append(piece)

    if isinstance(keys, Documents):
        changed = sorted(keys.place[doc_id] for doc_id in [*keys.set, *keys.gone] if doc_id in keys.place)
        done = 0  # the places before this one are written
        for place in [*dict.fromkeys(changed), len(keys.ids)]:
            ids += keys.ids[done:place]
            sizes += keys.sizes[done:place]
            sections += keys.sections_read[done:place]
            pieces.append(keys.text[keys.starts[done] : keys.starts[place]])
            if place < len(keys.ids) and keys.placed(keys.ids[place]) is not None:  # set in place
                add(keys.ids[place], keys.set[keys.ids[place]])
            done = place + 1
        for doc_id in keys.added():
            add(doc_id, keys.set[doc_id])
    else:
        for doc_id, value in keys.items():
            add(doc_id, value)
    listing: dict[str, Any] = {"ids": ids, "sizes": sizes, "sections": sections}
    if corpus is not None:
        listing["corpus"] = corpus
    return _json(listing) + b"\n" + b"".join(pieces)


def keys_of(docs: Iterable[dict[str, Any]]) -> Keys:
    """The key file's documents for index documents read by ``read_corpus``."""
    found: dict[str, tuple[list[str], list[str]]] = {}
    for doc in docs:
        keys, hashes = found.setdefault(doc["id"], ([], []))
        keys.append(doc["key"])
        hashes.append(doc["line_hash"])
    return {doc_id: entry(keys, hashes) for doc_id, (keys, hashes) in found.items()}


def read_tiled(corpus: Path, skipped: list[str] | None = None) -> tuple[list[dict[str, Any]], Tiling]:
    """Every record of *corpus* (as ``read_corpus`` gives them) and its tiling, both read from
    one open file: a build replacing the corpus between two reads by its name would give the
    records of one file and the runs of the other, and an update would then take the new file's
    runs for indexed while the index holds the old file's text (a redaction never indexed)."""
    with open_corpus(corpus) as handle:
        placed: list[Placed] = []
        docs = read_corpus(corpus, skipped, placed, handle)
        return docs, tiling_of(handle, placed)


def tiling_of(handle: BinaryIO, placed: list[Placed]) -> Tiling:
    """The tiling of the corpus open as *handle*, whose non-blank lines ``read_corpus`` *placed*
    (read from that same handle)."""
    fd = handle.fileno()
    data = os.pread(fd, os.fstat(fd).st_size, 0)
    return Tiling(len(data), _line_count(data), _runs(memoryview(data), 0, placed, 0, len(data), 1))


def changed_documents(
    corpus: Path, stored: KeyFile, skipped: list[str] | None = None
) -> tuple[dict[str, list[dict[str, Any]]], int, Tiling]:
    """The documents of *corpus* whose lines differ from *stored*, read in full; the corpus's
    section count; its tiling. A document absent from the corpus maps to an empty list; a bad
    line is left out, its problem noted in *skipped* (raised without it). Runs that are the same
    at the corpus's start and end are compared whole; the lines between are hashed one by one,
    only where each is and its hash kept, and the changed documents' lines read again.
    KeyFileBroken when the key file's pairs of a document it needs are not pairs of strings."""
    with open_corpus(corpus) as handle:
        problems: list[str] = []
        found = _compare(corpus, handle, stored, problems, stored.tiling)
        if found is None:  # a document both in an unchanged run and among the other lines
            problems = []
            found = _compare(corpus, handle, stored, problems, None)
            assert found is not None  # (no run is unchanged then)
        if skipped is None and problems:
            raise CorpusError(problems[0])
        if skipped is not None:
            skipped.extend(problems)
        lines, same, tiling = found
        documents = stored.documents
        changed: dict[str, list[dict[str, Any]]] = {
            doc_id: [] for doc_id in documents if doc_id not in lines and doc_id not in same
        }
        for doc_id in changed:  # gone from the corpus: the caller deletes their sections
            hashes_of(documents, doc_id)
        count = _section_total(documents, same)
        for doc_id, entries in lines.items():
            count += len(entries)
            if "".join(digest for *_, digest in entries) != hashes_of(documents, doc_id):
                changed[doc_id] = _documents(corpus, handle, entries)
    return changed, count, tiling


def _compare(
    corpus: Path,
    handle: BinaryIO,
    stored: KeyFile,
    skipped: list[str] | None,
    old: Tiling | None,
) -> tuple[dict[str, list[tuple[int, int, str]]], set[str], Tiling] | None:
    """Where the corpus (open as *handle*: one file, even if the build replaces it meanwhile)
    differs from the *old* tiling (None: everywhere): the lines of each document found there
    (line number, offset, hash), the documents whose runs are all unchanged, and the corpus's
    tiling; None when a document is in both. Runs are read through a :class:`_Window` (a
    memory map of the corpus cost more to unmap than to read)."""
    fd = handle.fileno()
    size = os.fstat(fd).st_size
    tiled = old if old is not None else Tiling(0, 0, [])
    runs, old_size = tiled.runs, tiled.size
    ends = [run[1] for run in runs[1:]] + [old_size]
    split = old_size >= SPLIT_FROM
    # runs the same from the corpus's start (the same bytes at the same offsets), then at its end
    head = _unchanged(_Same(fd, size, tiled, ends, None), range(len(runs)), split=split)
    low = ends[head - 1] if head else 0
    first_line = runs[head][2] if head < len(runs) else (old.lines + 1 if old is not None and head else 1)
    shift = size - old_size
    backwards = range(len(runs) - 1, head - 1, -1)
    tail = len(runs) - _unchanged(_Same(fd, size, tiled, ends, low), backwards, split=split)
    high = runs[tail][1] + shift if tail < len(runs) else size
    same = {run[0] for run in runs[:head]} | {run[0] for run in runs[tail:]}
    if any(run[0] in same for run in runs[head:tail]):
        return None  # a document with lines both in an unchanged run and in a changed one
    documents = stored.documents
    others = [doc_id for doc_id in documents if doc_id not in same]
    known = {
        hashes[n : n + LINE_HASH]: doc_id
        for doc_id in others
        for hashes in (hashes_of(documents, doc_id),)
        for n in range(0, len(hashes), LINE_HASH)
    }
    lines: dict[str, list[tuple[int, int, str]]] = {}
    placed: list[Placed] = []
    for line_no, offset, line, digest in corpus_lines(corpus, low, high, first_line, handle):
        doc_id = known.get(digest)
        if doc_id is None:  # a new or edited line: decode it to learn its document
            doc = read_record(line, f"{corpus}:{line_no}", skipped)
            doc_id = None if doc is None else doc["id"]
        placed.append((offset, line_no, doc_id))
        if doc_id in same:
            return None
        if doc_id is not None:
            lines.setdefault(doc_id, []).append((line_no, offset, digest))
    middle = os.pread(fd, high - low, low) if high > low else b""
    if tail < len(runs):  # (a line ends at high: it is a run's first byte)
        moved = first_line + middle.count(b"\n") - runs[tail][2]
        total = old.lines + moved if old is not None else 0
    else:
        moved, total = 0, first_line - 1 + _line_count(middle)
    between_runs = _runs(memoryview(middle), low, placed, low, high, first_line)
    tiling = [*runs[:head], *between_runs]
    if head and high > low and not between_runs:
        tiling[-1] = (*tiling[-1][:3], "")  # it takes what lies between: blank lines, lines left out
    tiling += [(doc_id, start + shift, line + moved, digest) for doc_id, start, line, digest in runs[tail:]]
    if tiling and tiling[0][1] != 0:  # blank lines or lines left out before the first run
        tiling[0] = (tiling[0][0], 0, 1, "")
    return lines, same, Tiling(size, total, tiling)


# A corpus of at least this many bytes is compared by two threads at once, each hashing half of
# the runs of a side: hashlib lets go of the interpreter while it hashes (and os.preadv while it
# reads), and hashing is most of an update's comparing (about 50 ms for 90 MB).
SPLIT_FROM = 1 << 22


class _Same:
    """Whether run *i* of a tiling (its runs and where each ends) is unchanged in the corpus (open
    as *fd*, *size* bytes): its bytes are where they were and hash as they did, whole lines.
    With *low* (comparing from the corpus's end: None from its start), they are moved by the
    difference in size, and a run starting before byte *low* is not (it would overlap the runs
    found the same from the start). Each thread asking reads through a :class:`_Window` of its
    own."""

    def __init__(self, fd: int, size: int, old: Tiling, ends: list[int], low: int | None) -> None:
        self.fd, self.size, self.runs, self.ends, self.low = fd, size, old.runs, ends, low
        self.shift = 0 if low is None else size - old.size

    def __call__(self, i: int, window: _Window) -> bool:
        """True when run *i* is unchanged (read through *window*)."""
        digest = self.runs[i][3]
        if not digest:  # a run holding a line left out: read again
            return False
        start, end = self.runs[i][1] + self.shift, self.ends[i] + self.shift
        if self.low is None:  # from the start: where it was
            if end > self.size:
                return False
            data = window.get(start, end, backwards=False)
            if not (end == self.size or data[-1:].tobytes() == b"\n"):  # its last line goes on now
                return False
            return hashlib.sha256(data).hexdigest() == digest
        if start < self.low:
            return False
        data = window.get(start - 1 if start else 0, end, backwards=True)
        if start:  # the byte before the run's first one ends a line
            if data[:1].tobytes() != b"\n":
                return False
            data = data[1:]
        if len(data) != end - start:  # the corpus ends before the run does
            return False
        return hashlib.sha256(data).hexdigest() == digest


def _unchanged(same: _Same, order: range, *, split: bool) -> int:
    """How many runs of *order* are unchanged (*same*) before the first that is not. With
    *split*, a second thread checks the second half of *order* meanwhile, and stops when the
    first half holds a changed run (its work is then not needed)."""
    half = len(order) // 2 if split and len(order) > 1 else len(order)
    if half == len(order):
        return _count_same(same, order, None)
    stop = threading.Event()
    found: list[Any] = []  # the second half's count, or what it raised

    def second() -> None:
        try:
            found.append(_count_same(same, order[half:], stop))
        except BaseException as exc:  # raised again in the calling thread, if its count is needed
            found.append(exc)

    helper = threading.Thread(target=second, name="crossings-compare", daemon=True)
    helper.start()
    try:
        count = _count_same(same, order[:half], None)
    except BaseException:
        stop.set()
        helper.join()
        raise
    if count < half:
        stop.set()
    helper.join()
    if count < half:
        return count
    if isinstance(found[0], BaseException):
        raise found[0]
    return half + int(found[0])


def _count_same(same: _Same, order: range, stop: threading.Event | None) -> int:
    """How many runs of *order* are unchanged before the first that is not (or until *stop*)."""
    window = _Window(same.fd, same.size)
    for count, i in enumerate(order):
        if (stop is not None and stop.is_set()) or not same(i, window):
            return count
    return len(order)


class _Window:
    """Byte ranges of an open file, read a large piece at a time into one buffer: a run is a few
    kilobytes, and a ``pread`` of each cost as much as hashing it. What :meth:`get` returns is
    a view of the buffer, good until the next call."""

    SIZE = 1 << 20

    def __init__(self, fd: int, size: int) -> None:
        self.fd, self.size = fd, size
        self.buffer = memoryview(bytearray(min(self.SIZE, size)))
        self.start = self.end = 0  # the bytes of the file the buffer holds

    def get(self, start: int, end: int, *, backwards: bool) -> memoryview:
        """The file's bytes from *start* to *end* (fewer when the file ends first); the next piece
        read starts at *start*, or ends at *end* when the caller goes *backwards*."""
        end = min(end, self.size)
        if self.start <= start and end <= self.end:
            return self.buffer[start - self.start : end - self.start]
        if end - start > len(self.buffer):
            return memoryview(os.pread(self.fd, max(end - start, 0), start))
        low = max(0, end - len(self.buffer)) if backwards else start
        held = os.preadv(self.fd, [self.buffer[: min(len(self.buffer), self.size - low)]], low)
        self.start, self.end = low, low + held
        return self.buffer[start - low : min(end, self.end) - low]


def _runs(
    data: memoryview, base: int, placed: list[Placed], low: int, high: int, first_line: int
) -> list[Run]:
    """The runs of the corpus's bytes from *low* (a line's first, numbered *first_line*) to
    *high*, held in *data* from byte *base* on, whose non-blank lines were *placed*: a run starts
    at the first line of each stretch of one document's lines and takes the blank lines and the
    lines left out after it (which mark it, its hash ""); the first starts at *low*."""
    starts: list[list[Any]] = []  # [document, first byte, first line, holds a line left out]
    bad_before = False
    for offset, line_no, doc_id in placed:
        if doc_id is None:
            if starts:
                starts[-1][3] = True
            else:
                bad_before = True
        elif not starts:
            starts.append([doc_id, low, first_line, bad_before])
        elif starts[-1][0] != doc_id:
            starts.append([doc_id, offset, line_no, False])
    runs: list[Run] = []
    for place, (doc_id, start, line_no, bad) in enumerate(starts):
        end = starts[place + 1][1] if place + 1 < len(starts) else high
        digest = "" if bad else hashlib.sha256(data[start - base : end - base]).hexdigest()
        runs.append((doc_id, start, line_no, digest))
    return runs


def _line_count(data: bytes) -> int:
    """The lines of *data*, a last line without a newline counted."""
    return data.count(b"\n") + (1 if data and data[-1:] != b"\n" else 0)


def _documents(corpus: Path, handle: BinaryIO, entries: list[tuple[int, int, str]]) -> list[dict[str, Any]]:
    """Index documents for one document's lines (read again from *handle* at their offsets), with
    repeated anchors numbered as read_corpus does."""
    docs: dict[str, dict[str, Any]] = {}
    for line_no, offset, digest in entries:
        where = f"{corpus}:{line_no}"
        handle.seek(offset)
        data = stripped(handle.readline())
        if hashlib.sha256(data).hexdigest()[:LINE_HASH] != digest:
            raise CorpusError(f"{where}: the corpus changed while it was indexed; run the index again")
        line = line_text(data, where)  # decoded once already, or a known hash: UTF-8
        doc = to_document(decode(line, where), where, line)
        doc["line_hash"] = digest
        add_section(docs, doc)
    return list(docs.values())
