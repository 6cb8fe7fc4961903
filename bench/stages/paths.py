"""Where the harness keeps its generated archives (apart from the stage helpers' own runs)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from bench.common import BENCH_DIR, REPO

RUN_DIR = BENCH_DIR / "run"
# What makes the demo archive: this repository's own archive files (never its build/).
DEMO_PARTS = ("conf.py", "reports", "source", "vocabularies", "locales", "search", "redactions.csv")


def stage_dir(stage: str, n: int) -> Path:
    """The working folder of one stage at one N."""
    return RUN_DIR / stage / (f"n{n}" if n else "demo")


def demo_copy(target: Path) -> Path:
    """A fresh copy of the demo archive at *target*; benchmarks wipe build folders, never the repo's."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for part in DEMO_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, target / part)
    return target


def demo_documents(archive: Path) -> int:
    """The number of documents in an archive's catalog."""
    with (archive / "reports" / "catalog.csv").open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))
