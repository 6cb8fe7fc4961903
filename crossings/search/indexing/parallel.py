"""Write a full index's segments in worker processes, then list them all in one TOC."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import shutil
from collections.abc import Iterator
from multiprocessing import connection
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from crossings.errors import CrossingsError
from crossings.search.engine.schema import new_segment
from crossings.search.engine.whoosh_internals import fast_writer, write_toc
from crossings.search.engine.whoosh_internals import segments as listed_segments
from crossings.search.indexing.records import whoosh_fields

# Two cores on the reference machine; the posting writer is pure Python, so threads would not help.
PROCS = 2


def workers() -> int:
    """How many processes write a full index's segments at once (1: this one)."""
    return PROCS if "fork" in multiprocessing.get_all_start_methods() else 1


def write_segments(ix: Any, chunks: list[list[dict[str, Any]]], limitmb: int) -> None:
    """Add one segment per chunk to the empty index *ix*, in order (worker processes when worthwhile)."""
    with _records_frozen():
        procs = min(workers(), len(chunks))
        if procs < 2:
            write_segments_here(ix, chunks, limitmb)
        else:
            _write_in_workers(ix, chunks, limitmb, procs)


@contextlib.contextmanager
def _records_frozen() -> Iterator[None]:
    """Leave every object alive now (the parsed records) out of the cycle collector's passes.

    The collector is paused for the whole index run, but each committed Whoosh writer is a
    reference cycle holding its posting pool: without a collection per segment, a worker grew
    to 12 GB at 100,000 documents. Frozen, the records cost those collections nothing, and
    forked workers do not dirty (copy) their shared pages by scanning them.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _write_in_workers(ix: Any, chunks: list[list[dict[str, Any]]], limitmb: int, procs: int) -> None:
    """Write each chunk in a forked process of its own, at most *procs* at a time, then list all
    their segments in chunk order (the sequential build's document order).

    The chunks are started in order, the next one as soon as a process ends: a process that
    drew slower chunks (longer texts, another script) or less of a loaded machine's time does
    fewer of them, instead of the other one waiting for it at the end."""
    root = Path(ix.storage.folder)
    folders = [root / f"part-{n}" for n in range(len(chunks))]
    context = multiprocessing.get_context("fork")  # the processes share the parsed records
    waiting = list(reversed(range(len(chunks))))
    running: dict[int, Any] = {}  # chunk number -> its process
    failed: list[str] = []
    while running or (waiting and not failed):
        while waiting and not failed and len(running) < procs:
            number = waiting.pop()
            args = (folders[number], ix.schema, chunks[number], limitmb)
            running[number] = context.Process(target=_write_chunk, args=args)
            running[number].start()
        connection.wait([process.sentinel for process in running.values()])
        for number, process in list(running.items()):
            if process.exitcode is not None:
                process.join()
                del running[number]
                if process.exitcode != 0:
                    failed.append(str(folders[number]))
    if failed:
        raise CrossingsError(
            f"{', '.join(failed)}: an index worker process failed; run `crossings index --full` again"
        )
    segments = []
    for folder in folders:
        part = whoosh_index.open_dir(str(folder))
        segments.extend(listed_segments(part))
        part.close()
        for path in folder.glob("*.seg"):
            path.replace(root / path.name)
        shutil.rmtree(folder)
    write_toc(ix, segments)


# What a chunk's process keeps alive until it ends: the postings its writer held.
_LEFT_TO_EXIT: list[Any] = []


def _write_chunk(folder: Path, schema: Any, chunk: list[dict[str, Any]], limitmb: int) -> None:
    """Write *chunk* as the one segment of a new index in *folder* (runs in a process of its own).

    The process ends right after: the segment's postings (a tuple per posting, most of a
    million) are left to its exit instead of being freed one by one when the writer commits."""
    folder.mkdir()
    writer = fast_writer(whoosh_index.create_in(str(folder), schema), limitmb)
    new_segment()
    for doc in chunk:
        writer.add_document(**whoosh_fields(doc))
    _LEFT_TO_EXIT.append(getattr(writer.pool, "fields", None))
    writer.commit(merge=False)


def write_segments_here(ix: Any, chunks: list[list[dict[str, Any]]], limitmb: int) -> None:
    """Commit one segment per chunk to *ix*, without merging."""
    for chunk in chunks:
        writer = fast_writer(ix, limitmb)
        new_segment()
        for doc in chunk:
            writer.add_document(**whoosh_fields(doc))
        writer.commit(merge=False)
        del writer
        gc.collect()  # the writer's cycles: only what this segment made is scanned (_records_frozen)
