"""Security and caching headers on every response, and no cookies ever."""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crossings.web.csp import API_POLICY

SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (
        b"permissions-policy",
        b"accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
        b"payment=(), usb=(), interest-cohort=()",
    ),
)
# Theme files carry a ?v=checksum in Sphinx's links, so a week is safe. Pages, and a document's
# images and downloads (named after their source file, never by their content), must revalidate
# so that a document withdrawn from the public edition disappears at once, from shared phones too.
ASSET_CACHE = b"public, max-age=604800"
PAGE_CACHE = b"no-cache"
API_CACHE = b"no-store"
# A page asked for with a query (search-service.html?q=..., search.html?q=...) is kept nowhere: the
# browser's cache files an answer under its whole address, the reader's search words with it,
# where Quick exit cannot reach them. The page itself is the same without them (its script reads
# the address), so only a round trip is lost.
QUERY_PAGE_CACHE = b"no-store"
ASSET_FOLDERS = ("_static",)


def is_api(path: str) -> bool:
    """True for the JSON endpoints (which get the strict policy and no-store)."""
    return path.startswith("/api/") or path == "/api" or path == "/healthz"


def cache_control(path: str, query: bytes = b"") -> bytes:
    """The Cache-Control value for a response to *path* asked for with *query* (the raw query string)."""
    if is_api(path):
        return API_CACHE
    parts = path.split("/")
    if len(parts) > 2 and parts[2] in ASSET_FOLDERS:
        return ASSET_CACHE
    return QUERY_PAGE_CACHE if query else PAGE_CACHE


class SecurityHeaders:
    """ASGI middleware adding the headers above, the CSP and Cache-Control; drops Set-Cookie."""

    def __init__(self, app: ASGIApp, page_policy: Callable[[], str]) -> None:
        self.app = app
        self.page_policy = page_policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on and rewrite the response's headers."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        query: bytes = scope.get("query_string", b"")
        policy = API_POLICY if is_api(path) else self.page_policy()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = self._headers(message.get("headers", []), path, query, policy)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    @staticmethod
    def _headers(
        headers: list[tuple[bytes, bytes]], path: str, query: bytes, policy: str
    ) -> list[tuple[bytes, bytes]]:
        """*headers* without cookies, with the security headers and a Cache-Control."""
        kept = [(name, value) for name, value in headers if name.lower() != b"set-cookie"]
        names = {name.lower() for name, _ in kept}
        kept += [(name, value) for name, value in SECURITY_HEADERS if name not in names]
        kept.append((b"content-security-policy", policy.encode("ascii")))
        if b"cache-control" not in names:
            kept.append((b"cache-control", cache_control(path, query)))
        return kept
