"""A picture or link a book cannot hold is left out of it with a warning; the book is still built.

Word files and web pages hold GIF, TIFF and EMF pictures (ingest keeps them), an editor may delete
a picture a page still names or mistype an anchor: the site shows each as a broken image or link,
and before, xelatex or epubcheck stopped the whole PDF or EPUB for it.
"""

from __future__ import annotations

import base64
import zipfile

import pytest

from crossings.archive import Archive
from crossings.publish.epub import build_epub, epubcheck_command
from crossings.publish.pdf import build_pdf
from tests.proceedings.archive import document, make_archive
from tests.proceedings.conftest import needs_tex, pdf_text

pytestmark = pytest.mark.slow

GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
# The first bytes of an Enhanced Metafile (EMR_HEADER, " EMF" signature): what Word keeps a chart as.
EMF = b"\x01\x00\x00\x00\x6c\x00\x00\x00" + b"\x00" * 32 + b" EMF" + b"\x00" * 64
GAPS = document(
    "gaps",
    "Pictures and anchors",
    "paper",
    "en",
    "A logo: ![the sample logo](gaps/image-1.gif)\n\n"
    "A chart: ![the chart of arrivals](gaps/image-2.emf)\n\n"
    "A photo: ![the deleted photo](gaps/photo.png)\n\n"
    "See [the missing table](#_Ref12345) and [a heading of the opening](opening.md#no-such-heading).\n",
    session="s2-routes",
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """The proceedings test archive with the document above and its two pictures (not the photo)."""
    built = make_archive(tmp_path_factory.mktemp("gaps") / "archive", {"gaps": GAPS})
    media = built.source / "documents" / "gaps"
    media.mkdir()
    (media / "image-1.gif").write_bytes(GIF)
    (media / "image-2.emf").write_bytes(EMF)
    return built


def book_warnings(warnings: list[str]) -> list[str]:
    """The warnings of the books' own gap filler."""
    return [line for line in warnings if "[crossings.book]" in line]


@needs_tex
def test_the_pdf_is_built_with_the_alt_text_of_what_it_cannot_show(archive: Archive) -> None:
    result = build_pdf(archive, "public", "en")
    text = " ".join(pdf_text(result.pdf).split())
    for alt in ("the sample logo", "the chart of arrivals", "the deleted photo"):
        assert alt in text
    assert "See the missing table and a heading of the opening." in text
    found = book_warnings(result.warnings)
    assert len(found) == 4, found  # three pictures, the anchor of the page (LaTeX ignores the other)
    assert all("gaps.md:" in line for line in found)
    assert any("GIF pictures: save it as PNG or JPEG" in line for line in found)
    assert any("its file is missing" in line for line in found)


@pytest.mark.skipif(epubcheck_command() is None, reason="epubcheck (Debian package) and java are needed")
def test_the_epub_passes_epubcheck_with_what_it_can_show(archive: Archive) -> None:
    result, epub = build_epub(archive, "public", "en")  # raises if epubcheck reports errors
    with zipfile.ZipFile(epub) as book:
        page = book.read("documents/gaps.xhtml").decode("utf-8")
        names = book.namelist()
    assert '<img alt="the sample logo"' in page and any(name.endswith(".gif") for name in names)
    assert "the chart of arrivals" in page and "image-2.emf" not in page + " ".join(names)
    assert "the deleted photo" in page and "photo.png" not in page
    assert "_Ref12345" not in page and "no-such-heading" not in page
    found = book_warnings(result.warnings)
    assert len(found) == 4, found  # the EMF and the missing photo, and both anchors
    assert any("#no-such-heading" in line for line in found)
