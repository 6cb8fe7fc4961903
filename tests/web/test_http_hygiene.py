"""HTTP as a careful server speaks it, checked on the wire against a live `crossings serve`:
slow clients are cut off, 405 says what is allowed, one Vary, q=0 means no, /healthz says only
status, generation and counts, and no answer names a path on the server."""

from __future__ import annotations

import http.client
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from crossings.search.engine import whoosh_internals
from crossings.web.protocol import KEEP_ALIVE
from tests.serving import crossings_serve, serving
from tests.web.conftest import Built

READ_TIMEOUT = 1.0
NGINX_SITE = Path(__file__).resolve().parents[2] / "docs" / "deploy" / "nginx.conf"


@pytest.fixture
def server(built: Built) -> Iterator[str]:
    """`crossings serve` with a short read timeout, so that slow clients are cut off quickly."""
    command = crossings_serve(built.archive.root, "--read-timeout", str(READ_TIMEOUT))
    with serving(command, "/healthz") as served:
        yield served.base


def _address(base: str) -> tuple[str, int]:
    """Host and port of a base URL."""
    host, port = base.removeprefix("http://").split(":")
    return host, int(port)


def raw_exchange(base: str, request: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
    """Send *request* byte for byte; the status, the header lines as sent and the body."""
    with socket.create_connection(_address(base), timeout=10) as conn:
        conn.sendall(request)
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = [
        (name.strip().lower(), value.strip())
        for name, _, value in (line.partition(":") for line in lines[1:])
    ]
    return int(lines[0].split(" ")[1]), headers, body


def get(path: str, *headers: str) -> bytes:
    """A GET request for *path* that closes the connection after the answer."""
    extra = "".join(f"{header}\r\n" for header in headers)
    return f"GET {path} HTTP/1.1\r\nHost: test\r\n{extra}Connection: close\r\n\r\n".encode("latin-1")


def closed_after(base: str, partial: bytes) -> tuple[float, bytes]:
    """Send a request's start and nothing more; how long until the server closed, and what it sent."""
    with socket.create_connection(_address(base), timeout=READ_TIMEOUT + 10) as conn:
        started = time.monotonic()
        conn.sendall(partial)
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
        return time.monotonic() - started, data


@pytest.mark.parametrize(
    "partial",
    [
        b"GET /api/search?q=police HTTP/1.1\r\nHost: test\r\n",  # the headers never end
        b"G",  # one byte, then nothing
        b"POST /api/search HTTP/1.1\r\nHost: test\r\nContent-Length: 100\r\n\r\nq=",  # the body never ends
    ],
)
def test_a_client_that_stops_sending_is_cut_off(server: str, partial: bytes) -> None:
    seconds, data = closed_after(server, partial)
    assert seconds < READ_TIMEOUT + 3
    if not partial.startswith(b"POST"):  # nothing was answered on this connection yet: 408
        assert data.startswith(b"HTTP/1.1 408 ")


def test_slow_clients_do_not_hold_the_server(server: str) -> None:
    holders = []
    for _ in range(50):
        conn = socket.create_connection(_address(server), timeout=10)
        conn.sendall(b"GET / HTTP/1.1\r\nHost: test\r\n")
        holders.append(conn)
    try:
        assert httpx.get(f"{server}/api/search", params={"q": "police"}, timeout=10).status_code == 200
        time.sleep(READ_TIMEOUT + 1)
        closed = 0
        for conn in holders:
            conn.settimeout(5)
            try:
                data = conn.recv(65536)  # 408 then the end, or the end at once
            except TimeoutError:
                continue  # still held open
            except ConnectionResetError:
                data = b""
            closed += data == b"" or data.startswith(b"HTTP/1.1 408")
        assert closed == len(holders)
    finally:
        for conn in holders:
            conn.close()


@pytest.mark.parametrize("path", ["/api/search", "/en/", "/healthz"])
def test_405_says_which_methods_are_allowed(server: str, path: str) -> None:
    request = f"POST {path} HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    status, headers, _ = raw_exchange(server, request.encode("ascii"))
    assert status == 405
    (allow,) = [value for name, value in headers if name == "allow"]
    assert {method.strip() for method in allow.split(",")} == {"GET", "HEAD"}


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/api/search?q=police", ""),
        ("/api/search?q=police", "br, gzip"),
        ("/api/search?q=zz", ""),  # small: not compressed
        ("/en/_static/site.css", "gzip"),
        ("/en/_static/site.css", ""),
    ],
)
def test_one_vary_header_naming_each_thing_once(server: str, path: str, accept: str) -> None:
    status, headers, _ = raw_exchange(server, get(path, f"Accept-Encoding: {accept}"))
    assert status == 200
    vary = [value for name, value in headers if name == "vary"]
    assert len(vary) == 1
    tokens = [token.strip().lower() for token in vary[0].split(",")]
    assert tokens.count("accept-encoding") == 1 and len(tokens) == len(set(tokens))


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("br;q=0, gzip", "gzip"),
        ("br;q=0.", None),
        ("br;q=0.000, gzip;q=0", None),
        ("br;level=5;q=0", None),
        ("gzip;q=0.5, br;q=0.8", "br"),
        ("gzip;q=0.9, br;q=0.1", "gzip"),
        ("*;q=0", None),
        ("*", "br"),
        ("identity", None),
    ],
)
def test_content_coding_honours_q_values(server: str, accept: str, expected: str | None) -> None:
    for path in ("/api/search?q=police", "/en/_static/site.css"):
        status, headers, _ = raw_exchange(server, get(path, f"Accept-Encoding: {accept}"))
        assert status == 200
        assert dict(headers).get("content-encoding") == expected, (path, accept)


def test_health_says_only_status_generation_and_counts(server: str, built: Built) -> None:
    response = httpx.get(f"{server}/healthz")
    assert response.status_code == 200
    health = response.json()
    engine = health.pop("engine")
    assert health == {
        "status": "ok",
        "indexes": {"en": {"generation": "gen-000001", "documents": 4, "sections": 5}},
    }
    assert set(engine) == {"fast_paths", *whoosh_internals.READ_COUNTS}  # counts, no more
    assert engine["fast_paths"] is True and whoosh_internals.SUPPORT.version not in response.text
    assert all(type(engine[name]) is int for name in whoosh_internals.READ_COUNTS)


def test_no_answer_names_a_path_on_the_server(server: str, built: Built) -> None:
    import shutil

    root = str(built.archive.root)
    shutil.rmtree(built.index)  # the live index disappears under the running server
    for path in (
        "/healthz",
        "/api/search?q=police",
        "/api/facets",
        "/api/nothing",
        "/en/nothing",
        "/api/search?q=%22",
        "/oai?verb=Identify",  # no records built: 503
    ):
        response = httpx.get(f"{server}{path}")
        assert response.status_code < 500 or response.status_code == 503, path
        assert root not in response.text and "/tmp/" not in response.text, (path, response.text)


def test_robots_txt_is_served_from_the_editions_root(server: str, built: Built) -> None:
    """Crawlers ask the host's root: the file `crossings build html` writes there is served."""
    (built.html / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    response = httpx.get(f"{server}/robots.txt")
    assert response.status_code == 200 and response.text.startswith("User-agent: *")
    assert response.headers["content-type"].startswith("text/plain")
    (built.html / "secret.txt").write_text("root-only\n", encoding="utf-8")
    assert httpx.get(f"{server}/secret.txt").status_code == 404  # robots.txt alone, no other root file


@pytest.mark.parametrize("folder", ["_images", "_downloads"])
def test_images_and_downloads_revalidate_like_pages(server: str, built: Built, folder: str) -> None:
    """An image or a download of a withdrawn document must not outlive it in a shared phone's cache."""
    (built.html / "en" / folder).mkdir(exist_ok=True)
    (built.html / "en" / folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    response = httpx.get(f"{server}/en/{folder}/photo.png")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-cache"
    assert httpx.get(f"{server}/en/_static/site.css").headers["cache-control"] == "public, max-age=604800"


def proxy_keepalive_seconds() -> list[int]:
    """Each upstream's `keepalive_timeout` in the documented nginx site (seconds)."""
    site = NGINX_SITE.read_text(encoding="utf-8")
    upstreams = re.findall(r"upstream \w+ \{(.*?)\n\}", site, re.S)
    assert upstreams, f"{NGINX_SITE} has no upstream block"
    found = []
    for block in upstreams:
        if "keepalive " in block:
            timeout = re.search(r"^\s*keepalive_timeout (\d+)s;", block, re.M)
            assert timeout, f"{NGINX_SITE}: an upstream reusing connections keeps nginx's 60 s idle time"
            found.append(int(timeout[1]))
    return found


@pytest.mark.slow
def test_an_idle_connection_outlives_the_documented_proxys(server: str) -> None:
    """nginx must drop an idle connection to a replica before the replica does: when both close
    it at about the same time, nginx sends a request on a connection being reset (seen under
    load in tests/replica/test_nginx.py with uvicorn's 5 s against nginx's 60 s)."""
    proxy = max(proxy_keepalive_seconds())
    assert proxy + 5 <= KEEP_ALIVE
    host, port = _address(server)
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.request("GET", "/healthz")
        assert conn.getresponse().read() and conn.sock is not None
        time.sleep(proxy + 1)
        conn.request("GET", "/healthz")  # the same connection: http.client does not reconnect
        assert conn.getresponse().status == 200
    finally:
        conn.close()
