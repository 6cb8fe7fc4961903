"""With --workers N, searches run in N search processes and answer exactly as in-process ones."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from crossings.search.indexing.index import build_index
from crossings.web.app import create_app
from tests.web.conftest import CORPUS, Built, write_corpus

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
        pool = workers._current()
        victim = next(iter(pool._processes.values()))
        os.kill(victim.pid, signal.SIGKILL)
        victim.join(timeout=10)
        answers = [pooled.get("/api/search", params={"q": "police"}).status_code for _ in range(4)]
        assert answers == [200] * 4  # the broken pool is replaced and the search retried, unnoticed
        assert workers._current() is not pool


def test_search_processes_start_with_the_server(pooled: TestClient) -> None:
    workers = pooled.app.state.service.workers  # type: ignore[attr-defined]
    assert len(workers._current()._processes) == 2  # both started before any search
