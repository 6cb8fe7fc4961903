"""Copying the live index state of one language to a replica's index folder, whole or not at all.

An incremental ``crossings index`` changes the live generation in place (a new Whoosh commit in
the same folder), so a replica must never read the indexing machine's folder, nor a copy made
while a run commits. ``ship_index`` copies one committed state: the files that commit reads
(its TOC, the files of the segments it lists, ``crossings.json``; not the files of older commits,
which may hold withdrawn text, nor the keys an update needs), holding the source folder's lock
so that no index run commits meanwhile. The copy goes into a temporary folder of the target,
each file flushed to disk; the folder is then renamed to ``gen-<digest>``, a name made from what
it holds, ``CURRENT`` is replaced atomically and older generations are deleted, as a full index
run does (a server that has them open keeps their files, and reopens ``CURRENT``). A reader of
the target finds the previous generation or the new one, whole, whatever moment it reads, and a
copy interrupted at any point leaves ``CURRENT`` naming a complete generation. The same state
shipped twice has the same name, so replicas serving one index report one generation.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from crossings.atomic import copy_synced, signals_held, sync_folder
from crossings.search.engine.whoosh_internals import commit_files
from crossings.search.indexing.errors import IndexMissing
from crossings.search.indexing.index import (
    META,
    POINTER,
    PREFIX,
    current_generation,
    locked,
    prune,
    write_pointer,
)

DIGEST_CHARS = 16  # of the sha256 in a shipped generation's name: gen-<16 hex digits>
INCOMING = f".{PREFIX}incoming-"  # a copy under way: .gen-incoming-<random>.tmp


@dataclass
class ShippedIndex:
    """What shipping one language's index did."""

    source_generation: str  # the live generation of the source folder
    commit: int  # its Whoosh commit that was copied
    generation: str  # the name of the generation the target now serves
    files: int = 0
    bytes: int = 0
    unchanged: bool = False  # the target already served this state: nothing was copied

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return asdict(self)


def ship_index(source: Path, target: Path) -> ShippedIndex:
    """Make the live state of index folder *source* the live generation of index folder *target*."""
    with locked(source, shared=True):
        live = current_generation(source)
        if live is None:
            raise IndexMissing(f"{source}: no search index yet; run `crossings index`")
        gen_dir = source / live
        ix = whoosh_index.open_dir(str(gen_dir))
        commit = int(ix.latest_generation())
        names = [*commit_files(ix), *([META] if (gen_dir / META).is_file() else [])]
        ix.close()
        target.mkdir(parents=True, exist_ok=True)
        with locked(target):
            for stale in target.glob(f"{INCOMING}*.tmp"):  # an interrupted ship's copy
                shutil.rmtree(stale, ignore_errors=True)
            with _incoming(target) as tmp:
                report = ShippedIndex(live, commit, "")
                digest = hashlib.sha256()
                for name in names:
                    digest.update(f"{name}\0".encode())
                    report.bytes += copy_synced(gen_dir / name, tmp / name, digest)
                    report.files += 1
                sync_folder(tmp)
                report.generation = f"{PREFIX}{digest.hexdigest()[:DIGEST_CHARS]}"
                _make_live(tmp, target, report)
    return report


@contextlib.contextmanager
def _incoming(target: Path) -> Iterator[Path]:
    """A new temporary folder in *target*, removed at the end unless it was renamed into place
    (the signals are held while it is made, so that Ctrl-C cannot leave it unnoticed)."""
    with signals_held():
        tmp = Path(tempfile.mkdtemp(dir=target, prefix=INCOMING, suffix=".tmp"))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _make_live(tmp: Path, target: Path, report: ShippedIndex) -> None:
    """Rename the finished copy *tmp* to its generation's name and point CURRENT at it."""
    name = report.generation
    if current_generation(target) == name:
        report.unchanged = True
        return
    final = target / name
    if final.exists():  # a finished copy of an interrupted ship, never made live: same content
        shutil.rmtree(final)
    with signals_held():  # renamed and pointed at together, or neither
        tmp.replace(final)
        sync_folder(target)
        write_pointer(target, name)
    prune(target, keep={name})  # the older generation may hold what was since withdrawn


def remove_index(target: Path) -> None:
    """Delete the index folder *target* of a language the source no longer has."""
    with locked(target):
        (target / POINTER).unlink(missing_ok=True)  # a server stops listing it at once
        prune(target, keep=set())
    shutil.rmtree(target, ignore_errors=True)
