"""Fixtures: the demo archive built (en and th), served by `crossings serve` and by a plain static server."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.test_real_server import CROSSINGS, free_port, wait_until_up

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
DEMO_PARTS = ("reports", "vocabularies", "locales", "search", "source", "conf.py", "redactions.csv")
LANGUAGES = ("en", "th")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def run(*args: str) -> None:
    """Run a crossings command, failing the fixture with its output if it fails."""
    result = subprocess.run([CROSSINGS, *args], capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        pytest.fail(f"crossings {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo archive, ingested, built in English and Thai, and indexed."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI; `make test` installs it (scripts/test-packages.txt)")
        pytest.skip("Chromium is not installed; run scripts/install-browser.sh")
    pytest.importorskip("playwright.sync_api", reason="playwright is in the test extras")
    root = tmp_path_factory.mktemp("demo")
    for part in DEMO_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, root / part)
        elif source.is_file():
            shutil.copy2(source, root / part)
    run("ingest", "--archive", str(root))
    for lang in LANGUAGES:
        run("build", "html", "--lang", lang, "--archive", str(root))
    run("index", "--lang", "all", "--archive", str(root))
    return root


@contextlib.contextmanager
def serving(command: list[str], ready_path: str, cwd: Path | None = None) -> Iterator[str]:
    """Run a server *command* that takes the port as its last argument; yield its base URL once
    *ready_path* answers, and stop it afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [*command, str(port)], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + ready_path, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.fixture(scope="session")
def server(demo: Path) -> Iterator[str]:
    """The base URL of `crossings serve` over the demo, with two search processes as in production."""
    with serving(
        [CROSSINGS, "serve", "--archive", str(demo), "--workers", "2", "--port"], "/healthz"
    ) as base:
        yield base


@pytest.fixture(scope="session")
def static_server(demo: Path) -> Iterator[str]:
    """The same built site on a plain static server: no /api at all."""
    command = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1"]
    with serving(command, "/en/index.html", cwd=demo / "build" / "public" / "html") as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (no browser download).

    Module-scoped: Playwright's sync API allows one running instance per thread, so each test
    module starts and stops its own.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
