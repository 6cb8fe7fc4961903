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


def test_build_html_says_why_there_is_no_sitemap(make_root: Callable[[str], Archive]) -> None:
    archive = make_root("site")
    conf = archive.root / "conf.py"
    with_base = conf.read_text("utf-8")
    conf.write_text(with_base.replace("crossings_base_url =", "# crossings_base_url ="), "utf-8")
    result = CliRunner().invoke(main, ["build", "html", "--archive", str(archive.root)])
    assert result.exit_code == 0, result.output
    assert "sitemap.xml not written: crossings_base_url is not set" in result.output
    assert "WARNING" not in result.output  # a note, not a warning of the build
    conf.write_text(with_base, "utf-8")
    again = CliRunner().invoke(main, ["build", "html", "--archive", str(archive.root)])
    assert again.exit_code == 0 and "sitemap.xml not written" not in again.output
    # Crawlers read robots.txt at the archive's root: it names each language site's sitemap.
    robots = (archive.edition_dir("public") / "html" / "robots.txt").read_text("utf-8")
    assert "Sitemap: https://archive.example.org/test/en/sitemap.xml" in robots.splitlines()
