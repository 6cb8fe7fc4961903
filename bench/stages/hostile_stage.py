"""Hostile: `crossings serve` (2 search processes, answer cache off) while four clients send the
generated hostile requests and a fifth sends normal searches (bench.serve.hostile_load), on the
demo archive (N = 0) and on the 10,000-document index of the serve stage (N = 10000)."""

from __future__ import annotations

from typing import Any

from bench.common import CROSSINGS, Result, run_measured
from bench.stages import helper
from bench.stages.paths import demo_copy, demo_documents, stage_dir
from crossings.search.request.limits import TIME_BUDGET

FULL_COUNT = 2000  # hostile requests per run
SMOKE_COUNT = 80
SLOWEST = TIME_BUDGET + 0.5  # seconds: the budget and half a second
NORMAL_P95 = 1000.0  # ms


def measure(n: int, repeats: int, smoke: bool) -> list[Result]:
    """The hostile rows of one archive: the demo (n = 0) or the generated index of n documents."""
    load, missing = helper("bench.serve.hostile_load", "hostile", "responses 5xx", n)
    if load is None:
        return missing
    if n == 0:
        archive = demo_copy(stage_dir("hostile", 0) / "archive")
        for command in (["ingest"], ["build", "html", "--lang", "en"], ["index"]):
            run_measured([*CROSSINGS, *command, "--archive", str(archive)])
        docs = demo_documents(archive)
    else:
        from bench.serve.large import served_archive

        archive, docs = served_archive(n), n
    figures = load.run_hostile(archive, count=SMOKE_COUNT if smoke else FULL_COUNT, workers=2)
    return rows(figures, docs, n == 0)


def rows(figures: dict[str, Any], docs: int, demo: bool) -> list[Result]:
    """5xx count, slowest answer and the normal client's p95, each against its target."""
    where = "demo" if demo else f"{docs:,} documents"
    statuses = ", ".join(f"{code}: {count}" for code, count in sorted(figures["statuses"].items()))
    label = f"{where}, {figures['hostile']} hostile requests from 4 clients, 2 workers"
    errors, slowest, p95 = figures["errors"], figures["slowest_s"], figures["normal_p95_ms"]
    return [
        Result("hostile", f"responses 5xx or unanswered, {label} (statuses {statuses})", docs, errors, None,
               "count", "0", met=errors == 0),
        Result("hostile", f"slowest answer, {label}", docs, slowest, None, "s",
               f"<= {SLOWEST:g} s (budget + 0.5 s)", met=slowest <= SLOWEST),
        Result("hostile", f"p95 of a fifth client's normal searches meanwhile, {where}, 2 workers", docs, p95,
               None, "ms", f"<= {NORMAL_P95:g} ms", met=p95 <= NORMAL_P95),
        Result("hostile", f"p95 of the hostile requests, {label}", docs, figures["hostile_p95_ms"], None,
               "ms"),
    ]  # fmt: skip
