"""What each process of ``crossings serve`` imports: the server process answers pages and hands
searches to search processes, so neither needs Sphinx (about 30 MB of memory per process), and
search processes need no web framework."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

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
