"""What every benchmark shares: timing a command with its peak memory, medians, result rows."""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import subprocess
import sys
import threading
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
    peak_pss_mb: float | None = None  # sampled each second (bench.memory), when asked for
    load: float | None = None  # the machine's one-minute load average when the command ended


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
    reference_name: str = ""  # what the reference column holds, when not the stage's usual reference
    met: bool | None = None  # whether the target is met (None: no target on this row)
    missing: str = ""  # "not measured: <why>" instead of a figure
    printed_ratio: float | None = None  # a ratio read back from BENCHMARKS.md, where figures are rounded
    load: float | None = None  # the machine's one-minute load average when measured (highest of the repeats)

    @classmethod
    def not_measured(cls, stage: str, metric: str, n: int, why: str, target: str = "") -> Result:
        """A row that says why there is no figure, never a made-up one."""
        return cls(stage, metric, n, float("nan"), None, "", target, missing=f"not measured: {why}")

    @property
    def ratio(self) -> float | None:
        """Ours divided by the reference (for times: above 1 means slower than the reference)."""
        if self.printed_ratio is not None:
            return self.printed_ratio
        if self.reference in (None, 0):
            return None
        return self.ours / self.reference  # type: ignore[operator]


def run_measured(
    cmd: Sequence[str],
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    ok_codes: tuple[int, ...] = (0,),
    timeout: float | None = None,
    sample_memory: bool = False,
) -> Measurement:
    """Run *cmd* to the end; fail loudly if it fails; return its time and peak memory.

    The peak is that of the largest single process of its tree (Linux merges the peaks of
    reaped children into the rusage wait4 reports), not the sum of concurrent processes.
    With *timeout*, the command's whole process group is killed after that many seconds. With
    *sample_memory*, the PSS of its process tree is also sampled every second (its peak).
    """
    import tempfile

    from bench.memory import PeakSampler, load_average

    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(cmd),
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=timeout is not None,
        )
        timer = threading.Timer(timeout, _kill_group, (process.pid,)) if timeout else None
        if timer:
            timer.start()
        sampler = PeakSampler(process.pid) if sample_memory else None
        if sampler:
            sampler.__enter__()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:  # Ctrl-C: a command in its own session would outlive the harness
            if timeout is not None:
                _kill_group(process.pid)
            raise
        finally:
            if timer:
                timer.cancel()
            if sampler:
                sampler.__exit__()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in ok_codes:
            log.seek(0)
            tail = log.read().decode(errors="replace")[-3000:]
            raise RuntimeError(f"benchmark command failed ({process.returncode}): {' '.join(cmd)}\n{tail}")
    pss = sampler.peak_pss_mb if sampler else None
    return Measurement(seconds, max(usage.ru_maxrss / 1024, 0.0), pss, load_average())


def _kill_group(pid: int) -> None:
    """Stop a timed-out command and everything it started (its own session)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


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
