"""Search processes: with ``--workers N`` above 1, searches run in N processes beside the server.

Whoosh searching is Python, so one process searches on one core at a time. Rather than N
uvicorn workers sharing the listening socket (the first to wake accepts a whole burst of
connections and serves their keep-alive requests alone while the others idle), the server
keeps every connection in one event loop and hands each search to whichever search process
is free: the cores stay evenly loaded whatever the connections do. Each process opens the
index read-only and follows new generations itself, with its own answer cache
(crossings.web.searchprocess).

The event loop itself sends each call on the process's socket and reads its answer
(crossings.web.frames): concurrent.futures' process pool spent a thread per call and a
thread per pool on its pipes, pickling there under the GIL, about a millisecond of the
server's per request.

Each process is a fresh interpreter started with subprocess (``python -c`` running
crossings.web.searchprocess.main), its end of the socket pair passed as an open file descriptor
and its WorkerSetup sent as the first frame. multiprocessing's spawn start would also launch its
resource tracker, an idle interpreter of about 7 MB that the server never needs (no semaphores,
no shared memory), and would have each process import the server's ``__main__`` (the
``crossings`` command and its command line) besides what searching needs.
"""

from __future__ import annotations

import asyncio
import atexit
import collections
import contextlib
import logging
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import crossings
from crossings.search.request.search_request import SearchRequest
from crossings.web import searchprocess
from crossings.web.channel import Channel
from crossings.web.frames import Closed, frame
from crossings.web.searches import Counts, Reply
from crossings.web.searchprocess import Noted, WorkerSetup

__all__ = ["SearchProcessLost", "SearchProcessNotStarted", "SearchWorkers", "WorkerSetup"]
log = logging.getLogger("crossings.web")
STOP_WAIT = 30.0  # seconds close() waits for a process's running search before killing it
# What a search process runs: the server's own crossings first on its path (the setup then gives
# it the server's whole sys.path), whatever directory the server was started from.
BOOT = "import sys; sys.path.insert(0, sys.argv[1]); from crossings.web.searchprocess import main; main()"


class SearchProcessLost(RuntimeError):
    """A search process died during a call (and, on the retry, its replacement too)."""

    restart = 0.0  # seconds the server spent starting the dead process's replacement


class SearchProcessNotStarted(RuntimeError):
    """A search process could not be started, or exited before answering its first call (its
    interpreter missing, crossings not importable there): a retry would fail alike."""


class RemoteTraceback(Exception):
    """Where in the search process an exception was raised (the cause of the one raised here),
    so that the server's log shows it."""

    def __str__(self) -> str:
        return f"\n\n{self.args[0]}"


class _Process:
    """One search process and the server's end of its socket."""

    def __init__(self, setup: WorkerSetup) -> None:
        ours, theirs = socket.socketpair()
        try:
            self.process = _start(theirs.fileno())
            ours.sendall(frame(setup))  # read by the process once it has started
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()  # the process holds its own copy: its exit closes the pair
        ours.setblocking(False)
        self.sock = ours
        self.answered = False  # until its first answer, its death means it could not start
        self._channel: Channel | None = None  # opened by the first call, in the running loop

    async def call(self, function: Any, args: tuple[Any, ...]) -> Noted:
        """*function*(*args*) run in the process: its result noted, or the exception it raised;
        SearchProcessLost if the process is gone."""
        try:
            if self._channel is None:
                self._channel = await Channel.open(self.sock)
            status, value = await self._channel.call((function, args))
        except Closed as closed:
            if not self.answered:
                raise SearchProcessNotStarted(
                    f"search process {self.process.pid} exited before answering its first call "
                    f"({sys.executable} -c {BOOT!r}); what it printed on stderr says why"
                ) from closed
            raise SearchProcessLost(f"search process {self.process.pid} died: {closed}") from closed
        self.answered = True
        if status == "raised":
            raised, trace = value
            raise raised from RemoteTraceback(trace)
        noted: Noted = value
        return noted

    def stop(self, wait: float) -> None:
        """Let the process end once its running call is done (its socket closed), waiting up to
        *wait* seconds; then kill it if it has not."""
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_WR)
        try:
            self.process.wait(wait)
        except subprocess.TimeoutExpired:
            self.process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(5)
        try:
            if self._channel is None:
                raise RuntimeError("no channel")
            self._channel.close()  # it closes the socket, in the loop that reads it
        except RuntimeError:  # never opened, or its loop has ended (the server's exit)
            self.sock.close()


def _start(fd: int) -> subprocess.Popen[bytes]:
    """A search process answering on the socket *fd* (its stdout and stderr the server's, its
    standard input empty, as multiprocessing had it)."""
    root = str(Path(crossings.__file__).resolve().parent.parent)
    try:
        return subprocess.Popen(
            [sys.executable, "-c", BOOT, root, str(fd)], pass_fds=(fd,), stdin=subprocess.DEVNULL
        )
    except OSError as exc:  # no interpreter there (sys.executable empty or removed)
        raise SearchProcessNotStarted(
            f"cannot start a search process with the interpreter {sys.executable!r}: {exc}"
        ) from exc


class SearchWorkers:
    """*count* search processes, started with the server (or on first use) and replaced if one dies."""

    def __init__(self, setup: WorkerSetup, count: int) -> None:
        self.setup = setup
        self.count = count
        self._lock = threading.Lock()
        self._processes: list[_Process] = []  # all of them, busy or free
        self._free: collections.deque[_Process] = collections.deque()
        self._waiting: collections.deque[asyncio.Future[_Process]] = collections.deque()
        self._reads: dict[int, dict[str, int]] = {}  # search process id -> its latest read counts
        # Should the server exit without stopping them, they are told to end and waited for.
        atexit.register(self.close)

    async def start(self) -> None:
        """Start the search processes and wait until they have opened the indexes (one call per
        process, all made at once), so that the first searches do not spend their time budget
        waiting for a process to start."""
        started = [self._call(searchprocess.warm) for _ in range(self.count)]
        for outcome in await asyncio.gather(*started, return_exceptions=True):
            if isinstance(outcome, SearchProcessNotStarted):  # searches answer 503 meanwhile
                log.error("%s", outcome)
            elif isinstance(outcome, BaseException):  # a broken index: /healthz and searches say so
                log.warning("a search process could not open the indexes: %s", type(outcome).__name__)

    async def answer(
        self, language: str, request: SearchRequest, facets_only: bool, encoding: str | None, deadline: float
    ) -> Reply:
        """The answer of one search (body, Content-Encoding, index state), from a free search process."""
        reply: Reply = await self._call(
            searchprocess.answer, language, request, facets_only, encoding, deadline
        )
        return reply

    async def counts(self, language: str, withheld: frozenset[str] = frozenset()) -> Counts:
        """The generation, documents and sections of *language*'s index, less the *withheld*."""
        counts: Counts = await self._call(searchprocess.counts, language, withheld)
        return counts

    def read_counts(self) -> list[dict[str, int]]:
        """The read counts each search process sent with its latest answer, processes replaced
        after dying included (counts since the server started)."""
        with self._lock:
            return list(self._reads.values())

    def pids(self) -> list[int]:
        """The process ids of the search processes running now."""
        return [p.process.pid for p in self._processes]

    def _note(self, noted: Noted) -> Any:
        """The result a search process sent, its read counts kept."""
        result, pid, reads = noted
        with self._lock:
            self._reads[pid] = reads
        return result

    async def _call(self, function: Any, *args: Any) -> Any:
        """Run *function* in a free search process (its result, its read counts noted); a
        process that dies during the call is replaced and the call retried once."""
        loop = asyncio.get_running_loop()
        for attempt in (1, 2):
            process = await self._acquire()
            # A task of its own, so that the process is freed (or replaced) when its answer
            # comes even if the caller stopped waiting: the next call must not read this one's.
            exchange = loop.create_task(self._exchange(process, function, args))
            try:
                return self._note(await asyncio.shield(exchange))
            except SearchProcessLost as lost:
                if attempt == 2:
                    raise
                # not charged to the reader: every deadline (the float arguments) moves on
                args = tuple(arg + lost.restart if type(arg) is float else arg for arg in args)
        raise AssertionError("unreachable")

    async def _exchange(self, process: _Process, function: Any, args: tuple[Any, ...]) -> Noted:
        """One call in *process*, which is then free again, or replaced if it died."""
        try:
            noted = await process.call(function, args)
        except SearchProcessNotStarted:  # not replaced now: the next call starts another
            self._forget(process)
            process.stop(wait=1.0)
            raise
        except SearchProcessLost as lost:
            lost.restart = await self._replace(process)
            raise
        except Exception:  # raised in the process, which read the call and answered it
            self._release(process)
            raise
        except BaseException:  # cancelled halfway: its answer would be read as the next call's
            self._forget(process)
            process.stop(wait=0.0)
            raise
        self._release(process)
        return noted

    async def _replace(self, dead: _Process) -> float:
        """Start a process in place of *dead* and open its indexes; the seconds that took."""
        began = time.monotonic()
        self._forget(dead)
        dead.stop(wait=1.0)  # it is gone or going: this only collects it
        fresh = self._spawn()
        try:
            self._note(await fresh.call(searchprocess.warm, ()))
        except SearchProcessNotStarted as exc:  # the retried call finds it dead and says so too
            log.error("%s", exc)
        except Exception:  # a broken index, or a process dead again: the retried call says so
            log.warning("a replacement search process could not open the indexes")
        self._release(fresh)
        return time.monotonic() - began

    def _forget(self, process: _Process) -> None:
        """*process* no longer counted among the pool's (it is being stopped)."""
        if process in self._processes:
            self._processes.remove(process)

    def _spawn(self) -> _Process:
        """A new search process, counted among the pool's."""
        process = _Process(self.setup)
        self._processes.append(process)
        return process

    async def _acquire(self) -> _Process:
        """A free search process (the pool started when first needed); the caller waits its
        turn when all are busy."""
        while len(self._processes) < self.count:
            self._free.append(self._spawn())
        if self._free:
            return self._free.popleft()
        turn: asyncio.Future[_Process] = asyncio.get_running_loop().create_future()
        self._waiting.append(turn)
        try:
            return await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():  # given a process just as it gave up
                self._release(turn.result())
            raise

    def _release(self, process: _Process) -> None:
        """*process* is free: to the first caller waiting, else back to the free ones."""
        if process not in self._processes:
            return  # the pool was closed meanwhile
        while self._waiting:
            turn = self._waiting.popleft()
            if not turn.done():
                turn.set_result(process)
                return
        self._free.append(process)

    def close(self) -> None:
        """Stop the search processes, once their running searches are done (callers still
        waiting for one are cancelled)."""
        processes, self._processes = self._processes, []
        self._free.clear()
        while self._waiting:
            self._waiting.popleft().cancel()
        for process in processes:
            with contextlib.suppress(OSError):
                process.sock.shutdown(socket.SHUT_WR)  # each ends its search meanwhile
        for process in processes:
            process.stop(wait=STOP_WAIT)
