"""Brotli or gzip for text responses, whichever the reader accepts (brotli first; the codings
themselves are in :mod:`crossings.web.codings`, which search processes use without Starlette).

Bodies are small (pages, JSON, theme files), so a compressible response is buffered and
compressed whole. Compressed static files are kept in a small cache keyed by their ETag, so
a theme file is compressed once, not on every request.
"""

from __future__ import annotations

from collections import OrderedDict

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crossings import citefiles
from crossings.web.codings import MIN_SIZE, chosen_encoding, compress

COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/javascript",
    "image/svg+xml",
    "application/xml",
    *(media.split(";")[0] for media in citefiles.MEDIA_TYPES.values()),  # citations: plain text
)
CACHE_ENTRIES = 64
STATIC_FOLDER = "/_static/"


def add_vary(headers: MutableHeaders, name: str) -> None:
    """Name *name* in the response's one Vary header, once."""
    present = [part.strip() for part in headers.get("vary", "").split(",") if part.strip()]
    if name.lower() not in {part.lower() for part in present}:
        present.append(name)
    headers["vary"] = ", ".join(present)


class Compression:
    """ASGI middleware compressing text responses of at least MIN_SIZE bytes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.cache: OrderedDict[tuple[str, str, str], bytes] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Compress the response when the request allows it and the body is text."""
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        request_headers = Headers(scope=scope)
        accepted = request_headers.get("accept-encoding", "")
        encoding = None if "range" in request_headers else chosen_encoding(accepted)
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffered_send(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if not _compressible(message):
                    await send(message)
                    return
                start = message
                return
            if start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                await self._send_whole(start, b"".join(chunks), encoding, scope["path"], send)

        await self.app(scope, receive, buffered_send)

    async def _send_whole(
        self, start: Message, body: bytes, encoding: str | None, path: str, send: Send
    ) -> None:
        """Send the buffered response, compressed when it is worth it."""
        headers = MutableHeaders(raw=start["headers"])
        add_vary(headers, "Accept-Encoding")
        if encoding is not None and len(body) >= MIN_SIZE:
            body = self._compressed(body, encoding, path, headers.get("etag"))
            headers["content-encoding"] = encoding
            headers["content-length"] = str(len(body))
            if "etag" in headers:  # a different representation needs a different tag
                headers["etag"] = headers["etag"].rstrip('"') + f'-{encoding}"'
        await send(start)
        await send({"type": "http.response.body", "body": body, "more_body": False})

    def _compressed(self, body: bytes, encoding: str, path: str, etag: str | None) -> bytes:
        """The compressed body, from the cache when the same file was compressed before."""
        if etag is None:
            return compress(body, encoding)
        key = (path, etag, encoding)
        if key in self.cache:
            self.cache.move_to_end(key)
            return self.cache[key]
        result = self.cache[key] = compress(body, encoding, best=STATIC_FOLDER in path)
        if len(self.cache) > CACHE_ENTRIES:
            self.cache.popitem(last=False)
        return result


def _compressible(start: Message) -> bool:
    """True for a complete 200 text response that is not already encoded."""
    headers = Headers(raw=start["headers"])
    content_type = headers.get("content-type", "")
    encoded = "content-encoding" in headers
    return start["status"] == 200 and not encoded and content_type.startswith(COMPRESSIBLE)
