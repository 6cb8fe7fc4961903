"""Fixtures: the proceedings test archive, built once per module as PDF (public and internal)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from crossings.archive import Archive
from crossings.publish.pdf import PdfResult, build_pdf
from tests.proceedings.archive import make_archive

needs_tex = pytest.mark.skipif(
    not (shutil.which("xelatex") and shutil.which("latexmk") and shutil.which("pdftotext")),
    reason="xelatex, latexmk and poppler-utils are needed",
)


@pytest.fixture(scope="module")
def book_archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """The test archive (one per test module: builds write into it)."""
    return make_archive(tmp_path_factory.mktemp("proceedings") / "archive")


@pytest.fixture(scope="module")
def public_pdf(book_archive: Archive) -> PdfResult:
    """The public edition's PDF in English."""
    return build_pdf(book_archive, "public", "en")


def pdf_text(pdf: Path) -> str:
    """The text layer of *pdf* (pdftotext, reading order)."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
