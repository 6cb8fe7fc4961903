"""Search processes: with ``--workers N`` above 1, searches run in N processes beside the server.

Whoosh searching is Python, so one process searches on one core at a time. Rather than N
uvicorn workers sharing the listening socket (the first to wake accepts a whole burst of
connections and serves their keep-alive requests alone while the others idle), the server
keeps every connection in one event loop and hands each search to whichever search process
is free: the cores stay evenly loaded whatever the connections do. Each process opens the
index read-only and follows new generations itself, with its own answer cache.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crossings.search.engine.support import read_counts
from crossings.search.request.search_request import SearchRequest
from crossings.web.cache import ResultCache
from crossings.web.indexes import IndexPool
from crossings.web.searches import Counts, Reply, Searches

_searches: Searches | None = None  # inside a search process
# What a search process sends back: the result, its process id and its read counts (/healthz).
Noted = tuple[Any, int, dict[str, int]]
log = logging.getLogger("crossings.web")
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class WorkerSetup:
    """What a search process needs to answer like the server process would."""

    search_root: str
    settings_dir: str
    time_limit: float
    cache_entries: int
    server_pid: int = field(default_factory=os.getpid)  # made in the server process


def _start(setup: WorkerSetup) -> None:
    """Initializer of a search process: know where everything is. Ctrl+C in a terminal (and a
    service manager's stop) signals the whole process group; the server stops its search
    processes itself once running searches are done, so they ignore those signals (and exit
    when the server's pipe closes, should it be killed)."""
    global _searches
    from crossings.search.text.config import load_settings

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _die_with(setup.server_pid)
    settings = load_settings(Path(setup.settings_dir))
    _searches = Searches(
        IndexPool(Path(setup.search_root)), settings, setup.time_limit, ResultCache(setup.cache_entries)
    )


def _die_with(server_pid: int) -> None:
    """Have the kernel kill this process when the server dies, even by SIGKILL (Linux prctl
    PR_SET_PDEATHSIG): the pool's own pipes would keep an orphan waiting for work forever."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the orphan lives until it is stopped by hand
        return
    if os.getppid() != server_pid:  # the server died before the request took hold
        os._exit(1)


def _initialised() -> Searches:
    """This search process's searches (its initializer ran first)."""
    if _searches is None:
        raise RuntimeError("search process not initialised")
    return _searches


def _noted(result: Any) -> Noted:
    """*result* with this process's id and read counts (Whoosh's fast paths and their fallbacks)."""
    return result, os.getpid(), read_counts()


def _answer(
    language: str, request: SearchRequest, facets_only: bool, encoding: str | None, deadline: float
) -> Noted:
    """One search, in a search process, within the budget that ends at *deadline*."""
    return _noted(_initialised().answer(language, request, facets_only, encoding, deadline))


def _warm() -> Noted:
    """Open every language's index in this search process, before the first search needs it."""
    searches = _initialised()
    for language in searches.indexes.languages():
        searches.counts(language)
    return _noted(None)


def _counts(language: str, withheld: frozenset[str] = frozenset()) -> Noted:
    """One index's generation, document and section counts (less the *withheld*), in a search process."""
    return _noted(_initialised().counts(language, withheld))


class SearchWorkers:
    """*count* search processes, started with the server (or on first use) and replaced if one dies."""

    def __init__(self, setup: WorkerSetup, count: int) -> None:
        self.setup = setup
        self.count = count
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._reads: dict[int, dict[str, int]] = {}  # search process id -> its latest read counts

    async def start(self) -> None:
        """Start the search processes and wait until they have opened the indexes (one task per
        process, submitted at once, makes the pool start them all), so that the first searches
        do not spend their time budget waiting for a process to start."""
        pool = self._current()
        started = [asyncio.wrap_future(pool.submit(_warm)) for _ in range(self.count)]
        for outcome in await asyncio.gather(*started, return_exceptions=True):
            if isinstance(outcome, BaseException):  # a broken index: /healthz and searches say so
                log.warning("a search process could not open the indexes: %s", type(outcome).__name__)
            else:
                self._note(outcome)

    async def answer(
        self, language: str, request: SearchRequest, facets_only: bool, encoding: str | None, deadline: float
    ) -> Reply:
        """The answer of one search (body, Content-Encoding, index state), from a free search process."""
        reply: Reply = await self._call(_answer, language, request, facets_only, encoding, deadline)
        return reply

    async def counts(self, language: str, withheld: frozenset[str] = frozenset()) -> Counts:
        """The generation, documents and sections of *language*'s index, less the *withheld*."""
        counts: Counts = await self._call(_counts, language, withheld)
        return counts

    def read_counts(self) -> list[dict[str, int]]:
        """The read counts each search process sent with its latest answer, processes replaced
        after dying included (counts since the server started)."""
        with self._lock:
            return list(self._reads.values())

    def _note(self, noted: Noted) -> Any:
        """The result a search process sent, its read counts kept."""
        result, pid, reads = noted
        with self._lock:
            self._reads[pid] = reads
        return result

    async def _call(self, function: Any, *args: Any) -> Any:
        """Run *function* in a search process (its result, its read counts noted); a pool
        broken by a dead process is replaced once."""
        loop = asyncio.get_running_loop()
        for attempt in (1, 2):
            pool = self._current()
            try:
                return self._note(await loop.run_in_executor(pool, function, *args))
            except BrokenProcessPool:
                self._replace(pool)
                if attempt == 2:
                    raise
                args = await self._restarted(args)
        raise AssertionError("unreachable")

    async def _restarted(self, args: tuple[Any, ...]) -> tuple[Any, ...]:
        """Start the replacement pool's processes and open their indexes; *args* with every
        deadline (the float arguments) moved by the time that took, so that a reader's search is
        not charged for the server's restart of a dead process."""
        loop = asyncio.get_running_loop()
        began = time.monotonic()
        with contextlib.suppress(Exception):  # a broken index: the retried search says so
            self._note(await loop.run_in_executor(self._current(), _warm))
        spent = time.monotonic() - began
        return tuple(arg + spent if type(arg) is float else arg for arg in args)

    def _current(self) -> ProcessPoolExecutor:
        """The live pool, started when first needed."""
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.count,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start,
                    initargs=(self.setup,),
                )
            return self._pool

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """Forget *broken* (once), so that the next call starts a fresh pool."""
        with self._lock:
            if self._pool is broken:
                self._pool = None
        broken.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the search processes (running searches are cancelled)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
