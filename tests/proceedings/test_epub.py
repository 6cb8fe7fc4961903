"""The e-book proceedings: one EPUB with the book's structure that epubcheck accepts."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from crossings.build.epub import build_epub, epubcheck_command
from tests.proceedings.archive import SECRET, TC_SENTENCE, make_archive


@pytest.mark.slow
@pytest.mark.skipif(epubcheck_command() is None, reason="epubcheck (Debian package) and java are needed")
def test_epub_passes_epubcheck_with_structure(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive")
    result, epub = build_epub(archive, "public", "en")  # raises if epubcheck reports errors
    with zipfile.ZipFile(epub) as book:
        names = book.namelist()
        nav = book.read("nav.xhtml").decode("utf-8")
        opf = book.read("content.opf").decode("utf-8")
        text = "".join(book.read(n).decode("utf-8") for n in names if n.endswith(".xhtml"))
    assert nav.index("Opening remarks") < nav.index("香港報告") < nav.index("Handbook for outreach")
    assert "<dc:publisher>Zi Teng</dc:publisher>" in opf and "<dc:language>en</dc:language>" in opf
    assert 'properties="cover-image"' in opf or 'name="cover"' in opf
    assert TC_SENTENCE in text
    assert SECRET not in text
    assert result.warnings is not None
