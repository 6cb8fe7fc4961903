"""`crossings serve` as a real process, queried over 127.0.0.1 with httpx and a raw socket."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.web.conftest import Built

CROSSINGS = str(Path(sys.executable).parent / "crossings")


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(built: Built) -> Iterator[str]:
    """The base URL of a running `crossings serve` over the built archive."""
    port = free_port()
    process = subprocess.Popen(
        [CROSSINGS, "serve", "--archive", str(built.archive.root), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/healthz", process)
        yield base
    finally:
        process.terminate()
        output = process.communicate(timeout=15)[0].decode("utf-8", "replace")
        assert "police" not in output  # queries are not logged by default


def wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    """Poll *url* until the server answers 200 (or fail with its output)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.communicate()[0]
            pytest.fail(f"the server exited: {output.decode() if output else ''}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail(f"{url} did not answer within 30 s")


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


def search_processes(server_pid: int) -> set[int]:
    """The live processes whose parent is *server_pid* and that run a multiprocessing child."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if f"\nPPid:\t{server_pid}\n" in status and b"spawn_main" in command and "State:\tZ" not in status:
            found.add(int(entry.name))
    return found


def test_search_processes_end_with_the_server(built: Built) -> None:
    port = free_port()
    process = subprocess.Popen(
        [CROSSINGS, "serve", "--archive", str(built.archive.root), "--port", str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", process)
        assert httpx.get(f"http://127.0.0.1:{port}/api/search", params={"q": "police"}).status_code == 200
        children = search_processes(process.pid)
        assert len(children) == 2
    finally:
        process.kill()  # SIGKILL: no shutdown code runs in the server
        process.wait(timeout=15)
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
