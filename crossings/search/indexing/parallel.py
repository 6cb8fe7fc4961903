"""Write a full index's segments in worker processes, then list them all in one TOC."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import shutil
from collections.abc import Iterator
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


def write_segments(ix: Any, chunks: list[list[dict[str, Any]]], limitmb: int) -> None:
    """Add one segment per chunk to the empty index *ix*, in order (worker processes when worthwhile)."""
    with _records_frozen():
        procs = min(PROCS, len(chunks))
        if procs < 2 or "fork" not in multiprocessing.get_all_start_methods():
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
    """Write contiguous runs of *chunks* in *procs* forked processes, then list all their segments."""
    root = Path(ix.storage.folder)
    size = -(-len(chunks) // procs)  # contiguous runs keep the sequential build's document order
    parts = [(root / f"part-{n}", chunks[n * size : (n + 1) * size]) for n in range(procs)]
    context = multiprocessing.get_context("fork")  # the workers share the parsed records
    workers = [
        context.Process(target=_worker, args=(folder, ix.schema, part, limitmb)) for folder, part in parts
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    failed = [str(folder) for (folder, _), worker in zip(parts, workers, strict=True) if worker.exitcode != 0]
    if failed:
        raise CrossingsError(
            f"{', '.join(failed)}: an index worker process failed; run `crossings index --full` again"
        )
    segments = []
    for folder, _ in parts:
        part = whoosh_index.open_dir(str(folder))
        segments.extend(listed_segments(part))
        part.close()
        for path in folder.glob("*.seg"):
            path.replace(root / path.name)
        shutil.rmtree(folder)
    write_toc(ix, segments)


def _worker(folder: Path, schema: Any, chunks: list[list[dict[str, Any]]], limitmb: int) -> None:
    """Write *chunks* as segments of a new index in *folder* (runs in a worker process)."""
    folder.mkdir()
    write_segments_here(whoosh_index.create_in(str(folder), schema), chunks, limitmb)


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
