"""Index generations swapped under load: no request fails, none names a path, and the newest
generation is what searches see once the swapping stops."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from crossings.search.api import search
from crossings.search.indexing.index import LiveSearcher, build_index, current_generation
from crossings.search.request.search_request import SearchRequest
from tests.serving import crossings_serve, serving
from tests.web.conftest import CORPUS, Built, record, write_corpus

SWAPS = 50
EXTRA = record("zebra-notes", "A zebra crossing at the border post; police stood by.", countries=["LA"])
QUERIES = [
    "/api/search?q=police",
    "/api/search?q=zebra",
    "/api/facets?q=migrant",
    "/api/search?q=police&sort=date",
]


def swap(
    built: Built,
    times: int,
    every_third_incremental: bool = True,
    between: Callable[[], None] = lambda: None,
) -> None:
    """Rebuild the index *times* times, the extra document in every other build; every third
    run is incremental (a new commit in the same generation), the others new generations;
    *between* runs after each build."""
    for i in range(times):
        records = [*CORPUS, EXTRA] if i % 2 == 0 else CORPUS
        incremental = every_third_incremental and i % 3 == 2
        build_index(write_corpus(built.corpus, records), built.index, incremental=incremental)
        between()


def test_a_live_searcher_never_fails_while_generations_are_swapped(built: Built) -> None:
    """Two threads search while the index is rebuilt; as in `crossings serve` (Indexes.run), one
    thread at a time searches a language's searcher (Whoosh reads its files by seek and read,
    so two threads in one searcher could read each other's blocks), while the next state is
    opened and warmed in LiveSearcher's own thread beside them."""
    live = LiveSearcher(built.index)
    failures: list[BaseException] = []
    done = threading.Event()
    one_at_a_time = threading.Lock()

    def keep_searching() -> None:
        while not done.is_set():
            try:
                with one_at_a_time:
                    answer = search(built.index, SearchRequest("police"), searcher=live.get())
                assert answer["total"] >= 2
            except BaseException as exc:  # every failure is what this test looks for
                failures.append(exc)
                return

    threads = [threading.Thread(target=keep_searching) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        swap(built, 20)
    finally:
        done.set()
        for thread in threads:
            thread.join()
    assert failures == []
    assert live.state()[1] == current_generation(built.index)
    live.close()


@pytest.fixture
def server(built: Built) -> Iterator[str]:
    """`crossings serve` with two search processes and no answer cache."""
    with serving(crossings_serve(built.archive.root, "--workers", "2", "--cache", "0"), "/healthz") as served:
        yield served.base


async def _hammer(base: str, stop: asyncio.Event, answers: list[tuple[str, int, bytes]]) -> None:
    """Send the queries in turn until *stop*, keeping every status and body."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        i = 0
        while not stop.is_set():
            path = QUERIES[i % len(QUERIES)]
            response = await client.get(path)
            answers.append((path, response.status_code, response.content))
            i += 1


ANSWERS_PER_SWAP = 4


async def _under_load(base: str, built: Built) -> list[tuple[str, int, bytes]]:
    """Four clients search while the index is rebuilt SWAPS times; after each build the next
    waits until ANSWERS_PER_SWAP more answers came back, so every generation is searched
    however slow the machine (a count of answers in a fixed time would measure its speed)."""
    stop = asyncio.Event()
    answers: list[tuple[str, int, bytes]] = []

    def searched_meanwhile() -> None:
        wanted = len(answers) + ANSWERS_PER_SWAP
        deadline = time.monotonic() + 120
        while len(answers) < wanted:
            if time.monotonic() > deadline:
                raise AssertionError(f"{ANSWERS_PER_SWAP} answers not back within 120 s of a swap")
            time.sleep(0.01)

    clients = [asyncio.create_task(_hammer(base, stop, answers)) for _ in range(4)]
    try:
        await asyncio.to_thread(swap, built, SWAPS, True, searched_meanwhile)
    finally:
        stop.set()
        await asyncio.gather(*clients)
    return answers


@pytest.mark.slow
def test_fifty_swaps_under_load_give_no_error(server: str, built: Built) -> None:
    answers = asyncio.run(_under_load(server, built))
    assert len(answers) >= ANSWERS_PER_SWAP * SWAPS
    failed = [(path, status, body[:200]) for path, status, body in answers if status != 200]
    assert failed == []
    for _, _, body in answers:
        assert str(built.archive.root) not in body.decode("utf-8")
        json.loads(body)
    # The last build left the extra document out: once the swapping stops, nobody finds it.
    assert httpx.get(f"{server}/api/search", params={"q": "zebra"}).json()["total"] == 0
    health = httpx.get(f"{server}/healthz").json()
    assert health["indexes"]["en"]["generation"] == current_generation(Path(built.index))
