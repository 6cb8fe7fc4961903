"""Build the Sphinx test roots (tests/roots/test-*) in temporary folders with crossings.publish."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from crossings.archive import Archive
from crossings.publish.sphinx_build import BuildResult, build_site

ROOTS = Path(__file__).resolve().parent.parent / "roots"


def copy_root(name: str, dest: Path) -> Archive:
    """A copy of tests/roots/test-<name> at *dest*."""
    shutil.copytree(ROOTS / f"test-{name}", dest)
    return Archive.at(dest)


@pytest.fixture
def make_root(tmp_path: Path) -> Callable[[str], Archive]:
    """Copy a test root into tmp_path (call with its name, e.g. 'site')."""

    def make(name: str) -> Archive:
        return copy_root(name, tmp_path / name)

    return make


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The test-site root built once (public edition, English) for the read-only checks of a module."""
    archive = copy_root("site", tmp_path_factory.mktemp("site") / "archive")
    return build_site(archive)
