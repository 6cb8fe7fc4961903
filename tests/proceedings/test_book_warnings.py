"""The proceedings (LaTeX, EPUB) build without warnings that do not apply to them."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossings.publish.pdf import sphinx_latex, write_book
from crossings.publish.sphinx_build import build_site
from tests.proceedings.archive import make_archive


@pytest.mark.slow
def test_thai_latex_has_no_babel_warning(tmp_path: Path) -> None:
    result = sphinx_latex(make_archive(tmp_path / "archive"), "public", "th")  # the .tex, no xelatex
    assert (result.outdir / "proceedings.tex").is_file()
    assert not [w for w in result.warnings if "Babel" in w], result.warnings


@pytest.mark.slow
def test_the_ebook_leaves_the_site_home_page_out_without_a_warning(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive")
    result = build_site(archive, "epub", "public", "en", prepare=write_book(archive, "en"))
    assert list(result.outdir.glob("*.epub"))
    assert not [w for w in result.warnings if "toctree" in w], result.warnings
