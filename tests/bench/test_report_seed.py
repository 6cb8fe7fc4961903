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
