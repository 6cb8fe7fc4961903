"""A partial bench run on a fresh checkout keeps every figure BENCHMARKS.md holds (bench.report)."""

from __future__ import annotations

import json
from pathlib import Path

from bench import report

REPO = Path(__file__).resolve().parents[2]


def test_every_figure_of_benchmarks_md_reads_back_as_printed(tmp_path: Path) -> None:
    results, runs = tmp_path / "results.json", tmp_path / "runs.json"
    assert report.seed_from_benchmarks_md(results, runs)
    text = (REPO / "BENCHMARKS.md").read_text("utf-8")
    printed = text[text.index("### Every figure") :].split("###", 2)[1].removeprefix(" Every figure").strip()
    assert report.table(report.load_rows(results)) == printed
    listed = json.loads(runs.read_text("utf-8"))
    assert listed and all(run["command"].startswith("python -m bench.run") for run in listed)
    assert report.targets_table(report.load_rows(results)).count("| met |") >= 10


def test_no_figures_no_seed(tmp_path: Path) -> None:
    empty = tmp_path / "BENCHMARKS.md"
    empty.write_text("# Benchmarks\n", encoding="utf-8")
    assert not report.seed_from_benchmarks_md(tmp_path / "r.json", tmp_path / "runs.json", empty)
    assert not (tmp_path / "r.json").exists()


def test_a_printed_figure_prints_the_same_once_read_back() -> None:
    for value in (95.99, 9.999, 0.0999, 0.00999, 99.96, 20.5, 1965.2, 0.051, 2.11, 10.04, 3.0):
        printed = report.number(value)
        assert report.number(float(printed.replace(",", ""))) == printed, value


def test_a_stage_that_ignores_sizes_replaces_all_its_rows(tmp_path: Path) -> None:
    """serve measures the demo and the 10,000-document archive in one run: run again, it replaces
    both sets of rows (its 10,000-document rows were once kept beside the new ones)."""
    from bench.common import Result
    from bench.run import merged

    old = [
        Result("serve", "successful requests/s, demo", 0, 300.0, None, "req/s", ""),
        Result("serve", "successful requests/s, 2 workers", 10000, 49.0, None, "req/s", ""),
        Result("index", "full index", 10000, 87.0, 12.0, "s", ""),
    ]
    previous = tmp_path / "results.json"
    report.save_rows(old, previous)
    fresh = [
        Result("serve", "successful requests/s, demo", 0, 600.0, None, "req/s", ""),
        Result("serve", "successful requests/s, 2 workers", 10000, 202.0, None, "req/s", ""),
    ]
    rows = merged(previous, fresh, {("serve", 0)})
    kept = [(r.stage, r.n, r.ours) for r in rows]
    assert kept == [("index", 10000, 87.0), ("serve", 0, 600.0), ("serve", 10000, 202.0)]
