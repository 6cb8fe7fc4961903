"""`crossings serve` under hostile queries: four clients send the generated hostile requests
(bench.search.hostile) while a fifth sends normal searches the whole time, 127.0.0.1 only::

    python -m bench.serve.hostile_load --archive DIR --count 2000 --workers 2

Reports the hostile requests' statuses (a 5xx is a failure), the slowest answer of all (it must
stay within the time budget and half a second) and the normal client's latency (p95), with the
answer cache off so that every request is searched.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path
from typing import Any

from bench.search.hostile import hostile_paths
from bench.serve.bench_serve import (
    HOST,
    REQUEST_TIMEOUT,
    _exchange,
    free_port,
    request_paths,
    start_server,
    stop_server,
)

HOSTILE_CLIENTS = 4


async def _client(
    port: int, paths: list[str], answers: list[tuple[int, float]], stop: asyncio.Event | None
) -> None:
    """Send *paths* in turn on one keep-alive connection (over and over until *stop*, if given)."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), REQUEST_TIMEOUT)
    try:
        i = 0
        while (stop is None and i < len(paths)) or (stop is not None and not stop.is_set()):
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            try:
                status, _ = await asyncio.wait_for(_exchange(reader, writer, path), REQUEST_TIMEOUT)
            except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError, IndexError):
                answers.append((0, time.perf_counter() - started))  # no answer at all: counted as an error
                writer.close()
                reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), REQUEST_TIMEOUT)
                continue
            answers.append((status, time.perf_counter() - started))
    finally:
        writer.close()


async def _load(port: int, hostile: list[str]) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
    """The four hostile clients share *hostile*; the normal client runs until they are done."""
    for path in request_paths():  # warm up: every search process opens the index
        await asyncio.wait_for(_client(port, [path], [], None), REQUEST_TIMEOUT)
    bad: list[tuple[int, float]] = []
    normal: list[tuple[int, float]] = []
    stop = asyncio.Event()
    background = asyncio.create_task(_client(port, request_paths(), normal, stop))
    await asyncio.gather(
        *(_client(port, hostile[i::HOSTILE_CLIENTS], bad, None) for i in range(HOSTILE_CLIENTS))
    )
    stop.set()
    await background
    return bad, normal


def run_hostile(archive: Path, *, count: int, workers: int = 2) -> dict[str, Any]:
    """Serve *archive* (answer cache off), send *count* hostile requests beside normal ones."""
    port = free_port()
    server = start_server(archive, workers, port, cache=0)
    try:
        bad, normal = asyncio.run(_load(port, hostile_paths(count)))
    finally:
        stop_server(server, archive, port)
    statuses: dict[str, int] = {}
    for status, _ in bad:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    latencies = sorted(seconds for _, seconds in normal)
    p95 = statistics.quantiles(latencies, n=100)[94] if len(latencies) >= 2 else float("nan")
    return {
        "workers": workers,
        "hostile": len(bad),
        "statuses": statuses,
        "errors": sum(1 for status, _ in bad + normal if status >= 500 or status == 0),
        "slowest_s": round(max(seconds for _, seconds in bad + normal), 3),
        "hostile_p95_ms": round(statistics.quantiles(sorted(s for _, s in bad), n=100)[94] * 1000, 1),
        "normal": len(normal),
        "normal_errors": sum(1 for status, _ in normal if status != 200),
        "normal_p95_ms": round(p95 * 1000, 1),
    }


def main() -> None:
    """Command line: load the archive's server with hostile and normal clients, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archive", type=Path, required=True, help="a built and indexed archive")
    parser.add_argument("--count", type=int, default=2000, help="hostile requests")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(json.dumps(run_hostile(args.archive, count=args.count, workers=args.workers), indent=2))


if __name__ == "__main__":
    main()
