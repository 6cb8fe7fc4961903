"""The server's end of a search process's socket, read in the event loop (frames as in
crossings.web.frames). Only the server process imports it."""

from __future__ import annotations

import asyncio
import collections
import pickle
import socket
from typing import Any

from crossings.web.frames import HEADER, Closed, frame


class Channel(asyncio.Protocol):
    """The server's end of a search process's socket, kept open in the event loop: the loop takes
    in what arrives as it arrives (no read asked for, no reader added and removed per answer, as
    ``sock_recv`` does), and each whole frame answers the oldest call still waiting. The pool
    gives a process one call at a time; a call whose caller stopped waiting still takes its
    answer off the socket, so that the next call reads its own."""

    def __init__(self) -> None:
        self._transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        self._waiting: collections.deque[asyncio.Future[Any]] = collections.deque()
        self._lost: Closed | None = None

    @classmethod
    async def open(cls, sock: socket.socket) -> Channel:
        """A channel on *sock* (the server's end of a socket pair), read by the running loop."""
        _, channel = await asyncio.get_running_loop().create_connection(cls, sock=sock)
        return channel

    async def call(self, obj: Any) -> Any:
        """Send *obj*; the object that answers it. Closed if the other end is gone (before or
        while waiting), or an exception if the answer cannot be unpickled."""
        if self._lost is not None or self._transport is None:
            raise self._lost or Closed("the channel is not open")
        answer: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting.append(answer)
        self._transport.write(frame(obj))
        return await answer

    def close(self) -> None:
        """Close the server's end (the process reads the end of its calls)."""
        if self._transport is not None:
            self._transport.close()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        buffer = self._buffer
        buffer += data
        while len(buffer) >= HEADER.size:
            (size,) = HEADER.unpack_from(buffer)
            end = HEADER.size + size
            if len(buffer) < end:
                return
            try:
                with memoryview(buffer) as view:
                    result: tuple[bool, Any] = (True, pickle.loads(view[HEADER.size : end]))
            except Exception as exc:  # a frame that is not a pickle: its caller is told
                result = (False, exc)
            del buffer[:end]
            self._answer(*result)

    def connection_lost(self, exc: Exception | None) -> None:
        self._lost = Closed(f"the search process closed its end{f' ({exc})' if exc else ''}")
        while self._waiting:
            answer = self._waiting.popleft()
            if not answer.done():
                answer.set_exception(self._lost)

    def _answer(self, ok: bool, value: Any) -> None:
        """Give the oldest waiting call its answer (the answer of a call given up on is dropped)."""
        if not self._waiting:
            return  # nothing asked: not a reply of this protocol, dropped
        answer = self._waiting.popleft()
        if answer.done():
            return
        if ok:
            answer.set_result(value)
        else:
            answer.set_exception(value)
