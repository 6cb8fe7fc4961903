"""What each process of ``crossings serve`` imports: the server process answers pages and hands
searches to search processes, so neither needs Sphinx (about 30 MB of memory per process), and
search processes need no web framework, nor the event loop."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.web.conftest import Built

SPHINX_STACK = ("sphinx", "docutils", "myst_parser", "markdown_it", "PIL", "babel", "jinja2", "pygments")
WEB_STACK = ("starlette", "uvicorn", "anyio")


def imported(module: str) -> set[str]:
    """The top-level packages a fresh interpreter holds after importing *module*."""
    code = f"import json, sys, {module}; print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout))


@pytest.mark.parametrize("module", ["crossings.web.factory", "crossings.web.app", "crossings.web.workers"])
def test_serving_imports_no_sphinx(module: str) -> None:
    assert imported(module).isdisjoint(SPHINX_STACK)


def test_search_processes_import_no_web_framework() -> None:
    assert imported("crossings.web.workers").isdisjoint(WEB_STACK)


def test_search_processes_import_no_event_loop() -> None:
    """A search process reads its socket plainly: asyncio (with ssl, which it imports) would
    cost each search process 3.6 MB of private memory. What it runs, and the search stack it
    loads, leave the event loop's modules out."""
    loaded = imported("crossings.web.searchprocess, crossings.search.api, crossings.search.indexing.index")
    assert "asyncio" not in loaded and "concurrent" not in loaded


SEARCH_STACK = (
    "numpy",
    "whoosh.codec",
    "whoosh.index",
    "crossings.search.api",
    "crossings.search.indexing.index",
)


def test_a_server_with_search_processes_never_loads_the_search_stack(built: Built) -> None:
    """With search processes the server process lists languages, forwards searches and reports
    their counts; it searches nothing itself, so numpy, Whoosh's codec and the engine (about 13 MB
    of its memory) stay out of it, through a search, a facets request and /healthz."""
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from starlette.testclient import TestClient\n"
        "from crossings.archive import Archive\n"
        "from crossings.web.app import create_app\n"
        f"app = create_app(Archive.at(Path({str(built.archive.root)!r})), search_workers=2)\n"
        "with TestClient(app) as client:\n"
        "    answers = [client.get('/api/search', params={'q': 'police'}).json()['total'],\n"
        "               client.get('/api/facets', params={'q': 'police'}).status_code,\n"
        "               client.get('/healthz').json()['engine']['fast_reads']]\n"
        f"print(json.dumps([answers, [m for m in {SEARCH_STACK!r} if m in sys.modules]]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    (total, facets, fast_reads), loaded = json.loads(done.stdout.splitlines()[-1])
    assert total > 0 and facets == 200 and fast_reads > 0  # the search processes did search
    assert loaded == []
