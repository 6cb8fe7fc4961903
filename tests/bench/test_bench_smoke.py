"""The benchmark harness runs end to end in smoke mode and reports a row for every stage."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
STAGES = ("ingest", "build", "index", "query", "pdf", "serve", "realworld", "hostile", "recall")


def table_stages(stdout: str) -> dict[str, list[list[str]]]:
    """Rows of the printed results table, grouped by their stage cell."""
    rows: dict[str, list[list[str]]] = {}
    for line in stdout.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 10 and cells[0] not in {"stage", "---"} and not cells[0].startswith("-"):
            rows.setdefault(cells[0], []).append(cells)
    return rows


@pytest.mark.slow
def test_smoke_run_reports_every_stage() -> None:
    before = (REPO / "BENCHMARKS.md").read_bytes() if (REPO / "BENCHMARKS.md").is_file() else None
    run = subprocess.run(
        [sys.executable, "-m", "bench.run", "--smoke", "--sizes", "20"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    rows = table_stages(run.stdout)
    assert set(STAGES) <= set(rows), f"stages in the table: {sorted(rows)}\n{run.stdout}"
    for stage in STAGES:
        measured = [cells for cells in rows[stage] if not cells[3].startswith("not measured")]
        assert measured, f"{stage}: no figure in {rows[stage]}"
    assert (REPO / "build" / "bench" / "smoke" / "results.json").is_file()
    after = (REPO / "BENCHMARKS.md").read_bytes() if (REPO / "BENCHMARKS.md").is_file() else None
    assert after == before, "a smoke run must not rewrite BENCHMARKS.md"
