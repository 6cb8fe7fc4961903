"""The benchmark table (terminal and Markdown), the targets summary, the machine, BENCHMARKS.md."""

from __future__ import annotations

import dataclasses
import json
import math
import os
import platform
import re
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from bench.common import REPO, Result

BENCHMARKS_MD = REPO / "BENCHMARKS.md"
LANGUAGES = ("en", "zh-Hant", "zh-Hans", "th", "ja", "ko", "vi")  # of the recall benchmark
START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"


def number(value: float | None) -> str:
    """A figure with as many digits as a noisy machine deserves."""
    if value is None or math.isnan(value):
        return ""
    # Rounded twice, so that a figure prints as it will print again once read back from the
    # table (95.99 rounds to "96.0", which reads back as 96 and prints "96").
    return _rounded(float(_rounded(value).replace(",", "")))


def _rounded(value: float) -> str:
    """*value* with three significant digits at most (whole numbers from 100 up)."""
    size = abs(value)
    if size >= 100 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:.1f}" if size >= 10 else f"{value:.2f}" if size >= 0.1 else f"{value:.3f}"


def ratio(row: Result) -> str:
    """Ours over the reference, as ``1.23x``."""
    return "" if row.ratio is None or math.isnan(row.ratio) else f"{row.ratio:.2f}x"


def verdict(met: bool | None) -> str:
    """Whether a target is met, in one word."""
    return {True: "met", False: "MISSED", None: ""}[met]


def size(row: Result) -> str:
    """The N column: documents, 'demo' or the real-world 'corpus' (with its count)."""
    if row.stage == "realworld":
        return f"corpus ({row.n:,})"
    return f"demo ({row.n})" if "demo" in row.metric else f"{row.n:,}"


def table(rows: Iterable[Result]) -> str:
    """Every row: stage, metric, N, ours, reference, ratio, target, peak memory (Markdown)."""
    lines = [
        "| stage | metric | N | ours | reference | ratio | unit | target | peak MB | load |",
        "|---|---|---:|---:|---:|---:|---|---|---:|---:|",
    ]
    for row in rows:
        if row.missing:
            lines.append(
                f"| {row.stage} | {row.metric} | {size(row)} | {row.missing} |  |  |  | {row.target} |  |  |"
            )
            continue
        ref = number(row.reference) + (f" ({row.reference_name})" if row.reference_name else "")
        target = f"{row.target} {verdict(row.met)}".strip()
        lines.append(
            f"| {row.stage} | {row.metric} | {size(row)} | {number(row.ours)} | {ref} | {ratio(row)} "
            f"| {row.unit} | {target} | {number(row.peak_mb)} | {_load(row.load)} |"
        )
    return "\n".join(lines)


def _load(load: float | None) -> str:
    """The load average column (two decimals, as /proc/loadavg prints it)."""
    return "" if load is None or math.isnan(load) else f"{load:.2f}"


@dataclass(frozen=True)
class Target:
    """One row of the targets table and how to find the result row that answers it."""

    stage: str
    target: str
    result_stage: str
    metric_start: str
    at_n: int | None = None  # the N the target speaks of (None: the largest measured)


TARGETS = (
    Target("ingest", "at most 1.3x bare pandoc", "ingest", "time, --jobs 1", 200),
    Target("ingest", "--jobs 2 at least 1.7x --jobs 1", "ingest", "docs/s, --jobs 2", 200),
    Target("html build", "at most 1.25x plain Sphinx", "build", "full HTML build", 1000),
    Target("html build", "incremental under 10% of full", "build", "incremental share", 1000),
    Target("html build", "document page under 150 KB", "weight", "document page", 1000),
    Target("pdf", "200 documents in under 3 minutes", "pdf", "PDF build", 200),
    Target("index", "10,000 documents in at most 20 s", "index", "full index", 10000),
    Target(
        "index", "one-document update at most 0.3 s (10,000 documents)", "index", "one-document update", 10000
    ),
    Target("query", "p95 at most 10 ms with facets and snippets at 10,000 docs", "query", "query p95", 10000),
    Target(
        "serve",
        "at least 300 req/s (demo, 2 workers, 32 clients, no answer cache)",
        "serve",
        "successful requests/s, 2 workers, 32 clients, demo, no answer cache",
    ),
    Target(
        "serve",
        "p95 under 100 ms (demo, 2 workers, 32 clients, no answer cache)",
        "serve",
        "p95 latency, 2 workers, 32 clients, demo, no answer cache",
    ),
    Target(
        "serve",
        "at least 300 req/s (10,000 documents, 2 workers, 16 clients, no answer cache)",
        "serve",
        "successful requests/s, 2 workers, 16 clients",
        10000,
    ),
    Target(
        "serve",
        "p95 at most 100 ms (10,000 documents, 2 workers, 16 clients, no answer cache)",
        "serve",
        "p95 latency, 2 workers, 16 clients",
        10000,
    ),
    Target(
        "serve",
        "server memory at most 300 MB, PSS (10,000 documents, 2 workers)",
        "serve",
        "server memory, PSS of its processes summed (shared pages once), 2 workers, 16 clients",
        10000,
    ),
    Target(
        "ingest (real world)",
        "at least 98% converted or rightly refused",
        "realworld",
        "converted or rightly",
    ),
    Target(
        "ingest (real world)",
        "personal-name warnings at most 5% of the former rule",
        "realworld",
        "personal-name warnings",
    ),
    *(
        Target(
            "hostile",
            f"no 5xx under the hostile requests ({where})",
            "hostile",
            f"responses 5xx or unanswered, {where}",
        )
        for where in ("demo", "10,000 documents")
    ),
    *(
        Target(
            "hostile",
            f"slowest answer within the budget + 0.5 s ({where})",
            "hostile",
            f"slowest answer, {where}",
        )
        for where in ("demo", "10,000 documents")
    ),
    *(
        Target(
            "hostile",
            f"normal searches p95 <= 1 s beside 4 hostile clients ({where})",
            "hostile",
            f"p95 of a fifth client's normal searches meanwhile, {where}",
        )
        for where in ("demo", "10,000 documents")
    ),
    *(
        Target(
            "recall",
            f"recall >= 98 % against grep, {language} ({corpus})",
            "recall",
            f"recall, {language}, {corpus}",
        )
        for corpus, languages in (("generated", LANGUAGES), ("demo", LANGUAGES[:4]))
        for language in languages
    ),
    *(
        Target(
            "bundle",
            f"offline search finds >= 95 % of the service's documents, {language} ({site} bundle, demo)",
            "bundle",
            f"agreement, {language}, {site} bundle, demo",
        )
        for site in ("th", "zh-hant")
        for language in LANGUAGES[:4]
    ),
    *(
        Target(
            "site",
            f"search page and first results on slow 3G: {what} ({lang}, demo)",
            "site",
            f"search page and first results, slow 3G, demo, {lang}, {metric}",
        )
        for lang in ("en", "th")
        for what, metric in (("at most 80 KB", "transferred"), ("at most 5 s", "time"))
    ),
    *(
        Target(
            "bundle",
            f"at most 300 KB before the first result ({site} bundle, demo)",
            "bundle",
            f"bytes before the first result, {site} bundle, demo",
        )
        for site in ("th", "zh-hant")
    ),
)


def answer(target: Target, rows: list[Result]) -> tuple[Result | None, str]:
    """The result row for *target* (at its N, else the largest N measured) and a note."""
    found = [r for r in rows if r.stage == target.result_stage and r.metric.startswith(target.metric_start)]
    found = [r for r in found if r.target] or found  # the row that carries the target, not its variants
    measured = [r for r in found if not r.missing]
    exact = [r for r in measured if target.at_n is None or r.n == target.at_n]
    if exact:
        return exact[-1], ""
    if measured:
        best = max(measured, key=lambda r: r.n)
        return best, f"measured at N = {best.n:,} only"
    return None, found[-1].missing if found else "not measured: the stage was not run"


def targets_table(rows: list[Result]) -> str:
    """The targets of issues 10 and 16 to 19: our figure, the reference, the ratio and met/missed."""
    lines = [
        "| stage | target | N | ours | reference | ratio | result |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for target in TARGETS:
        row, note = answer(target, rows)
        if row is None:
            lines.append(f"| {target.stage} | {target.target} |  | {note} |  |  |  |")
            continue
        ref = number(row.reference) + (f" ({row.reference_name})" if row.reference_name else "")
        result = ", ".join(x for x in (verdict(row.met), note) if x)
        lines.append(
            f"| {target.stage} | {target.target} | {size(row)} | {number(row.ours)} {row.unit} | {ref} "
            f"| {ratio(row)} | {result} |"
        )
    return "\n".join(lines)


def _version(package: str) -> str:
    """An installed distribution's version, or 'missing'."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"


def _first(path: str, key: str) -> str:
    """The value of the first ``key: value`` line of a /proc file."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def _command_version(cmd: list[str]) -> str:
    """The first line a tool prints for its version."""
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20, check=False).stdout
    except OSError:
        return "missing"
    return out.splitlines()[0] if out else "unknown"


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    import pypandoc

    return {
        "cores (nproc)": str(os.cpu_count()),
        "memory": _first("/proc/meminfo", "MemTotal"),
        "CPU": _first("/proc/cpuinfo", "model name"),
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "pandoc": str(pypandoc.get_pandoc_version()),
        "Sphinx": _version("sphinx"),
        "myst-parser": _version("myst-parser"),
        "furo": _version("furo"),
        "Whoosh": _version("whoosh"),
        "SQLite (FTS5)": __import__("sqlite3").sqlite_version,
        "tantivy": _version("tantivy"),
        "xelatex": _command_version(["xelatex", "--version"]),
        "uvicorn": _version("uvicorn"),
    }


def machine_table(info: dict[str, str]) -> str:
    """The machine as a two-column Markdown table."""
    return "\n".join(["| | |", "|---|---|", *(f"| {k} | {v} |" for k, v in info.items())])


def record_run(path: Path, command: str, when: str, minutes: float, fresh: bool) -> list[dict[str, str]]:
    """Add this run to the list of runs whose rows the results hold (a new list when *fresh*)."""
    runs = [] if fresh or not path.is_file() else json.loads(path.read_text("utf-8"))
    runs.append({"command": command, "when": when, "minutes": f"{minutes:.0f}"})
    path.write_text(json.dumps(runs, indent=1) + "\n", encoding="utf-8")
    return runs


def section(rows: list[Result], info: dict[str, str], runs: list[dict[str, str]]) -> str:
    """The generated part of BENCHMARKS.md."""
    made = "; then ".join(f"`{r['command']}` on {r['when']} ({r['minutes']} minutes)" for r in runs)
    return "\n\n".join(
        [
            START,
            f"Generated by {made}. Medians of the repeats; "
            "ratio = ours / reference (for times above 1 means slower than the reference, for rates "
            "above 1 means faster). Peak MB: the largest single process of the stage (wait4 rusage). "
            "Load: the machine's one-minute load average when the row was measured (the highest of its "
            "repeats; empty for rows measured before it was recorded).",
            "### Targets (issues 10, 16, 17, 18 and 19)",
            targets_table(rows),
            "### Every figure",
            table(rows),
            "### Machine",
            machine_table(info),
            END,
        ]
    )


def rewrite_benchmarks_md(generated: str, path: Path = BENCHMARKS_MD) -> None:
    """Replace the generated section of BENCHMARKS.md (between the markers), keeping the rest."""
    text = path.read_text("utf-8") if path.is_file() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in text or END not in text:
        text = text.rstrip("\n") + f"\n\n## Results\n\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    path.write_text(head + generated + tail, encoding="utf-8")


def save_rows(rows: list[Result], path: Path) -> None:
    """The rows as JSON (for the plots and later comparisons)."""
    path.write_text(json.dumps([dataclasses.asdict(r) for r in rows], indent=1) + "\n", encoding="utf-8")


def load_rows(path: Path, keep: Callable[[Result], bool] = lambda r: True) -> list[Result]:
    """Rows saved by save_rows."""
    return [row for row in (Result(**d) for d in json.loads(path.read_text("utf-8"))) if keep(row)]


_RUN = re.compile(
    r"`(?P<command>[^`]+)` on (?P<when>\d{4}-\d\d-\d\d \d\d:\d\d UTC) \((?P<minutes>\d+) minutes\)"
)
_TARGET_MET = re.compile(r"^(?P<target>.*?)\s*\b(?P<verdict>met|MISSED)$")


def seed_from_benchmarks_md(results: Path, runs: Path, path: Path = BENCHMARKS_MD) -> bool:
    """Write *results* and *runs* from the figures BENCHMARKS.md holds; False when it holds none.

    A partial run (``--stages realworld``) on a checkout without build/bench/results.json then
    replaces only its own rows in BENCHMARKS.md and keeps every other committed figure.
    """
    text = path.read_text("utf-8") if path.is_file() else ""
    if START not in text or "### Every figure" not in text:
        return False
    generated = text[text.index(START) : text.index(END) if END in text else len(text)]
    figures = generated[generated.index("### Every figure") :].split("###", 2)[1]
    rows = [row for line in figures.splitlines() if (row := parse_row(line)) is not None]
    if not rows:
        return False
    save_rows(rows, results)
    listed = [m.groupdict() for m in _RUN.finditer(generated.split("###", 1)[0])]
    runs.write_text(json.dumps(listed, indent=1) + "\n", encoding="utf-8")
    return True


def parse_row(line: str) -> Result | None:
    """A row of the "Every figure" table read back (figures as rounded as printed)."""
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    if len(cells) not in (9, 10) or cells[0] in ("stage", "") or cells[0].startswith("-"):
        return None
    stage, metric, n_cell, ours, reference, ratio_cell, unit, target, peak, load = (*cells, "")[:10]
    n = int(re.sub(r"[^\d]", "", n_cell) or 0)
    if ours.startswith("not measured"):
        return Result(stage, metric, n, math.nan, None, "", target, missing=ours)
    name = re.search(r"\((?P<name>[^)]*)\)$", reference)
    met = _TARGET_MET.match(target)
    return Result(
        stage,
        metric,
        n,
        _nan_if_empty(ours),
        _figure(reference.split(" (")[0]),
        unit,
        met.group("target") if met else target,
        _figure(peak),
        name.group("name") if name else "",
        {"met": True, "MISSED": False}[met.group("verdict")] if met else None,
        printed_ratio=_figure(ratio_cell.removesuffix("x")),
        load=_figure(load),
    )


def _nan_if_empty(cell: str) -> float:
    """Our figure of a row: NaN where the table leaves it empty (our engine failed, the reference ran)."""
    value = _figure(cell)
    return math.nan if value is None else value


def _figure(cell: str) -> float | None:
    """A printed figure (``1,965``, ``20.5``), or None for an empty cell."""
    cell = cell.replace(",", "").strip()
    return float(cell) if cell else None
