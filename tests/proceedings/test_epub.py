"""The e-book proceedings: one EPUB with the book's structure that epubcheck accepts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from crossings.publish.epub import build_epub, epubcheck_command
from tests.proceedings.archive import LINK_TEXT, SECRET, TC_SENTENCE, make_archive


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
    assert "<dc:publisher>Sample Press</dc:publisher>" in opf and "<dc:language>en</dc:language>" in opf
    assert 'properties="cover-image"' in opf or 'name="cover"' in opf
    assert TC_SENTENCE in text
    assert SECRET not in text
    assert result.warnings is not None


# Attributes through which an e-book page links or loads (namespaced ones by their local name).
LINKING = {"href", "src", "srcset", "action", "formaction", "poster", "data", "cite"}
XHTML_MEMBERS = (".xhtml", ".html", ".htm", ".ncx", ".opf", ".svg")


def links_of(member: bytes) -> list[str]:
    """Every linking attribute value in one XML member of the book, parsed with a real XML parser."""
    found = []
    for element in ET.fromstring(member).iter():
        for name, value in element.attrib.items():
            if name.rsplit("}", 1)[-1] in LINKING:
                found.extend(value.split(",") if name.endswith("srcset") else [value])
    return [value.strip() for value in found if value.strip()]


@pytest.mark.slow
def test_epub_has_no_quick_exit_and_no_link_outside_the_book(tmp_path: Path) -> None:
    _result, epub = build_epub(make_archive(tmp_path / "archive"), "public", "en")
    with zipfile.ZipFile(epub) as book:
        members = {name: book.read(name) for name in book.namelist() if name.endswith(XHTML_MEMBERS)}
    assert "documents/handbook.xhtml" in members
    links = {name: links_of(data) for name, data in members.items()}
    outside = {name: [u for u in found if outside_the_book(u)] for name, found in links.items()}
    assert {name: found for name, found in outside.items() if found} == {}
    text = b"".join(members.values()).decode("utf-8")
    assert "Quick exit" not in text and "crossings-quick-exit" not in text and "<script" not in text
    # The links' words stay, and so do links inside the book.
    handbook = members["documents/handbook.xhtml"].decode("utf-8")
    assert LINK_TEXT in handbook and "https://example.org/crossings/handbook" in handbook
    assert any(u.startswith("opening.xhtml") for u in links["documents/handbook.xhtml"])


def outside_the_book(url: str) -> bool:
    """True for a URL with a scheme (https:, mailto:...) or a protocol-relative //host."""
    return bool(re.match(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)", url))


@pytest.mark.slow
def test_the_book_ends_with_its_own_indices_not_the_sites_pages_by_country_and_theme(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive")
    stale = archive.root / "build/public/epub/en/crossings-countries.xhtml"
    stale.parent.mkdir(parents=True)
    stale.write_text("<html/>", encoding="utf-8")  # as an earlier build left it: every file is packed
    _result, epub = build_epub(archive, "public", "en")
    with zipfile.ZipFile(epub) as book:
        names = book.namelist()
        opf = ET.fromstring(book.read("content.opf"))
    assert not [name for name in names if name.startswith(("crossings-countries", "crossings-themes"))]
    ns = {"opf": "http://www.idpf.org/2007/opf"}
    hrefs = {item.get("id"): item.get("href") for item in opf.iterfind(".//opf:manifest/opf:item", ns)}
    reading = [
        hrefs[ref.get("idref")]
        for ref in opf.iterfind(".//opf:spine/opf:itemref", ns)
        if ref.get("linear") != "no"
    ]
    assert reading[-1] == "book/index-names.xhtml", reading
