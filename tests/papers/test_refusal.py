"""`crossings build papers` needs the site of the language: it says so, and what to run."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from crossings.cli import main
from crossings.cli.build import TARGETS


def test_papers_is_a_target_of_build_all() -> None:
    assert list(TARGETS)[-1] == "papers"  # after html: each PDF goes beside its page


def test_refused_before_the_site_is_built(empty_archive: Path) -> None:
    result = CliRunner().invoke(main, ["build", "papers", "--lang", "en", "--archive", str(empty_archive)])
    assert result.exit_code == 1
    assert "the public site in en is not built" in result.output
    assert "crossings build html --lang en --edition public" in result.output
    assert not (empty_archive / "build" / "public" / "papers").exists()
