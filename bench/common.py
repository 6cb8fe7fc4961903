"""What every benchmark shares: timing a command with its peak memory, medians, result rows."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO / "build" / "bench"
CROSSINGS = [sys.executable, "-m", "crossings"]


@dataclass(frozen=True)
class Measurement:
    """One run of a command: wall-clock seconds and the peak resident memory of the process."""

    seconds: float
    peak_mb: float


@dataclass(frozen=True)
class Result:
    """One row of the benchmark table: our figure, the reference's, and the target."""

    stage: str
    metric: str
    n: int
    ours: float
    reference: float | None
    unit: str
    target: str = ""
    peak_mb: float | None = None

    @property
    def ratio(self) -> float | None:
        """Ours divided by the reference (for times: above 1 means slower than the reference)."""
        if self.reference in (None, 0):
            return None
        return self.ours / self.reference  # type: ignore[operator]


def run_measured(
    cmd: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> Measurement:
    """Run *cmd* to the end; fail loudly if it fails; return its time and peak memory (its own tree)."""
    import tempfile

    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(cmd), cwd=cwd, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            log.seek(0)
            tail = log.read().decode(errors="replace")[-3000:]
            raise RuntimeError(f"benchmark command failed ({process.returncode}): {' '.join(cmd)}\n{tail}")
    # ru_maxrss of wait4 covers the process itself; its own children are counted through RUSAGE_CHILDREN.
    return Measurement(seconds, max(usage.ru_maxrss / 1024, 0.0))


def _children_peak_mb() -> float:
    """Peak resident memory of the largest child so far (Linux reports KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def median_of(runs: Sequence[Measurement]) -> Measurement:
    """The median time and the largest peak of several runs."""
    return Measurement(statistics.median(m.seconds for m in runs), max(m.peak_mb for m in runs))


def percentile(values: Sequence[float], pct: float) -> float:
    """The *pct* percentile of *values* (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]
