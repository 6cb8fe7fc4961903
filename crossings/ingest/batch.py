"""Ingest a whole catalog: bad rows are reported, good ones converted in parallel."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime

from crossings.archive import Archive
from crossings.catalog.csvfile import read_catalog
from crossings.catalog.load import Catalog, load_catalog
from crossings.catalog.model import DocumentMeta
from crossings.catalog.problems import Problem
from crossings.errors import CrossingsError
from crossings.ingest.convert import Job, ingest_chunk
from crossings.ingest.outcome import FAILED, Outcome
from crossings.ingest.pandoc import DEFAULT_LIMITS
from crossings.ingest.scripts import script_for
from crossings.leftovers import remove, stale_ingest_folders


@dataclass
class BatchResult:
    """Every document's outcome and the catalog problems that belong to no document."""

    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.problems and all(o.status != FAILED for o in self.outcomes)


def now_iso() -> str:
    """The conversion time (UTC, seconds); SOURCE_DATE_EPOCH pins it for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def plan(
    archive: Archive, only: Iterable[str] = (), force: Iterable[str] = ()
) -> tuple[list[Job], BatchResult]:
    """The jobs to run and the outcomes already known (rows the catalog check rejected)."""
    remove(stale_ingest_folders(archive))  # an interrupted run's copies of originals
    catalog = load_catalog(archive)
    only, force = set(only), set(force)
    known = {doc.id for doc in catalog.documents}
    unknown = sorted((only | force) - known)
    if unknown:
        raise CrossingsError(
            f"{archive.catalog.name}: no document with id {', '.join(unknown)} in the catalog"
        )
    by_row, general = _problems_by_row(catalog)
    result = BatchResult(problems=[] if only else general)
    now = now_iso()
    jobs = []
    rows = {doc.id: catalog.rows[doc.id].where.row or 0 for doc in catalog.documents}
    for doc in catalog.documents:
        if only and doc.id not in only:
            continue
        problems = by_row.pop(rows[doc.id], [])
        if problems:
            result.outcomes.append(_rejected(doc, problems))
        else:
            script = script_for(doc.language, catalog.vocab.languages)
            jobs.append(
                Job(archive.root, doc, now, force=doc.id in force, limits=DEFAULT_LIMITS, script=script)
            )
    if not only and by_row:
        cells = {row.where.row: row.values for row in read_catalog(archive.catalog, "reports/catalog.csv")[0]}
        result.outcomes += [
            _unparsed(row, cells.get(row, {}), problems) for row, problems in sorted(by_row.items())
        ]
    return jobs, result


CHUNK = 25


def chunks(jobs: list[Job], workers: int) -> list[list[Job]]:
    """Split the jobs into batches for pandoc processes: a few per worker, at most CHUNK each."""
    size = max(1, min(CHUNK, -(-len(jobs) // (workers * 3))))
    return [jobs[start : start + size] for start in range(0, len(jobs), size)]


def run(jobs: list[Job], workers: int) -> Iterator[list[Outcome]]:
    """Run the jobs (in *workers* processes when more than one); yield each batch's outcomes as it ends.

    A worker process that dies (killed, out of memory, a crash in native code) breaks the pool:
    the jobs of every batch left unfinished run again, each in a process of its own, so that only
    the file that kills its process fails.
    """
    batches = chunks(jobs, workers)
    if workers <= 1 or len(batches) <= 1:
        for batch in batches:
            yield ingest_chunk(batch)
        return
    again: list[Job] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(ingest_chunk, batch): batch for batch in batches}
        try:
            for future in as_completed(futures):
                try:
                    yield future.result()
                except Exception:
                    again += futures[future]
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    if again:
        yield from _alone(again, workers)


def _alone(jobs: list[Job], workers: int) -> Iterator[list[Outcome]]:
    """Each job in a process of its own (*workers* at a time); one that fails there fails alone."""
    with ThreadPoolExecutor(max_workers=workers) as threads:
        futures = [threads.submit(_in_own_process, job) for job in jobs]
        for future in as_completed(futures):
            yield future.result()


def _in_own_process(job: Job) -> list[Outcome]:
    """One job in a fresh process; its death or error is that job's FAILED outcome."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(ingest_chunk, [job]).result()
        except BrokenProcessPool:
            display = f"reports/{job.meta.file}"
            reason = (
                f"{display}: the conversion process died on this file (killed, or out of memory); nothing "
                "was written. Open it in Word or LibreOffice, save it again and replace it; if it is very "
                "large, split it into parts and add each to the catalog"
            )
            return [Outcome(job.meta.id, display, FAILED, reason)]
        except Exception as exc:
            return _failed([job], exc)


def _failed(batch: list[Job], exc: Exception) -> list[Outcome]:
    """A FAILED outcome for each job of *batch*, naming its file and the error."""
    failed = []
    for job in batch:
        display = f"reports/{job.meta.file}"
        reason = f"{display}: internal error ({type(exc).__name__}: {exc})"
        failed.append(Outcome(job.meta.id, display, FAILED, reason))
    return failed


def _problems_by_row(catalog: Catalog) -> tuple[dict[int, list[Problem]], list[Problem]]:
    """Errors grouped by catalog row, and the errors that belong to no row."""
    by_row: dict[int, list[Problem]] = defaultdict(list)
    general = []
    for problem in catalog.problems:
        if problem.severity != "error":
            continue
        if problem.row is None:
            general.append(problem)
        else:
            by_row[problem.row].append(problem)
    return by_row, general


def _rejected(doc: DocumentMeta, problems: list[Problem]) -> Outcome:
    """A document whose catalog row has errors: not converted, every error listed."""
    reason = "catalog row has errors: " + "; ".join(str(p) for p in problems)
    return Outcome(doc.id, f"reports/{doc.file}", FAILED, reason)


def _unparsed(row: int, cells: dict[str, str], problems: list[Problem]) -> Outcome:
    """A catalog row too broken to describe a document: reported under its id cell (or row number)."""
    reason = "catalog row has errors: " + "; ".join(str(p) for p in problems)
    file = f"reports/{cells['file']}" if cells.get("file") else problems[0].file
    return Outcome(cells.get("id") or f"row-{row}", file, FAILED, reason)
