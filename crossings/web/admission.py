"""Admission control: at most two searches per search process at a time, a short line, then 503.

Two per process: the one it searches and the next, already handed to it, so that a process
never idles while an answer travels back and the next request comes in. A search that finds
every slot taken waits in line, first come first served, for at most QUEUE_WAIT seconds, and
never past the point where too little of its time budget would be left to search; then it is
turned away with 503 and ``Retry-After``, so a client is never left hanging while expensive
queries hold the processes. (Putting simple searches ahead of expensive ones was tried: the
expensive ones of a normal mix then waited behind every simple one, and the p95 of a served
mix went from 70 to 450 ms.) A slot is given back when the search really ends, not when its
answer was sent: a search that outlived its answer still occupies its process.
"""

from __future__ import annotations

import asyncio
import collections
import time

from crossings.web.busy import MIN_SEARCH as MIN_SEARCH
from crossings.web.busy import Busy as Busy

PER_PROCESS = 2  # searches handed to one search process at once
QUEUE_WAIT = 1.5  # seconds a search may wait for a free slot
MAX_WAITING = 64  # searches waiting at once, per search process
RETRY_AFTER = 1  # seconds, in the Retry-After header of a 503


class Admission:
    """Slots for *processes* x PER_PROCESS searches at once, and the line of those waiting for one."""

    def __init__(self, processes: int) -> None:
        self.capacity = max(1, processes) * PER_PROCESS
        self.running = 0
        self._line: collections.deque[asyncio.Future[None]] = collections.deque()

    async def acquire(self, deadline: float) -> None:
        """Take a slot, waiting in line if none is free; Busy when the wait would be too long
        (*deadline*: the end of the search's time budget, on ``time.monotonic()``)."""
        if self.running < self.capacity and not self._line:
            self.running += 1
            return
        wait = min(QUEUE_WAIT, deadline - MIN_SEARCH - time.monotonic())
        if wait <= 0 or len(self._line) >= MAX_WAITING * self.capacity // PER_PROCESS:
            raise Busy
        ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._line.append(ready)
        try:
            await asyncio.wait_for(asyncio.shield(ready), wait)
        except TimeoutError:
            if ready.done():  # the slot came just as the wait ended: keep it
                return
            self._leave(ready)
            raise Busy from None
        except asyncio.CancelledError:  # the reader went away while waiting: its slot is not lost
            if ready.done():
                self.release()
            else:
                self._leave(ready)
            raise

    def release(self) -> None:
        """Give a slot back: to the first in line still waiting, else free it."""
        while self._line:
            ready = self._line.popleft()
            if not ready.done():
                ready.set_result(None)
                return
        self.running -= 1

    def _leave(self, ready: asyncio.Future[None]) -> None:
        """Take a waiter out of the line."""
        ready.cancel()
        self._line.remove(ready)
