"""With --workers N, searches run in N search processes and answer exactly as in-process ones."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from crossings.search.indexing.index import build_index
from crossings.web import workers as workers_module
from crossings.web.app import create_app
from crossings.web.indexes import IndexPool
from crossings.web.searches import Searches
from crossings.web.workers import SearchProcessLost, SearchWorkers, WorkerSetup
from tests.web.conftest import CORPUS, Built, write_corpus
from tests.web.test_real_server import alive

QUERIES = [
    {"q": "police"},
    {"q": "police", "country": "TH"},
    {"q": '"police raids"'},
    {"q": "migra*", "sort": "date"},
    {"q": "polise"},  # no hit: the suggestion
    {"q": '"unclosed'},  # 400
    {"q": "x" * 600},  # 400: too long
]


@pytest.fixture
def pooled(built: Built) -> Iterator[TestClient]:
    """The app with two search processes."""
    with TestClient(create_app(built.archive, search_workers=2)) as client:
        yield client


def test_search_processes_answer_like_the_server_process(built: Built, pooled: TestClient) -> None:
    with TestClient(create_app(built.archive)) as local:
        for params in QUERIES:
            ours, theirs = pooled.get("/api/search", params=params), local.get("/api/search", params=params)
            assert (ours.status_code, ours.json()) == (theirs.status_code, theirs.json()), params
        assert (
            pooled.get("/api/facets", params={"q": "police"}).json()
            == local.get("/api/facets", params={"q": "police"}).json()
        )
        for accept in ("br", "gzip"):  # compressed in the search process, passed on untouched
            ours = pooled.get("/api/search", params={"q": "police"}, headers={"accept-encoding": accept})
            assert (
                ours.headers["content-encoding"] == accept
                and "accept-encoding" in ours.headers["vary"].lower()
            )
            assert ours.json() == local.get("/api/search", params={"q": "police"}).json()
    health = pooled.get("/healthz").json()
    assert health["status"] == "ok" and health["indexes"]["en"]["documents"] > 0
    # the search processes' reads, summed: each sent its counts with its answers
    assert health["engine"]["fast_reads"] > 0 and health["engine"]["fallback_reads"] == 0


def test_search_processes_follow_an_index_update(built: Built, pooled: TestClient) -> None:
    def found() -> set[str]:
        hits = pooled.get("/api/search", params={"q": "police", "limit": "50"}).json()["hits"]
        return {hit["id"] for hit in hits}

    for _ in range(4):  # each process has searched (and cached) once or more
        assert "hong-kong-police" in found()
    build_index(write_corpus(built.corpus, [r for r in CORPUS if r["id"] != "hong-kong-police"]), built.index)
    for _ in range(4):
        assert "hong-kong-police" not in found()


def test_a_dead_search_process_is_replaced(built: Built) -> None:
    # A time limit that a new process's start (and its index's opening) fits in on a loaded
    # machine: what is checked is that the replacement is unnoticed, not how fast it starts.
    with TestClient(create_app(built.archive, search_workers=2, time_limit=30.0)) as pooled:
        assert pooled.get("/api/search", params={"q": "police"}).status_code == 200
        workers = pooled.app.state.service.workers  # type: ignore[attr-defined]
        victim, survivor = workers.pids()
        os.kill(victim, signal.SIGKILL)
        answers = [pooled.get("/api/search", params={"q": "police"}).status_code for _ in range(4)]
        assert answers == [200] * 4  # the dead process is replaced and the search retried, unnoticed
        assert victim not in workers.pids() and survivor in workers.pids() and len(workers.pids()) == 2
    assert not alive(victim) and not alive(survivor)


def test_search_processes_start_with_the_server(pooled: TestClient) -> None:
    workers = pooled.app.state.service.workers  # type: ignore[attr-defined]
    assert len(workers.pids()) == 2  # both started before any search
    assert len(workers.read_counts()) == 2  # and both opened the index (their read counts came)


def setup_of(built: Built) -> WorkerSetup:
    """What the search processes of *built*'s public edition are started with."""
    search_root = built.archive.edition_dir("public") / "search"
    return WorkerSetup(str(search_root), str(built.archive.search_settings), 30.0, 0)


def indexed(built: Built) -> int:
    """The documents of *built*'s English index, counted in this process."""
    searches = Searches(IndexPool(built.archive.edition_dir("public") / "search"))
    try:
        return searches.counts("en")[1]
    finally:
        searches.indexes.close()


def die_once(marker: str, deadline: float) -> tuple[float, int, dict[str, int]]:
    """In a search process: die the first time (*marker* written), answer *deadline* the next."""
    if not Path(marker).exists():
        Path(marker).write_text("died", "utf-8")
        os._exit(1)
    return deadline, os.getpid(), {}


def test_searches_wait_for_a_free_process_and_close_waits_for_them(built: Built) -> None:
    workers = SearchWorkers(setup_of(built), 2)

    async def six_at_once() -> list[int]:
        await workers.start()
        counts = await asyncio.gather(*(workers.counts("en") for _ in range(6)))
        return [documents for _, documents, _ in counts]

    try:
        assert asyncio.run(six_at_once()) == [indexed(built)] * 6  # queued four, answered all
        pids = workers.pids()
        assert len(pids) == 2
    finally:
        workers.close()
    assert not [pid for pid in pids if alive(pid)] and workers.pids() == []


def test_a_search_retried_after_its_process_died_keeps_its_time(built: Built, tmp_path: Path) -> None:
    workers = SearchWorkers(setup_of(built), 2)
    marker, deadline = str(tmp_path / "died"), time.monotonic() + 1.0

    async def retried() -> float:
        await workers.start()
        moved: float = await workers._call(die_once, marker, deadline)
        return moved

    try:
        moved = asyncio.run(retried())
        assert Path(marker).exists() and len(workers.pids()) == 2
    finally:
        workers.close()
    # the retry's deadline was moved by the time the replacement took to start and open the index
    assert moved > deadline


def test_a_search_whose_process_dies_twice_fails(built: Built) -> None:
    workers = SearchWorkers(setup_of(built), 2)

    async def dying() -> None:
        await workers.start()
        with pytest.raises(SearchProcessLost):
            await workers._call(os._exit, 1)
        assert len(workers.pids()) == 2  # both deaths replaced: the next searches are answered
        assert (await workers.counts("en"))[1] == indexed(built)

    try:
        asyncio.run(dying())
    finally:
        workers.close()


def fail_here() -> None:
    """In a search process: fail as a search can."""
    raise ValueError("raised in the search process")


def test_an_error_in_a_search_process_is_raised_with_its_traceback(built: Built) -> None:
    workers = SearchWorkers(setup_of(built), 2)

    async def failing() -> None:
        await workers.start()
        pids = workers.pids()
        with pytest.raises(ValueError, match="raised in the search process") as raised:
            await workers._call(fail_here)
        assert "in fail_here" in str(raised.value.__cause__)  # the server's log shows where
        assert workers.pids() == pids  # the process lives on and answers the next call
        assert (await workers.counts("en"))[1] == indexed(built)

    try:
        asyncio.run(failing())
    finally:
        workers.close()


@pytest.mark.parametrize(
    "broken",
    [
        ("executable", "/nonexistent/python3"),  # no interpreter there
        ("BOOT", "import sys; sys.exit('ImportError: no module named crossings')"),  # exits at once
    ],
)
def test_search_processes_that_cannot_start_answer_503_and_say_why(
    built: Built, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, broken: tuple[str, str]
) -> None:
    name, value = broken
    if name == "executable":
        monkeypatch.setattr(sys, "executable", value)
    else:
        monkeypatch.setattr(workers_module, "BOOT", value)
    with TestClient(create_app(built.archive, search_workers=2)) as pooled:
        answer = pooled.get("/api/search", params={"q": "police"})
        assert answer.status_code == 503 and "could not start" in answer.json()["error"]
        assert pooled.get("/healthz").status_code == 503
    said = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any("search process" in message and value in message for message in said)  # what ran
    health = [r for r in caplog.records if "index cannot" in r.getMessage()]
    assert health and all("cannot be searched" in r.getMessage() and not r.exc_info for r in health)
