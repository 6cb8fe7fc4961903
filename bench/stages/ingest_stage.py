"""Ingest: `crossings ingest` with --jobs 1 and 2 against bare pandoc on the same originals.

The originals come from bench.corpus.write_originals_archive (docx, odt, html and
legacy-encoded txt in rotation, about 10% Chinese and Thai). Runs are interleaved (bare,
jobs 1, jobs 2, then again) so that the machine's noise falls on all three alike.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.common import CROSSINGS, Measurement, Result, median_of, run_measured
from bench.corpus import write_originals_archive
from bench.references.bare_pandoc import convert_all
from bench.stages.paths import stage_dir


def originals(n: int) -> Path:
    """The generated originals archive of *n* documents (made once per n)."""
    archive = stage_dir("ingest", n) / "archive"
    if not (archive / "reports" / "catalog.csv").is_file():
        shutil.rmtree(archive.parent, ignore_errors=True)
        write_originals_archive(archive, n)
    return archive


def ingest_once(archive: Path, jobs: int) -> tuple[Measurement, int]:
    """One full ingest from an empty source/documents: time, peak and documents written."""
    documents = archive / "source" / "documents"
    shutil.rmtree(documents, ignore_errors=True)
    cmd = [*CROSSINGS, "ingest", "--archive", str(archive), "--jobs", str(jobs)]
    run = run_measured(cmd, ok_codes=(0, 1))  # 1: some file failed; counted below
    return run, len(list(documents.glob("*.md")))


def measure(n: int, repeats: int, smoke: bool) -> list[Result]:
    """Rows: time against bare pandoc, docs/s with jobs 1 and jobs 2."""
    archive = originals(n)
    bare, one, two, written = [], [], [], set()
    for _ in range(repeats):
        bare.append(convert_all(archive, archive.parent / "bare-pandoc"))
        for jobs, runs in ((1, one), (2, two)):
            run, count = ingest_once(archive, jobs)
            runs.append(run)
            written.add(count)
    b, j1, j2 = median_of(bare), median_of(one), median_of(two)
    done = min(written)
    note = "" if done == n else f" ({n - done} of {n} failed)"
    overhead, speedup = j1.seconds / b.seconds, j1.seconds / j2.seconds
    return [
        Result(
            "ingest",
            "time, --jobs 1" + note,
            n,
            j1.seconds,
            b.seconds,
            "s",
            "<= 1.3x bare pandoc",
            j1.peak_mb,
            met=overhead <= 1.3,
        ),
        Result("ingest", "docs/s, --jobs 1", n, done / j1.seconds, n / b.seconds, "docs/s", "", j1.peak_mb),
        Result(
            "ingest",
            "docs/s, --jobs 2 (ref: --jobs 1)",
            n,
            done / j2.seconds,
            done / j1.seconds,
            "docs/s",
            ">= 1.7x --jobs 1",
            j2.peak_mb,
            reference_name="--jobs 1",
            met=speedup >= 1.7,
        ),
    ]
