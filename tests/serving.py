"""Servers as real processes on 127.0.0.1 for the tests: `crossings serve` or a static server."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx
import pytest

CROSSINGS = str(Path(sys.executable).parent / "crossings")


@dataclass
class Served:
    """A running server: its base URL, its process, and (once stopped) what it printed."""

    base: str
    process: subprocess.Popen[bytes]
    output: str = ""


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serving(command: list[str], ready_path: str, cwd: Path | None = None) -> Iterator[Served]:
    """Run a server *command* that takes the port as its last argument; yield it once
    *ready_path* answers 200, stop it afterwards. Its output goes to a file, never to a pipe
    nobody reads (a full pipe would block the server), and is kept in ``output``."""
    port = free_port()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [*command, str(port)],
            cwd=cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        served = Served(f"http://127.0.0.1:{port}", process)
        try:
            wait_until_up(served.base + ready_path, process, log)
            yield served
        finally:
            process.terminate()
            process.wait(timeout=15)
            log.seek(0)
            served.output = log.read().decode("utf-8", "replace")


def crossings_serve(archive: Path, *options: str) -> list[str]:
    """The `crossings serve` command over *archive*, ready for :func:`serving`."""
    return [CROSSINGS, "serve", "--archive", str(archive), *options, "--port"]


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: IO[bytes] | None = None) -> None:
    """Poll *url* until the server answers 200 (or fail with its output)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited: {_printed(log)}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail(f"{url} did not answer within 30 s: {_printed(log)}")


def _printed(log: IO[bytes] | None) -> str:
    """What the server wrote to its log file so far."""
    if log is None:
        return ""
    log.seek(0)
    return log.read().decode("utf-8", "replace")
