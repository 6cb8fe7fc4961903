"""The protocol between the server and a search process: pickled objects, each sent as one frame.

A frame is the pickle's length (8 bytes, big-endian) and the pickle. The search process reads and
writes its end of a socket pair plainly (it does one thing at a time); the server reads its end in
the event loop (:func:`receive_async`), so that an answer is taken in as its bytes arrive, with no
thread per process waiting on a pipe (concurrent.futures' pool had one, and its pickling ran
there too, under the GIL the event loop needed).
"""

from __future__ import annotations

import asyncio
import pickle
import socket
import struct
from typing import Any

HEADER = struct.Struct("!Q")
CHUNK = 1 << 16  # bytes asked of the socket at once: most answers come whole in the first read


class Closed(Exception):
    """The other end of the socket is gone (the process exited, or the server stopped)."""


def frame(obj: Any) -> bytes:
    """*obj* pickled, with its length in front."""
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


def send(sock: socket.socket, obj: Any) -> None:
    """Send *obj* on a blocking socket (in a search process)."""
    try:
        sock.sendall(frame(obj))
    except OSError as exc:  # BrokenPipeError, ConnectionResetError: the server is gone
        raise Closed(str(exc)) from exc


def receive(sock: socket.socket) -> Any:
    """The next object from a blocking socket (in a search process); Closed at its end."""
    (size,) = HEADER.unpack(_exactly(sock, HEADER.size))
    return pickle.loads(_exactly(sock, size))


def _exactly(sock: socket.socket, size: int) -> bytes:
    """*size* bytes from *sock*, however many reads they take."""
    data = bytearray()
    while len(data) < size:
        try:
            chunk = sock.recv(min(size - len(data), CHUNK))
        except OSError as exc:
            raise Closed(str(exc)) from exc
        if not chunk:
            raise Closed("the server closed the connection")
        data += chunk
    return bytes(data)


async def send_async(sock: socket.socket, obj: Any) -> None:
    """Send *obj* on a non-blocking socket, from the event loop (in the server)."""
    try:
        await asyncio.get_running_loop().sock_sendall(sock, frame(obj))
    except OSError as exc:
        raise Closed(str(exc)) from exc


async def receive_async(sock: socket.socket) -> Any:
    """The next object from a non-blocking socket, read by the event loop (in the server);
    Closed when the other end closed first (a search process that died)."""
    loop = asyncio.get_running_loop()
    data = bytearray()
    size = -1
    while size < 0 or len(data) < HEADER.size + size:
        try:
            chunk = await loop.sock_recv(
                sock, CHUNK if size < 0 else max(CHUNK, HEADER.size + size - len(data))
            )
        except OSError as exc:
            raise Closed(str(exc)) from exc
        if not chunk:
            raise Closed("the search process closed its end")
        data += chunk
        if size < 0 and len(data) >= HEADER.size:
            (size,) = HEADER.unpack_from(data)
    return pickle.loads(memoryview(data)[HEADER.size :])
