"""A document that breaks LaTeX is named, the build exits 1, and TeX stays inside the build folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from crossings.cli import main
from crossings.errors import CrossingsError
from crossings.publish.pdf import TEX_ENV, build_pdf
from crossings.publish.texlog import document_at, first_error
from tests.proceedings.archive import document, make_archive
from tests.proceedings.conftest import needs_tex

# Formulas can no longer break LaTeX or read files (crossings.sphinx.mathtex); another
# extension's directive still could (tests/proceedings/texprobe.py), and must be named too.
PROBE = 'extensions.append("tests.proceedings.texprobe")\n'
BROKEN = document(
    "broken",
    "A broken paper",
    "paper",
    "en",
    "Before.\n\n```{tex-probe}\n\\crossingsnosuchmacro{x}\n```\n\nAfter.",
)
# TeX may try to read outside the build folder; openin_any=p must refuse it.
PRYING = document(
    "prying", "A prying paper", "paper", "en", "Look:\n\n```{tex-probe}\n\\input{/etc/hostname}\n```"
)


def with_probe(root: Path) -> None:
    """Add the tex-probe directive to the archive's conf.py."""
    conf = root / "conf.py"
    conf.write_text(conf.read_text("utf-8") + PROBE, encoding="utf-8")


@pytest.mark.slow
@needs_tex
def test_broken_document_is_named_and_exit_is_1(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive", {"broken": BROKEN})
    with_probe(archive.root)
    result = CliRunner().invoke(main, ["build", "pdf", "--archive", str(archive.root)])
    assert result.exit_code == 1
    assert "documents/broken" in result.output
    assert "Undefined control sequence" in result.output
    assert "proceedings.log" in result.output
    assert len(result.output.splitlines()) < 15


@pytest.mark.slow
@needs_tex
def test_tex_cannot_read_outside_the_build_folder(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive", {"prying": PRYING})
    with_probe(archive.root)
    with pytest.raises(CrossingsError, match="documents/prying"):
        build_pdf(archive, "public", "en")
    log = (archive.root / "build/public/latex/en/proceedings.log").read_text(
        encoding="utf-8", errors="replace"
    )
    # Without openin_any=p, xelatex reads the file and the build succeeds ("(/etc/hostname)" in the log).
    assert "File `/etc/hostname.tex' not found" in log
    assert "(/etc/hostname)" not in log


def test_sandbox_settings() -> None:
    assert TEX_ENV["openin_any"] == TEX_ENV["openout_any"] == "p"
    assert TEX_ENV["shell_escape"] == "f"
    assert "-no-shell-escape" in TEX_ENV["LATEXOPTS"]


def test_error_is_traced_to_the_document() -> None:
    log = "junk\n./proceedings.tex:5: Undefined control sequence.\nl.5 \\foo\n"
    tex = "a\n%% crossings-document: documents/x\nb\nc\n\\foo\n%% crossings-document-end\n"
    error = first_error(log)
    assert error is not None and error.line == 5 and error.context == "\\foo"
    assert document_at(tex, 5) == "documents/x"
    assert document_at(tex, 6) == ""
    assert document_at(tex, 1) == ""
