"""XML parts declared in UTF-16, ISO-8859-1 or windows-1252 are read as declared: the text arrives,
hidden text stays out, comments are still reported; an encoding that is no text encoding is refused."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from odf.opendocument import OpenDocumentText
from odf.text import P

from crossings.catalog.model import DocumentMeta
from crossings.ingest.convert import convert
from crossings.ingest.errors import IngestError
from crossings.ingest.parts import utf8_package
from tests.ingest.inputs import make_zip

CODECS = {"UTF-16": "utf-16", "ISO-8859-1": "latin-1", "windows-1252": "cp1252"}
COMMENTS = (
    '<?xml version="1.0" encoding="UTF-8"?><w:comments '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:comment w:id="0" w:author="A"><w:p><w:r><w:t>Réviser</w:t></w:r></w:p></w:comment></w:comments>'
)


def _recode(xml: bytes, declared: str) -> bytes:
    text = re.sub(r"^<\?xml[^>]*\?>\s*", "", xml.decode("utf-8"))
    head = f'<?xml version="1.0" encoding="{declared}" standalone="yes"?>\n'
    return (head + text).encode(CODECS.get(declared, "ascii"), "xmlcharrefreplace")


def _package(data: bytes, parts: tuple[str, ...], declared: str, extra: dict[str, bytes]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        entries = {info.filename: package.read(info) for info in package.infolist()} | extra
    return make_zip({name: _recode(xml, declared) if name in parts else xml for name, xml in entries.items()})


def _docx(declared: str) -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph("Café visible, Nguyễn. ")
    paragraph.add_run("SECRET NOTE").font.hidden = True
    out = io.BytesIO()
    document.save(out)
    parts = ("word/document.xml", "word/styles.xml", "docProps/core.xml", "word/comments.xml")
    return _package(out.getvalue(), parts, declared, {"word/comments.xml": COMMENTS.encode()})


def _odt(declared: str, parts: tuple[str, ...] = ("content.xml", "styles.xml", "meta.xml")) -> bytes:
    document = OpenDocumentText()
    document.text.addElement(P(text="Café odt, Nguyễn."))
    out = io.BytesIO()
    document.write(out)
    return _package(out.getvalue(), parts, declared, {})


def _convert(data: bytes, name: str, tmp_path: Path) -> tuple[str, list[str]]:
    meta = DocumentMeta(id="enc", title="Encodings", type="paper", file=name)
    converted = convert(data, tmp_path, f"reports/{name}", meta, now="2001-01-01T00:00:00Z")
    return converted.body, converted.warnings


@pytest.mark.parametrize("declared", list(CODECS))
def test_word_parts_in_any_declared_encoding(declared: str, tmp_path: Path) -> None:
    body, warnings = _convert(_docx(declared), "enc.docx", tmp_path)
    assert "Café visible, Nguyễn." in body and "SECRET" not in body
    assert "1 run of hidden text left out (hidden in Word; not published)" in warnings
    assert "comments dropped (reviewers' comments are not published)" in warnings


@pytest.mark.parametrize("declared", list(CODECS))
def test_opendocument_parts_in_any_declared_encoding(declared: str, tmp_path: Path) -> None:
    body, _ = _convert(_odt(declared), "enc.odt", tmp_path)
    assert "Café odt, Nguyễn." in body


@pytest.mark.parametrize("declared", ["unicode-escape", "rot13", "no-such-codec"])
def test_an_encoding_that_is_not_text_is_refused_by_part(declared: str, tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        _convert(_odt(declared, ("content.xml",)), "enc.odt", tmp_path)
    part = f"reports/enc.odt: part 'content.xml' declares the encoding {declared!r}"
    assert str(caught.value).startswith(f"{part}, which is unknown or not a text encoding")


def test_epub_chapters_in_utf16(tmp_path: Path) -> None:
    from tests.ingest.inputs import pandoc_document

    with zipfile.ZipFile(io.BytesIO(pandoc_document("epub"))) as package:
        entries = {info.filename: package.read(info) for info in package.infolist()}
    chapter = (
        entries["EPUB/text/ch001.xhtml"].decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    )
    entries["EPUB/text/ch001.xhtml"] = chapter.encode("utf-16")
    body, _ = _convert(make_zip(entries), "book.epub", tmp_path)
    assert "Sex workers crossing from **Thailand**" in body


def test_a_part_that_lies_about_being_utf8_gets_advice_for_its_format(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Caf\u00e9")
    out = io.BytesIO()
    document.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as package:
        entries = {info.filename: package.read(info) for info in package.infolist()}
    entries["word/document.xml"] = entries["word/document.xml"].replace(
        "Café".encode(), "Café".encode("latin-1")
    )
    with pytest.raises(IngestError) as caught:
        _convert(make_zip(entries), "lies.docx", tmp_path)
    message = str(caught.value)
    assert message.startswith("reports/lies.docx: a part of the Word file is not UTF-8 text as it declares (")
    assert "encoding column" not in message and "save it again" in message


def test_a_utf8_part_that_declares_utf16_is_read_as_utf8(tmp_path: Path) -> None:
    document = OpenDocumentText()
    document.text.addElement(P(text="Café odt, Nguyễn."))
    out = io.BytesIO()
    document.write(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as package:
        entries = {info.filename: package.read(info) for info in package.infolist()}
    entries["content.xml"] = entries["content.xml"].replace(b"encoding='UTF-8'", b'encoding="UTF-16"', 1)
    assert b'encoding="UTF-16"' in entries["content.xml"]
    body, _ = _convert(make_zip(entries), "lies.odt", tmp_path)
    assert "Café odt, Nguyễn." in body


def test_a_recoded_package_keeps_each_entry_as_it_was(tmp_path: Path) -> None:
    """Re-encoding a part rewrites the zip: an OpenDocument's mimetype must stay its first entry,
    stored uncompressed (what readers of the format check), and no entry may change method."""
    document = OpenDocumentText()
    document.text.addElement(P(text="Café odt, Nguyễn."))
    out = io.BytesIO()
    document.write(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as package:
        methods = {info.filename: info.compress_type for info in package.infolist()}
        entries = [(info, package.read(info)) for info in package.infolist()]
    assert methods["mimetype"] == zipfile.ZIP_STORED
    latin = io.BytesIO()
    with zipfile.ZipFile(latin, "w") as target:
        for info, data in entries:
            target.writestr(info, _recode(data, "ISO-8859-1") if info.filename == "content.xml" else data)
    recoded = utf8_package(latin.getvalue())
    assert recoded != latin.getvalue()
    with zipfile.ZipFile(io.BytesIO(recoded)) as package:
        assert package.infolist()[0].filename == "mimetype"
        assert {info.filename: info.compress_type for info in package.infolist()} == methods
        assert b'encoding="UTF-8"' in package.read("content.xml")
