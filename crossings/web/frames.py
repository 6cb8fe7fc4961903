"""The protocol between the server and a search process: pickled objects, each sent as one frame.

A frame is the pickle's length (8 bytes, big-endian) and the pickle. The search process reads and
writes its end of a socket pair plainly (it does one thing at a time); the server reads its end in
the event loop (crossings.web.channel), so that an answer is taken in as its bytes arrive, with
no thread per process waiting on a pipe (concurrent.futures' pool had one, and its pickling ran
there too, under the GIL the event loop needed). This module imports no asyncio: a search
process imports it, and the event loop's modules would cost each process 3.6 MB of memory.
"""

from __future__ import annotations

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
