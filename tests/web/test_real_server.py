"""`crossings serve` as a real process, queried over 127.0.0.1 with httpx and a raw socket."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.serving import CROSSINGS, crossings_serve, serving
from tests.web.conftest import Built


@pytest.fixture
def server(built: Built) -> Iterator[str]:
    """The base URL of a running `crossings serve` over the built archive."""
    with serving(crossings_serve(built.archive.root), "/healthz") as served:
        yield served.base
    assert "police" not in served.output  # queries are not logged by default


def raw_status(base: str, path: str) -> tuple[int, bytes]:
    """Send a GET with *path* byte for byte over a socket; the status and the whole response."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    return int(data.split(b" ", 2)[1]), data


def test_real_server_answers_searches_and_refuses_traversal(server: str) -> None:
    answer = httpx.get(f"{server}/api/search", params={"q": "police", "country": "TH"}).json()
    assert answer["total"] >= 1 and answer["hits"][0]["id"] == "thailand-report"
    assert answer["facets"]["country"]["TH"] >= 1
    bad = httpx.get(f"{server}/api/search?q=%22unclosed")
    assert bad.status_code == 400 and bad.json()["ok"] is False
    home = httpx.get(f"{server}/", follow_redirects=True)
    assert home.status_code == 200 and str(home.url).endswith("/en/")
    assert "set-cookie" not in home.headers
    for path in (
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/en/..%2f..%2f..%2fetc/passwd",
        "/en/leak.txt",
    ):
        status, data = raw_status(server, path)
        assert status == 404, path
        assert b"root:" not in data and b"SECRET" not in data


def test_internal_edition_needs_the_flag(built: Built) -> None:
    result = subprocess.run(
        [CROSSINGS, "serve", "--archive", str(built.archive.root), "--edition", "internal"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "--i-understand-internal" in result.stderr


def test_serving_without_a_built_site_says_what_to_run(tmp_path: Path, empty_archive: Path) -> None:
    result = subprocess.run(
        [CROSSINGS, "serve", "--archive", str(empty_archive)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1 and "crossings build html" in result.stderr


def children(server_pid: int) -> dict[int, bytes]:
    """The live processes whose parent is *server_pid*, with their command lines."""
    found = {}
    for listing in Path(f"/proc/{server_pid}/task").glob("*/children"):
        for pid in map(int, listing.read_text().split()):
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if alive(pid):
                found[pid] = command
    return found


def search_processes(server_pid: int) -> set[int]:
    """The live processes whose parent is *server_pid* and that run a search process."""
    return {pid for pid, command in children(server_pid).items() if b"crossings.web.searchprocess" in command}


def test_the_server_starts_its_search_processes_and_nothing_else(built: Built) -> None:
    """No resource tracker of multiprocessing (an idle interpreter, about 7 MB) beside them."""
    with serving(crossings_serve(built.archive.root, "--workers", "2"), "/healthz") as served:
        assert httpx.get(f"{served.base}/api/search", params={"q": "police"}).status_code == 200
        started, searching = children(served.process.pid), search_processes(served.process.pid)
    assert not [command for command in started.values() if b"resource_tracker" in command]
    assert set(started) == searching and len(searching) == 2


def test_search_processes_end_with_the_server(built: Built) -> None:
    with serving(crossings_serve(built.archive.root, "--workers", "2"), "/healthz") as served:
        assert httpx.get(f"{served.base}/api/search", params={"q": "police"}).status_code == 200
        children = search_processes(served.process.pid)
        assert len(children) == 2
        served.process.kill()  # SIGKILL: no shutdown code runs in the server
        served.process.wait(timeout=15)
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in children if alive(pid)]


def alive(pid: int) -> bool:
    """Whether process *pid* still runs (a zombie waiting for its parent does not)."""
    try:
        return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
