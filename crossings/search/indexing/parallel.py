"""Write a full index's segments in worker processes, then list them all in one TOC."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from crossings.errors import CrossingsError
from crossings.search.engine.schema import new_segment
from crossings.search.engine.whoosh_internals import segments as listed_segments
from crossings.search.engine.whoosh_internals import write_toc
from crossings.search.indexing.records import whoosh_fields

# Two cores on the reference machine; the posting writer is pure Python, so threads would not help.
PROCS = 2


def write_segments(ix: Any, chunks: list[list[dict[str, Any]]], limitmb: int) -> None:
    """Add one segment per chunk to the empty index *ix*, in order (worker processes when worthwhile)."""
    procs = min(PROCS, len(chunks))
    if procs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        _write(ix, chunks, limitmb)
        return
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
    _write(whoosh_index.create_in(str(folder), schema), chunks, limitmb)


def _write(ix: Any, chunks: list[list[dict[str, Any]]], limitmb: int) -> None:
    """Commit one segment per chunk to *ix*, without merging."""
    for chunk in chunks:
        writer = ix.writer(limitmb=limitmb)
        new_segment()
        for doc in chunk:
            writer.add_document(**whoosh_fields(doc))
        writer.commit(merge=False)
