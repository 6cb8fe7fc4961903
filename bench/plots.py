"""Log-log plots of cost against N for each stage, ours and the reference (PNG, matplotlib)."""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

from bench.common import Result

TIME_UNITS = {"s", "ms"}
REFERENCE = {"ingest": "bare pandoc", "build": "plain Sphinx", "index": "SQLite FTS5", "query": "SQLite FTS5"}


def _series(rows: list[Result]) -> dict[str, list[Result]]:
    """Timed rows of one stage grouped by metric, ordered by N, demo rows left out."""
    groups: dict[str, list[Result]] = defaultdict(list)
    for row in rows:
        if row.missing or row.unit not in TIME_UNITS or "demo" in row.metric or math.isnan(row.ours):
            continue
        if "share" in row.metric:  # the same figure as another row, against our own full build
            continue
        if row.reference_name == "tantivy":  # our figure again, against the second reference: growth.png
            continue
        groups[f"{row.metric} [{row.unit}]"].append(row)
    return {metric: sorted(group, key=lambda r: r.n) for metric, group in groups.items()}


def plot_stage(stage: str, rows: list[Result], out: Path) -> Path | None:
    """One PNG: every timed metric of *stage* against N, ours solid, the reference dashed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series = _series(rows)
    if not series:
        return None
    figure, axes = plt.subplots(figsize=(7, 4.5))
    for index, (metric, group) in enumerate(series.items()):
        colour = f"C{index}"
        ns = [r.n for r in group]
        axes.plot(ns, [r.ours for r in group], "o-", color=colour, label=f"{metric} ours")
        refs = [(r.n, r.reference) for r in group if r.reference is not None]
        if refs:
            name = group[0].reference_name or REFERENCE.get(stage, "reference")
            axes.plot(*zip(*refs, strict=True), "s--", color=colour, alpha=0.7, label=f"{metric} {name}")
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("documents (N)")
    axes.set_ylabel("cost (s or ms, see legend)")
    axes.set_title(f"{stage}: cost against N (log-log)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=7)
    figure.tight_layout()
    path = out / f"{stage}.png"
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def plot_memory(rows: list[Result], out: Path) -> Path | None:
    """One PNG: peak memory of each stage against N."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    peaks: dict[str, dict[int, float]] = defaultdict(dict)
    for row in rows:
        if row.peak_mb and not row.missing and "demo" not in row.metric:
            peaks[row.stage][row.n] = max(peaks[row.stage].get(row.n, 0.0), row.peak_mb)
    if not peaks:
        return None
    figure, axes = plt.subplots(figsize=(7, 4.5))
    for stage, by_n in sorted(peaks.items()):
        ns = sorted(by_n)
        axes.plot(ns, [by_n[n] for n in ns], "o-", label=stage)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("documents (N)")
    axes.set_ylabel("peak resident memory (MB)")
    axes.set_title("peak memory of each stage against N (log-log)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    path = out / "memory.png"
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


# growth.png: (title, metric of the FTS5 row; the tantivy row is the same + " (ref: tantivy)")
GROWTH = (
    ("full index (s)", "full index"),
    ("index size (MB)", "index size"),
    ("query median (ms)", "query median, facets + snippets"),
    ("query p95 (ms)", "query p95, facets + snippets"),
    ("peak memory, RSS (MB)", "peak memory (RSS, largest process), index + update + queries"),
    ("peak memory, PSS (MB)", "peak memory (PSS, its processes summed), index + update + queries"),
)


def growth_series(rows: list[Result], metric: str) -> dict[str, list[tuple[int, float]]]:
    """(N, figure) of crossings, SQLite FTS5 and tantivy for one search metric, by N."""
    found: dict[str, dict[int, float]] = defaultdict(dict)
    for row in rows:
        if row.missing:
            continue
        reference = row.reference if row.reference is not None and not math.isnan(row.reference) else None
        names = {metric: "SQLite FTS5", f"{metric} (ref: tantivy)": "tantivy"}
        name = names.get(row.metric)
        if name is None:
            continue
        if not math.isnan(row.ours):
            found["crossings"].setdefault(row.n, row.ours)
        if reference is not None:
            found[name][row.n] = reference
    return {name: sorted(by_n.items()) for name, by_n in found.items() if by_n}


def plot_growth(rows: list[Result], out: Path) -> Path | None:
    """One PNG: how each search figure grows with N (1,000 to 100,000), crossings and both
    references, log-log."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    search = [r for r in rows if r.stage in ("index", "query")]
    if not any(growth_series(search, metric) for _, metric in GROWTH):
        return None
    figure, grid = plt.subplots(2, 3, figsize=(12, 7))
    styles = {"crossings": "o-", "SQLite FTS5": "s--", "tantivy": "^:"}
    for axes, (title, metric) in zip(grid.flat, GROWTH, strict=True):
        for name, points in growth_series(search, metric).items():
            ns, values = zip(*points, strict=True)
            axes.plot(ns, values, styles[name], label=name)
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_title(title, fontsize=10)
        axes.set_xlabel("documents (N)", fontsize=8)
        axes.grid(True, which="both", alpha=0.3)
        if axes.get_lines():
            axes.legend(fontsize=7)
    figure.suptitle("search: growth with N, crossings against SQLite FTS5 and tantivy (log-log)")
    figure.tight_layout()
    path = out / "growth.png"
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def plot_all(rows: list[Result], out: Path) -> list[Path]:
    """Every plot into *out*; the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    by_stage: dict[str, list[Result]] = defaultdict(list)
    for row in rows:
        by_stage[row.stage].append(row)
    written = [plot_stage(stage, group, out) for stage, group in sorted(by_stage.items())]
    written.append(plot_memory(rows, out))
    written.append(plot_growth(rows, out))
    return [path for path in written if path is not None]
