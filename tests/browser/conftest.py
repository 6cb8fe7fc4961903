"""Fixtures: the demo archive in its four languages, served by `crossings serve` and by a static server."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.chromium import chromium, require_chromium
from tests.serving import CROSSINGS, crossings_serve, serving

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
DEMO_PARTS = ("reports", "vocabularies", "locales", "search", "source", "conf.py", "redactions.csv")
LANGUAGES = ("en", "zh-Hant", "zh-Hans", "th", "vi")
# What Quick exit leaves for: any address off this machine (the tests answer it themselves).
NEUTRAL = re.compile(r"^https?://(?!127\.0\.0\.1)")
START_PAGE = "<!doctype html><title>Recipes</title><p>Rice, water, salt.</p>"


def copy_demo(root: Path, *, ingested: bool = True) -> Path:
    """Copy the repository's demo archive into *root* (its own source files and settings; with
    *ingested* False, without the ingested ``source/documents/``, so ingest makes it anew)."""
    ignore = None if ingested else shutil.ignore_patterns("documents")
    root.mkdir(parents=True, exist_ok=True)
    for part in DEMO_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, root / part)
    return root


def run(*args: str) -> None:
    """Run a crossings command, failing the fixture with its output if it fails."""
    result = subprocess.run([CROSSINGS, *args], capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        pytest.fail(f"crossings {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo archive, ingested, built in every interface language, and indexed."""
    require_chromium()
    root = tmp_path_factory.mktemp("demo")
    copy_demo(root)
    run("ingest", "--archive", str(root))
    for lang in LANGUAGES:
        run("build", "html", "--lang", lang, "--archive", str(root))
    run("index", "--lang", "all", "--archive", str(root))
    return root


@pytest.fixture(scope="session")
def server(demo: Path) -> Iterator[str]:
    """The base URL of `crossings serve` over the demo, with two search processes as in production."""
    with serving(crossings_serve(demo, "--workers", "2"), "/healthz") as served:
        yield served.base


@pytest.fixture(scope="session")
def static_server(demo: Path) -> Iterator[str]:
    """The same built site on a plain static server: no /api at all."""
    command = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1"]
    with serving(command, "/en/index.html", cwd=demo / "build" / "public" / "html") as served:
        yield served.base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (no browser download).

    Module-scoped: Playwright's sync API allows one running instance per thread, so each test
    module starts and stops its own.
    """
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def start_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A plain page on another origin: what the reader had open before the archive."""
    folder = tmp_path_factory.mktemp("start")
    (folder / "start.html").write_text(START_PAGE, encoding="utf-8")
    command = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1"]
    with serving(command, "/start.html", cwd=folder) as served:
        yield served.base + "/start.html"


class Outside:
    """Answers every request that would leave 127.0.0.1 with a neutral page, noting each."""

    def __init__(self) -> None:
        self.answered: list[str] = []

    def __call__(self, route: Any) -> None:
        self.answered.append(route.request.url)
        route.fulfill(
            status=200, content_type="text/html", body="<title>Neutral</title><p>Weather: sunny.</p>"
        )


@pytest.fixture
def outside() -> Outside:
    """The stand-in for the neutral sites."""
    return Outside()
