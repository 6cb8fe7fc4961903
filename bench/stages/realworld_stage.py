"""Ingest of the real-world corpus (tests/corpus: public test files of pinned PyPI sdists).

``crossings ingest`` runs on the whole corpus (N = 0) or its first N files, as an editor would:
once with ``--jobs 1``, where the time LibreOffice takes (legacy .doc, Word 6/2.0 and the like)
is measured by a wrapper around ``soffice`` that logs how long each call ran, so its share of
the wall clock is exact; once with ``--jobs 2``. It also counts what the corpus test asserts
(converted or rightly refused) and the personal-name warnings, against the rule before issue
19: one warning per filled author-like property of every Word and OpenDocument file.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from bench.common import Result
from bench.stages.paths import stage_dir
from crossings.ingest.legacy import find_soffice
from tests.corpus.fetch import ensure_corpus
from tests.corpus.run import (
    Entry,
    former_name_warnings,
    ingest,
    load_expected,
    make_archive,
    matches,
    name_warnings,
)
from tests.corpus.run import measure as outcomes

STAGE = "realworld"
WRAPPER = """#!/bin/sh
# bench: time one LibreOffice call and log it (nanoseconds), then pass on its exit status.
start=$(date +%s%N)
"{real}" "$@"
status=$?
echo $(( $(date +%s%N) - start )) >> "{log}"
exit $status
"""


def corpus(n: int) -> tuple[Path, list[Entry]]:
    """The corpus archive of the first *n* expected files (0: all of them), made once per n."""
    entries = load_expected()
    entries = entries[:n] if n else entries
    archive = stage_dir(STAGE, n) / "archive"
    if not (archive / "reports" / "catalog.csv").is_file():
        shutil.rmtree(archive.parent, ignore_errors=True)
        make_archive(archive, ensure_corpus(), entries)
    return archive, entries


def timed_soffice(folder: Path) -> Path | None:
    """A ``soffice`` on a PATH folder that times the real one; its log file (None without LibreOffice)."""
    real = find_soffice()
    if real is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "soffice-ns.log"
    log.unlink(missing_ok=True)
    wrapper = folder / "soffice"
    wrapper.write_text(WRAPPER.format(real=real, log=log), encoding="utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    return log


def run_ingest(archive: Path, jobs: int, path_first: Path | None = None) -> tuple[dict[str, object], float]:
    """One ingest from an empty source/documents: the JSON report and the wall-clock seconds."""
    shutil.rmtree(archive / "source" / "documents", ignore_errors=True)
    saved = os.environ.get("PATH", "")
    if path_first is not None:
        os.environ["PATH"] = f"{path_first}{os.pathsep}{saved}"
    try:
        report, _stderr, seconds = ingest(archive, jobs)
    finally:
        os.environ["PATH"] = saved
    return report, seconds


def measure_stage(n: int) -> list[Result]:
    """The rows: files/s (jobs 1 and 2), LibreOffice's share, right outcomes, name warnings."""
    archive, entries = corpus(n)
    files = len(entries)
    log = timed_soffice(archive.parent / "bin")
    report, one = run_ingest(archive, 1, log.parent if log else None)
    in_office = sum(int(line) for line in log.read_text().split()) / 1e9 if log and log.is_file() else 0.0
    calls = len(log.read_text().split()) if log and log.is_file() else 0
    right = sum(matches(e, m) for e, m in zip(entries, outcomes(archive, entries, report), strict=True))
    now, former = name_warnings(report), former_name_warnings(archive, entries)
    quiet = now <= former / 20  # a small sample may have no name for either rule: 0 of 0 holds
    _report_two, two = run_ingest(archive, 2)
    rows = [
        Result(STAGE, "files/s, --jobs 1", files, files / one, None, "docs/s"),
        Result(STAGE, "files/s, --jobs 2 (ref: --jobs 1)", files, files / two, files / one, "docs/s",
               reference_name="--jobs 1"),
        Result(STAGE, f"share of the --jobs 1 time in LibreOffice ({calls} calls, {in_office:.1f} s)", files,
               100 * in_office / one, None, "%"),
        Result(STAGE, "converted or rightly refused", files, 100 * right / files, None, "%", ">= 98%",
               met=right / files >= 0.98),
        Result(STAGE, "personal-name warnings (ref: former rule)", files, now, former, "count",
               "<= 5% of the former rule", reference_name="former rule", met=quiet),
    ]  # fmt: skip
    if log is None:
        rows[2] = Result.not_measured(
            STAGE, "share of the time in LibreOffice", files, "LibreOffice is not installed"
        )
    return rows


def measure(n: int, repeats: int, smoke: bool) -> list[Result]:
    """bench.stages entry point (one run whatever *repeats*: the corpus takes minutes, its figures
    are totals and counts)."""
    return measure_stage(n)
