"""check_zip() refuses hostile or damaged containers before pandoc sees them, and passes real documents."""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
from pathlib import Path

import pypandoc
import pytest

from crossings.ingest import containers
from crossings.ingest.containers import check_zip
from crossings.ingest.errors import IngestError
from tests.ingest.inputs import (
    BILLION_LAUGHS,
    libreoffice_convert,
    make_zip,
    pandoc_document,
    pandoc_file,
    rename_entry_bytes,
    replace_entry,
)


@pytest.mark.parametrize("fmt", ["docx", "odt", "epub"])
def test_pandoc_documents_pass(fmt: str) -> None:
    check_zip(pandoc_document(fmt), f"reports/a.{fmt}")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_libreoffice_documents_pass(fmt: str, tmp_path: Path) -> None:
    made = libreoffice_convert(pandoc_file("docx", tmp_path), fmt, tmp_path / "out")
    check_zip(made.read_bytes(), f"reports/a.{fmt}")


@pytest.mark.slow
def test_repetitive_real_document_passes(tmp_path: Path) -> None:
    # A long table of identical cells compresses about 200:1 (measured); it is a document, not a bomb.
    target = tmp_path / "table.docx"
    table = "| a | b |\n|---|---|\n" + "| same text | same text |\n" * 8000
    pypandoc.convert_text(table, "docx", format="commonmark_x", outputfile=str(target))
    with zipfile.ZipFile(target) as archive:
        body = archive.getinfo("word/document.xml")
    assert body.file_size > containers.RATIO_FLOOR
    assert body.file_size / body.compress_size > 150
    check_zip(target.read_bytes(), "reports/table.docx")


def test_zip_bomb() -> None:
    bomb = replace_entry(pandoc_document("docx"), "word/media/image1.png", b"\x00" * (40 * 2**20))
    with pytest.raises(IngestError, match=r"entry 'word/media/image1.png' is compressed [\d,]+:1 .*zip bomb"):
        check_zip(bomb, "reports/bomb.docx")


def test_total_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(containers, "MAX_TOTAL_BYTES", 1000)
    with pytest.raises(IngestError, match="unpack to more than"):
        check_zip(pandoc_document("docx"), "reports/a.docx")


def test_declared_size_cannot_lie() -> None:
    # Shrink the declared size of document.xml in both headers: reading stops there and the CRC fails.
    data = bytearray(make_zip({"word/document.xml": b"<w:document>" + b"x" * 5000 + b"</w:document>"}))
    real = struct.pack("<I", 5025)
    assert data.count(real) == 2
    data[:] = data.replace(real, struct.pack("<I", 100))
    with pytest.raises(IngestError, match=r"reports/l\.docx: damaged zip container"):
        check_zip(bytes(data), "reports/l.docx")


def test_sixty_thousand_entries() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for number in range(60_000):
            archive.writestr(f"word/e{number}.xml", b"")
    with pytest.raises(IngestError, match=r"reports/many\.docx: the zip container holds 60,000 entries"):
        check_zip(buffer.getvalue(), "reports/many.docx")


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("../evil.xml", "climbs out of the container"),
        ("word/../../evil.xml", "climbs out of the container"),
        ("/etc/evil.xml", "has an absolute path"),
        ("C:/evil.xml", "has an absolute path"),
        ("word\\evil.xml", "has a backslash"),
    ],
)
def test_unsafe_entry_names(name: str, problem: str) -> None:
    data = make_zip({"[Content_Types].xml": b"<Types/>", name: b"<x/>"})
    with pytest.raises(
        IngestError, match=f"reports/n.docx: entry {name!r}".replace("\\", "\\\\") + f" {problem}"
    ):
        check_zip(data, "reports/n.docx")


def test_nul_in_entry_name() -> None:
    data = rename_entry_bytes(
        make_zip({"word/evil.xml.png": b"<x/>"}), b"word/evil.xml.png", b"word/evil.xml\x00png"
    )
    with pytest.raises(IngestError, match="has a NUL byte in its name"):
        check_zip(data, "reports/n.docx")


def test_duplicate_entries() -> None:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        warnings.simplefilter("ignore")
        archive.writestr("word/document.xml", b"<a/>")
        archive.writestr("word/document.xml", b"<b/>")
    with pytest.raises(IngestError, match=r"'word/document\.xml' appears twice"):
        check_zip(buffer.getvalue(), "reports/d.docx")


def test_symlink_entry() -> None:
    info = zipfile.ZipInfo("word/media/link.png")
    info.create_system = 3
    info.external_attr = 0o120777 << 16
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(info, b"/etc/passwd")
    with pytest.raises(IngestError, match="is a symbolic link"):
        check_zip(buffer.getvalue(), "reports/s.docx")


def test_encrypted_entry() -> None:
    data = bytearray(make_zip({"word/document.xml": b"<a/>"}))
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 1  # general purpose flag bit 0: encrypted
    with pytest.raises(IngestError, match="is encrypted"):
        check_zip(bytes(data), "reports/p.docx")


def test_data_appended_after_the_zip() -> None:
    with pytest.raises(IngestError, match="data hidden before or after it"):
        check_zip(pandoc_document("docx") + b"MZ trailing payload", "reports/a.docx")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_billion_laughs_in_docx(encoding: str) -> None:
    xml = BILLION_LAUGHS.decode("ascii").replace('version="1.0"', f'version="1.0" encoding="{encoding}"')
    data = replace_entry(pandoc_document("docx"), "word/document.xml", xml.encode(encoding))
    with pytest.raises(
        IngestError, match=r"reports/b\.docx: entry 'word/document.xml' declares XML entities"
    ):
        check_zip(data, "reports/b.docx")


def test_doctype_in_office_xml() -> None:
    xml = b'<?xml version="1.0"?><!DOCTYPE w:document SYSTEM "http://evil.example/x.dtd"><w:document/>'
    data = replace_entry(pandoc_document("docx"), "word/document.xml", xml)
    with pytest.raises(IngestError, match=r"'word/document\.xml' has a <!DOCTYPE>"):
        check_zip(data, "reports/b.docx")


def test_epub_doctype_allowed_but_not_an_internal_subset() -> None:
    epub = pandoc_document("epub")
    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        chapter = next(n for n in archive.namelist() if n.endswith(".xhtml") and "text/" in n)
        original = archive.read(chapter)
    assert b"<!DOCTYPE html>" in original  # pandoc writes one: it must pass
    hostile = original.replace(b"<!DOCTYPE html>", b'<!DOCTYPE html [ <!ATTLIST p x CDATA "y"> ]>')
    with pytest.raises(IngestError, match="internal subset"):
        check_zip(replace_entry(epub, chapter, hostile), "reports/b.epub")


def test_openoffice2_manifest_doctype_passes() -> None:
    manifest = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE manifest:manifest PUBLIC '
        b'"-//OpenOffice.org//DTD Manifest 1.0//EN" "Manifest.dtd">\n<manifest:manifest/>'
    )
    check_zip(replace_entry(pandoc_document("odt"), "META-INF/manifest.xml", manifest), "reports/old.odt")


def test_entity_split_across_chunks() -> None:
    xml = b"<root>" + b" " * (containers.CHUNK - 10) + b"<!ENTITY x 'y'>" + b"</root>"
    with pytest.raises(IngestError, match="declares XML entities"):
        check_zip(make_zip({"content.xml": xml}), "reports/c.odt")


def test_entities_in_a_part_of_any_name() -> None:
    data = replace_entry(pandoc_document("docx"), "word/body.bin", BILLION_LAUGHS)
    with pytest.raises(IngestError, match=r"entry 'word/body\.bin' declares XML entities"):
        check_zip(data, "reports/b.docx")


def test_damaged_middle_of_a_docx() -> None:
    data = bytearray(pandoc_document("docx"))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        body = archive.getinfo("word/document.xml")
    start = body.header_offset + 30 + len(body.filename) + len(body.extra) + 20
    data[start : start + 40] = bytes(40)  # the end record is intact: only reading the entry shows it
    with pytest.raises(IngestError, match=r"^reports/m\.docx: damaged zip container \("):
        check_zip(bytes(data), "reports/m.docx")


def test_xml_part_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(containers, "MAX_XML_BYTES", 100)
    with pytest.raises(IngestError, match=r"^reports/a\.docx: entry '.+\.(xml|rels)' unpacks to 0 MB of XML"):
        check_zip(pandoc_document("docx"), "reports/a.docx")
