"""What runs inside a search process: its start, and the loop answering the server's calls.

The server (crossings.web.workers) starts the process as ``python -c`` running :func:`main`, its
end of the socket pair an open file descriptor named on its command line, and sends its
WorkerSetup as the first frame. Then it sends each call as a frame (crossings.web.frames) on the
process's socket: a function of this module and its arguments. The process runs it and sends
back ``("ok", (result, its process id, its read counts))`` or ``("raised", (the exception, its
traceback))``, then waits for the next call; it exits when the server closes its end.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import pickle
import signal
import socket
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crossings.search.engine.support import read_counts
from crossings.search.request.search_request import SearchRequest
from crossings.web.cache import ResultCache
from crossings.web.frames import Closed, receive, send
from crossings.web.indexes import IndexPool
from crossings.web.searches import Searches

_searches: Searches | None = None  # inside a search process
# What a search process sends back: the result, its process id and its read counts (/healthz).
Noted = tuple[Any, int, dict[str, int]]
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class WorkerSetup:
    """What a search process needs to answer like the server process would."""

    search_root: str
    settings_dir: str
    time_limit: float
    cache_entries: int
    server_pid: int = field(default_factory=os.getpid)  # made in the server process
    # The server's import path, so that the calls' functions are found as it finds them (a
    # test module's, a source tree's), whatever directory the process was started from.
    sys_path: tuple[str, ...] = field(default_factory=lambda: tuple(sys.path))


def main() -> None:
    """The search process's start (the server runs it with its socket's file descriptor as the
    last argument): read the setup, take the server's import path, then serve."""
    sock = socket.socket(fileno=int(sys.argv[-1]))
    try:
        setup: WorkerSetup = receive(sock)
    except Closed:  # the server stopped before the process started: nothing to do
        return
    sys.path[:] = setup.sys_path
    serve(sock, setup)


def serve(sock: socket.socket, setup: WorkerSetup) -> None:
    """The search process's life once started (:func:`main`): set up, then answer
    the calls that come on *sock* one by one until the server closes it."""
    _start(setup)
    sock.setblocking(True)
    with sock:
        while True:
            try:
                function, args = receive(sock)
            except Closed:  # the server is stopping (or gone): nothing more to do
                return
            try:
                reply: tuple[str, Any] = ("ok", function(*args))
            except Exception as exc:  # the server raises it for the caller (a 400, a 503...)
                reply = ("raised", (exc, traceback.format_exc()))
            try:
                send(sock, _picklable(reply))
            except Closed:
                return


def _picklable(reply: tuple[str, Any]) -> tuple[str, Any]:
    """*reply*, but an exception that cannot be pickled told as a RuntimeError naming it."""
    status, value = reply
    if status == "raised":
        try:
            pickle.dumps(value)
        except Exception:
            exc, trace = value
            return status, (RuntimeError(f"{type(exc).__name__}: {exc}"), trace)
    return reply


def _start(setup: WorkerSetup) -> None:
    """Set a search process up: know where everything is. Ctrl+C in a terminal (and a service
    manager's stop) signals the whole process group; the server stops its search processes
    itself once running searches are done, so they ignore those signals (and exit when the
    server's socket closes, should it be killed)."""
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
    PR_SET_PDEATHSIG): a search process blocked in a search would otherwise outlive it."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the orphan lives until it is stopped by hand
        return
    if os.getppid() != server_pid:  # the server died before the request took hold
        os._exit(1)


def _initialised() -> Searches:
    """This search process's searches (:func:`_start` ran first)."""
    if _searches is None:
        raise RuntimeError("search process not initialised")
    return _searches


def _noted(result: Any) -> Noted:
    """*result* with this process's id and read counts (Whoosh's fast paths and their fallbacks)."""
    return result, os.getpid(), read_counts()


def answer(
    language: str, request: SearchRequest, facets_only: bool, encoding: str | None, deadline: float
) -> Noted:
    """One search, in a search process, within the budget that ends at *deadline*."""
    return _noted(_initialised().answer(language, request, facets_only, encoding, deadline))


def warm() -> Noted:
    """Open every language's index in this search process, before the first search needs it."""
    searches = _initialised()
    for language in searches.indexes.languages():
        searches.counts(language)
    return _noted(None)


def counts(language: str, withheld: frozenset[str] = frozenset()) -> Noted:
    """One index's generation, document and section counts (less the *withheld*), in a search process."""
    return _noted(_initialised().counts(language, withheld))
