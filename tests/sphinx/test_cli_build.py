"""`crossings build html` from the command line."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import CliRunner

from crossings.archive import Archive
from crossings.cli import main

pytestmark = pytest.mark.slow


def test_build_html_prints_where_the_site_is(make_root: Callable[[str], Archive]) -> None:
    archive = make_root("site")
    result = CliRunner().invoke(main, ["build", "html", "--archive", str(archive.root)])
    assert result.exit_code == 0, result.output
    index = archive.root / "build/public/html/en/index.html"
    assert str(index) in result.output
    assert index.is_file()


def test_build_failure_exits_1_with_the_reason(make_root: Callable[[str], Archive]) -> None:
    archive = make_root("site")
    (archive.root / "conf.py").write_text("extensions = ['no_such_extension_module']\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "html", "--archive", str(archive.root)])
    assert result.exit_code == 1
    assert "no_such_extension_module" in result.output
    assert "html build of public/en failed" in result.output


def test_not_an_archive_exits_1(tmp_path: object) -> None:
    result = CliRunner().invoke(main, ["build", "--archive", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a crossings archive" in result.output
