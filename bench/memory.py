"""Memory of running processes from /proc: resident (RSS) and proportional (PSS) sizes of a process tree.

RSS counts every page a process maps, so pages shared between processes (the index files they
all map, a forked parent's memory) count once per process in a sum of RSS. PSS divides each
shared page between the processes that map it, so the PSS of a tree summed counts every page
once: what the tree really costs the machine (``/proc/<pid>/smaps_rollup``, Linux 4.14 and later).
"""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


def tree(pid: int) -> list[int]:
    """*pid* and every process descending from it (those alive now)."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = (entry / "stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def _rollup(pid: int) -> dict[str, int]:
    """The kB fields of one process's smaps_rollup ({} once it has gone)."""
    fields: dict[str, int] = {}
    with contextlib.suppress(OSError):
        for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                fields[parts[0].rstrip(":")] = int(parts[1])
    return fields


@dataclass(frozen=True)
class Memory:
    """Memory of a process tree at one moment, in MB: PSS summed (shared pages once) and RSS summed."""

    pss_mb: float
    rss_mb: float
    processes: int


def measure(pid: int) -> Memory:
    """PSS and RSS of *pid*'s tree, now."""
    pids = tree(pid)
    rollups = [_rollup(p) for p in pids]
    pss = sum(r.get("Pss", 0) for r in rollups) / 1024
    rss = sum(r.get("Rss", 0) for r in rollups) / 1024
    return Memory(round(pss, 1), round(rss, 1), sum(1 for r in rollups if r))


class PeakSampler:
    """Samples a process tree's memory every *interval* seconds in a thread; keeps the peaks.

    A sample walks the page tables (a few milliseconds for a large process), so the interval
    stays at a second or so; a peak shorter than that can be missed."""

    def __init__(self, pid: int, interval: float = 1.0) -> None:
        self.pid, self.interval = pid, interval
        self.peak_pss_mb = 0.0
        self.peak_rss_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> None:
        """One sample now."""
        now = measure(self.pid)
        self.peak_pss_mb = max(self.peak_pss_mb, now.pss_mb)
        self.peak_rss_mb = max(self.peak_rss_mb, now.rss_mb)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)


def load_average() -> float:
    """The machine's one-minute load average (/proc/loadavg)."""
    return os.getloadavg()[0]
