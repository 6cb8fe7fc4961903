"""Load test of `crossings serve`: requests/s and latency of mixed searches, 127.0.0.1 only.

Starts `crossings serve` on a free port of 127.0.0.1 (never another host), sends mixed search
requests from N concurrent keep-alive clients for a bounded time, and reports requests/s,
p50/p95/p99 latency and errors, once per worker count::

    python -m bench.serve.bench_serve --seconds 30 --clients 32 --workers 1,2 [--archive DIR]

The archive must be built and indexed (`crossings build html && crossings index`). The client is
a few lines of asyncio over raw sockets, so that the load generator, which shares the machine's
two cores with the server, costs as little as possible.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"  # the only host this load test ever talks to
ACCEPT_ENCODING = "br, gzip"  # what browsers send
REQUEST_TIMEOUT = 15.0  # seconds; every await on the network is bounded, so the test always ends
QUERIES: list[dict[str, Any]] = [
    {"q": "police"},
    {"q": "police", "country": "TH"},
    {"q": "migration", "country": ["TH", "MY"]},
    {"q": "debt agents", "theme": "agents-and-debt"},
    {"q": '"migrant women"'},
    {"q": "health OR hiv"},
    {"q": "immigr*"},
    {"q": "deportaton~"},
    {"q": "law", "type": "country-report", "sort": "date"},
    {"q": "rights", "page": "2"},
    {"q": "work", "from": "2000", "to": "2001"},
    {"q": "警察"},
    {"q": "性工作者"},
    {"q": "ตำรวจ"},
    {"q": "network", "lang": "en", "limit": "20"},
    {"q": "raids NOT bars"},
]


@dataclass
class Figures:
    """What one run measured."""

    workers: int
    clients: int
    seconds: float
    cache: int
    requests: int = 0
    errors: int = 0
    requests_per_s: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    peak_mb: float = 0.0  # VmHWM of the server's processes, summed
    pss_mb: float = 0.0  # PSS of the server's processes summed (shared pages once), peak of 1 s samples
    rss_mb: float = 0.0  # RSS of the server's processes summed, peak of the same samples
    load: float = 0.0  # the machine's one-minute load average at the end of the load
    distinct: int = 0  # distinct requests the clients walk through
    statuses: dict[str, int] = field(default_factory=dict)


def request_paths() -> list[str]:
    """The mixed request targets, cycled through by every client."""
    return ["/api/search?" + urlencode(query, doseq=True) for query in QUERIES] + ["/api/facets?q=police"]


def free_port() -> int:
    """A port of 127.0.0.1 nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def server_log(archive: Path, port: int) -> Path:
    """Where the server's output goes: a file, never a pipe nobody reads (a full pipe blocks the server)."""
    folder = archive / "build" / "bench-serve"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"serve-{port}.log"


def start_server(archive: Path, workers: int, port: int, cache: int) -> subprocess.Popen[bytes]:
    """`crossings serve` on 127.0.0.1:*port*, once it answers /healthz; its output goes to server_log()."""
    command = [sys.executable, "-m", "crossings", "serve", "--archive", str(archive)]
    command += ["--host", HOST, "--port", str(port), "--workers", str(workers), "--cache", str(cache)]
    log = server_log(archive, port)
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"crossings serve exited; its output ({log}):\n{_tail(log)}")
        try:
            status, _ = asyncio.run(_one(port, "/healthz"))
            if status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(
        f"crossings serve did not answer /healthz within 60 s; its output ({log}):\n" + _tail(log)
    )


def _tail(log: Path, size: int = 3000) -> str:
    """The end of the server's output."""
    return log.read_bytes()[-size:].decode("utf-8", "replace")


def stop_server(server: subprocess.Popen[bytes], archive: Path, port: int) -> None:
    """SIGTERM, then SIGKILL if the server has not stopped in 30 s (an error naming its log)."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired as exc:
        server.kill()
        server.wait(timeout=10)
        log = server_log(archive, port)
        raise SystemExit(
            f"crossings serve did not stop within 30 s of SIGTERM; its output ({log}):\n" + _tail(log)
        ) from exc


async def _one(port: int, path: str) -> tuple[int, bytes]:
    """One request on a fresh connection (used while waiting for the server)."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), REQUEST_TIMEOUT)
    try:
        return await asyncio.wait_for(_exchange(reader, writer, path), REQUEST_TIMEOUT)
    finally:
        writer.close()


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str
) -> tuple[int, bytes]:
    """Send a keep-alive GET as a browser's search page does (compression accepted) and read
    the status and body (Content-Length framed)."""
    request = f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept: application/json\r\n"
    writer.write(f"{request}Accept-Encoding: {ACCEPT_ENCODING}\r\n\r\n".encode("ascii"))
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length = next(
        (int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")), 0
    )
    body = await reader.readexactly(length)
    return status, body


async def _client(
    port: int, paths: list[str], offset: int, until: float, figures: Figures, latencies: list[float]
) -> None:
    """One client: requests back to back on one connection until *until*."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), REQUEST_TIMEOUT)
    try:
        for path in itertools.islice(itertools.cycle(paths), offset, None):
            if time.perf_counter() >= until:
                break
            started = time.perf_counter()
            try:
                status, _ = await asyncio.wait_for(_exchange(reader, writer, path), REQUEST_TIMEOUT)
            except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError, IndexError):
                # A refused, cut, malformed or unanswered exchange is an error, never a hang.
                figures.errors += 1
                writer.close()
                reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), REQUEST_TIMEOUT)
                continue
            latencies.append(time.perf_counter() - started)
            figures.statuses[str(status)] = figures.statuses.get(str(status), 0) + 1
            figures.errors += status != 200
    finally:
        writer.close()


WARM_UP = 20  # requests sent before the clock starts: the workers open the index, fill their facet caches


async def _load(port: int, clients: int, seconds: float, figures: Figures, paths: list[str]) -> list[float]:
    """Run *clients* concurrent clients for *seconds* over *paths* (each client from its own
    place in the list); the latencies of every answered request."""
    latencies: list[float] = []
    for path in paths[-WARM_UP:]:  # requests the clients reach last, if ever
        await _one(port, path)
    until = time.perf_counter() + seconds
    started = time.perf_counter()
    stride = max(1, len(paths) // clients)  # clients start apart, so that no two send the same requests
    await asyncio.gather(
        *(_client(port, paths, i * stride, until, figures, latencies) for i in range(clients))
    )
    figures.seconds = round(time.perf_counter() - started, 2)
    return latencies


def peak_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of *pid* and its children, in MB (Linux /proc)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(entry.name) == pid or fields.get("PPid", "").strip() == str(pid):
            total += int(fields.get("VmHWM", "0 kB").split()[0]) / 1024
    return round(total, 1)


def run(
    archive: Path,
    *,
    workers: int,
    clients: int = 32,
    seconds: float = 30.0,
    cache: int = 256,
    paths: list[str] | None = None,
) -> dict[str, Any]:
    """Serve *archive* with *workers* processes (answer cache of *cache* entries) and load it with
    *paths* (default: the 17 fixed requests of QUERIES)."""
    from bench.memory import PeakSampler, load_average

    paths = paths or request_paths()
    port = free_port()
    server = start_server(archive, workers, port, cache)
    figures = Figures(workers, clients, seconds, cache, distinct=len(set(paths)))
    try:
        with PeakSampler(server.pid) as sampler:
            latencies = asyncio.run(_load(port, clients, seconds, figures, paths))
            sampler.sample()
        figures.peak_mb = peak_mb(server.pid)
        figures.pss_mb, figures.rss_mb = sampler.peak_pss_mb, sampler.peak_rss_mb
        figures.load = round(load_average(), 2)
    finally:
        stop_server(server, archive, port)
    figures.requests = len(latencies)
    figures.requests_per_s = round(len(latencies) / figures.seconds, 1) if figures.seconds else 0.0
    if len(latencies) >= 2:
        cuts = statistics.quantiles(latencies, n=100)
        figures.p50_ms, figures.p95_ms, figures.p99_ms = (round(cuts[i] * 1000, 1) for i in (49, 94, 98))
    return asdict(figures)


def main() -> None:
    """Command line: load the archive's server once per worker count and print a table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--archive", type=Path, default=REPO, help="a built and indexed archive (default: the demo)"
    )
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated (default 1,2)")
    parser.add_argument("--cache", default="256", help="answer-cache sizes to try, comma-separated (0: none)")
    parser.add_argument(
        "--distinct",
        type=int,
        default=0,
        help="drive it with this many distinct requests drawn from "
        "the archive's English corpus (bench.serve.queries; default: the 17 fixed requests)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    paths = None
    if args.distinct:
        from bench.serve.queries import distinct_paths

        paths = distinct_paths(args.archive / "build" / "public" / "corpus" / "en.jsonl", args.distinct)
    if not (args.archive / "build" / "public" / "search").is_dir():
        raise SystemExit(
            f"{args.archive}: no index; run `crossings build html && crossings index` there first"
        )
    results = [
        run(
            args.archive,
            workers=int(n),
            clients=args.clients,
            seconds=args.seconds,
            cache=int(c),
            paths=paths,
        )
        for c in args.cache.split(",")
        for n in args.workers.split(",")
    ]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(
        f"{'cache':>5} {'workers':>7} {'clients':>7} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6} {'HWM MB':>6} {'PSS MB':>6} {'RSS MB':>6} {'load':>5}"
    )
    for r in results:
        print(
            f"{r['cache']:>5} {r['workers']:>7} {r['clients']:>7} {r['requests_per_s']:>8} {r['p50_ms']:>7} "
            f"{r['p95_ms']:>7} {r['p99_ms']:>7} {r['errors']:>6} {r['peak_mb']:>6} {r['pss_mb']:>6} "
            f"{r['rss_mb']:>6} {r['load']:>5}"
        )
    distinct = results[0]["distinct"]
    print(f"cpu cores: {os.cpu_count()}; {args.seconds:g} s per run; distinct requests: {distinct}")


if __name__ == "__main__":
    main()
