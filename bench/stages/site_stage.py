"""Site: the search page with its first results on Chromium's slow-3G profile (bench.site.slow3g).

The demo archive is copied under build/bench/run/site/demo/, ingested, built in English and
Thai and indexed, then served by `crossings serve`; the page is loaded once to warm the service and once
measured, in each language: kilobytes transferred, seconds to the first hit, and the round trips
before it, against issue 18's budget of 80 KB and 5 s.
"""

from __future__ import annotations

from pathlib import Path

from bench.common import CROSSINGS, Result, run_measured
from bench.stages import helper
from bench.stages.paths import demo_copy, stage_dir

LANGUAGES = {"en": "police", "th": "ตำรวจ"}  # the query of each language's search page
ROUND_TRIPS = 2  # the page, then at once its one script and the API call


def prepare_demo() -> Path:
    """A fresh demo copy, ingested, built in the measured languages (HTML) and indexed."""
    archive = demo_copy(stage_dir("site", 0) / "archive")
    run_measured([*CROSSINGS, "ingest", "--archive", str(archive)])
    for lang in LANGUAGES:
        run_measured([*CROSSINGS, "build", "html", "--lang", lang, "--archive", str(archive)])
    run_measured([*CROSSINGS, "index", "--lang", "all", "--archive", str(archive)])
    return archive


def measure(n: int, repeats: int, smoke: bool) -> list[Result]:
    """Rows per language: kilobytes, seconds and round trips until the first results are shown."""
    slow3g, missing = helper("bench.site.slow3g", "site", "search page on slow 3G", n)
    if slow3g is None:
        return missing
    archive = prepare_demo()
    kb_target, s_target = slow3g.BUDGET_KB, slow3g.BUDGET_SECONDS  # type: ignore[attr-defined]
    rows = []
    for lang, query in LANGUAGES.items():
        label = f"search page and first results, slow 3G, demo, {lang}"
        try:
            figures = slow3g.measure(archive, lang, query)  # type: ignore[attr-defined]
        except Exception as exc:
            rows.append(Result.not_measured("site", label, 0, f"{type(exc).__name__}: {exc}"[:200]))
            continue
        rows += [
            Result("site", f"{label}, transferred", 0, figures.kilobytes, None, "KB",
                   f"<= {kb_target:g} KB", met=figures.kilobytes <= kb_target),
            Result("site", f"{label}, time", 0, figures.seconds, None, "s",
                   f"<= {s_target:g} s", met=figures.seconds <= s_target),
            Result("site", f"{label}, round trips", 0, float(figures.round_trips), None, "count",
                   f"<= {ROUND_TRIPS}", met=figures.round_trips <= ROUND_TRIPS),
        ]  # fmt: skip
    return rows
