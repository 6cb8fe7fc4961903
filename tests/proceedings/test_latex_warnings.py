"""Building the proceedings' LaTeX in Thai warns about nothing that does not apply."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossings.build.pdf import sphinx_latex
from tests.proceedings.archive import make_archive


@pytest.mark.slow
def test_thai_latex_has_no_babel_warning(tmp_path: Path) -> None:
    result = sphinx_latex(make_archive(tmp_path / "archive"), "public", "th")  # the .tex, no xelatex
    assert (result.outdir / "proceedings.tex").is_file()
    assert not [w for w in result.warnings if "Babel" in w], result.warnings
