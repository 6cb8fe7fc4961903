"""The HTTP connection of ``crossings serve``: uvicorn's httptools protocol with read timeouts.

uvicorn closes idle keep-alive connections, but a client that sends a request's headers (or its
body) a byte at a time keeps its connection, and a few hundred such clients (slowloris) hold
the server. Here every request must have arrived whole within a read timeout: its headers from
its first byte (or from the connection's opening), its body from the end of its headers. A
connection that is too slow gets 408 and is closed.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

READ_TIMEOUT = 10.0  # seconds for a request's headers, and again for its body
# Seconds an idle keep-alive connection stays open. A reverse proxy reusing connections must
# drop its idle ones sooner (nginx: `keepalive_timeout` in the upstream, docs/deploy/nginx.conf):
# when both close at about the same time, a request the proxy sends just as the server closes
# meets a reset connection (uvicorn's own default, 5 s, under nginx's 60 s, did that under load).
KEEP_ALIVE = 20
TOO_SLOW = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"connection: close\r\ncontent-length: 16\r\n\r\nRequest Timeout\n"
)


class TimedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, closing connections whose requests arrive too slowly."""

    read_timeout = READ_TIMEOUT

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the clock for the first request's headers."""
        self._reading: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the clock."""
        self._disarm()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        """A request's first byte: its headers must follow within the timeout."""
        super().on_message_begin()
        if self._reading is None:
            self._arm()

    def on_headers_complete(self) -> None:
        """The headers are in: the body (if any) gets the timeout afresh."""
        super().on_headers_complete()
        self._arm()

    def on_message_complete(self) -> None:
        """The request is in whole: no more clock until the next one starts."""
        super().on_message_complete()
        self._disarm()

    def _arm(self) -> None:
        """(Re)start the clock."""
        self._disarm()
        self._reading = self.loop.call_later(self.read_timeout, self._too_slow)

    def _disarm(self) -> None:
        """Stop the clock."""
        if self._reading is not None:
            self._reading.cancel()
            self._reading = None

    def _too_slow(self) -> None:
        """Answer 408 (unless a response is under way) and close the connection."""
        self._reading = None
        if self.transport.is_closing():
            return
        if self.cycle is None or self.cycle.response_complete:
            self.transport.write(TOO_SLOW)
        self.transport.close()


def timed_protocol(read_timeout: float) -> Any:
    """The protocol class for uvicorn's ``http=`` option, with *read_timeout* seconds."""
    return type("TimedHttpProtocol", (TimedHttpProtocol,), {"read_timeout": read_timeout})
