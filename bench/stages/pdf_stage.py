"""PDF proceedings: `crossings build pdf` from a clean build folder (demo and generated archives).

There is no reference implementation to run: the target is absolute (200 documents in under
three minutes). Page counts come from pdfinfo through the PDF benchmark's helper.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.common import CROSSINGS, Result, median_of, run_measured
from bench.corpus import write_myst_archive
from bench.stages import helper
from bench.stages.paths import demo_copy, demo_documents, stage_dir

TARGET_SECONDS = 180.0


def archive_for(n: int) -> Path:
    """A fresh copy of the demo archive (n = 0) or the generated archive of n documents."""
    folder = stage_dir("pdf", n) / "archive"
    if n == 0:
        return demo_copy(folder)
    if not (folder / "reports" / "catalog.csv").is_file():
        shutil.rmtree(folder.parent, ignore_errors=True)
        write_myst_archive(folder, n)
    return folder


def measure(n: int, repeats: int, smoke: bool) -> list[Result]:
    """Rows: PDF build time (target at 200 documents) and its page count."""
    metric = "PDF build, demo archive" if n == 0 else "PDF build"
    pdf, missing = helper("bench.pdf.bench_pdf", "pdf", metric, n)
    if pdf is None:
        return missing
    archive = archive_for(n)
    runs = []
    for _ in range(repeats):
        shutil.rmtree(archive / "build", ignore_errors=True)
        runs.append(run_measured([*CROSSINGS, "build", "pdf", "--archive", str(archive)]))
    run = median_of(runs)
    docs = demo_documents(archive) if n == 0 else n
    target = "< 180 s at 200 docs" if n else ""
    met = run.seconds < TARGET_SECONDS if n >= 200 else None
    return [
        Result("pdf", metric, docs, run.seconds, None, "s", target, run.peak_mb, met=met),
        Result("pdf", metric.replace("build", "pages"), docs, float(pdf.pages(archive)), None, "pages"),  # type: ignore[attr-defined]
    ]
