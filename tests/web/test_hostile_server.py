"""A live `crossings serve` under hostile queries: a generated sample from four clients at once,
a fifth sending normal ones. Every answer is JSON, 200 or 4xx (never 5xx), names no path on the
server, and comes within the time budget and half a second. (The full set and the timing
targets are the "hostile" rows of `make bench`.)"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator

import httpx
import pytest

from bench.search.hostile import hostile_paths
from crossings.search.request.limits import TIME_BUDGET
from tests.serving import crossings_serve, serving
from tests.web.conftest import Built

HOSTILE_CLIENTS = 4
NORMAL = ["/api/search?q=police", "/api/search?q=migrant+workers&country=TH", "/api/facets?q=health"]


@pytest.fixture
def server(built: Built) -> Iterator[str]:
    """`crossings serve` with two search processes, as in production, without the answer cache."""
    with serving(crossings_serve(built.archive.root, "--workers", "2", "--cache", "0"), "/healthz") as served:
        yield served.base


async def _client(base: str, paths: list[str], answers: list[tuple[str, int, float, bytes]]) -> None:
    """Send *paths* one after another on one connection, keeping (path, status, seconds, body)."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        for path in paths:
            started = time.monotonic()
            response = await client.get(path)
            answers.append((path, response.status_code, time.monotonic() - started, response.content))


async def _load(base: str, hostile: list[str]) -> tuple[list[tuple[str, int, float, bytes]], ...]:
    """Four clients share the hostile paths while a fifth sends normal ones the whole time."""
    shares = [hostile[i::HOSTILE_CLIENTS] for i in range(HOSTILE_CLIENTS)]
    bad: list[tuple[str, int, float, bytes]] = []
    normal: list[tuple[str, int, float, bytes]] = []
    await asyncio.gather(
        *(_client(base, share, bad) for share in shares),
        _client(base, NORMAL * (len(hostile) // (2 * len(NORMAL))), normal),
    )
    return bad, normal


def test_hostile_queries_never_get_a_5xx_nor_wait_past_the_budget(server: str, built: Built) -> None:
    bad, normal = asyncio.run(_load(server, hostile_paths(240)))
    assert len(bad) == 240 and normal
    for path, status, seconds, body in bad + normal:
        assert status < 500, (path, status, body[:300])
        assert seconds <= TIME_BUDGET + 0.5, (path, seconds)
        answer = json.loads(body)
        assert ("error" in answer) == (status >= 400), path
        assert str(built.archive.root) not in body.decode("utf-8"), path
    assert {status for _, status, _, _ in normal} == {200}
    assert {status for _, status, _, _ in bad} >= {200, 400}
