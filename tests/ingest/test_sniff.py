"""sniff() decides what a file is from its bytes; a wrong name never fools it."""

from __future__ import annotations

import pytest

from crossings.ingest.errors import IngestError
from crossings.ingest.sniff import sniff
from tests.ingest.inputs import make_zip, pandoc_document

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize("fmt", ["docx", "odt", "epub"])
def test_zip_documents_are_told_apart_whatever_their_name(fmt: str) -> None:
    data = pandoc_document(fmt)
    assert sniff(data, f"reports/a.{fmt}") == fmt
    assert sniff(data, "reports/misnamed.txt") == fmt


def test_pdf_renamed_docx() -> None:
    data = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    with pytest.raises(IngestError, match=r"^reports/x\.docx: this is a PDF, not a Word file; "):
        sniff(data, "reports/x.docx")


def test_truncated_docx() -> None:
    data = pandoc_document("docx")
    with pytest.raises(IngestError, match=r"reports/t\.docx: the zip container is truncated"):
        sniff(data[: len(data) // 2], "reports/t.docx")


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n"])
def test_empty(data: bytes) -> None:
    with pytest.raises(IngestError, match=r"reports/e\.txt: the file is empty"):
        sniff(data, "reports/e.txt")


def test_password_protected_office_file_says_remove_the_password() -> None:
    with pytest.raises(IngestError) as caught:
        sniff(OLE2 + "EncryptedPackage".encode("utf-16-le"), "reports/r.doc")
    assert str(caught.value).startswith("reports/r.doc: the document is protected by a password")
    assert "remove the password and send it again" in str(caught.value)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40, "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40, "a JPEG image"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 60, "an executable program"),
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60, "a Windows executable"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 20, "a gzip archive"),
        (OLE2 + "Workbook".encode("utf-16-le"), "an Excel spreadsheet"),
        (b"\x00\x01\x02\x03\x04\x05binary\x00\x00\xff", "a binary file"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "an XML file"),
    ],
)
def test_refused_kinds_say_what_they_are(data: bytes, what: str) -> None:
    with pytest.raises(IngestError) as caught:
        sniff(data, "reports/r.doc")
    assert str(caught.value).startswith(f"reports/r.doc: this is {what}")


@pytest.mark.parametrize(
    ("entries", "what"),
    [
        ({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}, "an Excel spreadsheet"),
        ({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}, "an OpenDocument spreadsheet"),
        ({"photo.jpg": b"\xff\xd8\xff"}, "a zip archive that is not a Word, OpenDocument or EPUB"),
    ],
)
def test_other_zips_are_refused(entries: dict[str, bytes], what: str) -> None:
    with pytest.raises(IngestError, match=f"reports/z.docx: this is {what}"):
        sniff(make_zip(entries), "reports/z.docx")


def test_legacy_word_and_wordperfect() -> None:
    assert sniff(OLE2 + "WordDocument".encode("utf-16-le"), "reports/old.doc") == "doc"
    assert sniff(b"\xffWPC\x10\x00\x00\x00\x01\x0a" + b"\x00" * 40, "reports/old.wpd") == "wpd"


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (b"{\\rtf1\\ansi hello}", "reports/a.doc", "rtf"),
        (b"\xef\xbb\xbf{\\rtf1\\ansi hello}", "reports/a.rtf", "rtf"),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "reports/a.txt", "html"),
        (b"<!-- saved --> <html lang=en><p>x", "reports/a", "html"),
        (b"<p>A fragment</p>\n<p>of HTML</p>", "reports/a.htm", "html"),
        (b"<p>A fragment</p>", "reports/a.txt", "txt"),
        (b"# Title\n\nText *here*.", "reports/a.md", "md"),
        (b"# Title\n\nText *here*.", "reports/a.txt", "txt"),
        (b"BMW workers and MZ region: plain text", "reports/a.txt", "txt"),
        ("UTF-16 text 香港".encode("utf-16"), "reports/a.txt", "txt"),
        ("UTF-16 text without a BOM".encode("utf-16-le"), "reports/a.txt", "txt"),
        ("香港的性工作者".encode("big5"), "reports/a.txt", "txt"),
        ("<html><body>中文</body></html>".encode("utf-16"), "reports/a.txt", "html"),
    ],
)
def test_text_kinds(data: bytes, name: str, kind: str) -> None:
    assert sniff(data, name) == kind


def test_huge_entry_count_is_refused_before_listing() -> None:
    # Only the end record is read: 60,000 declared entries are refused without parsing any.
    end = b"PK\x05\x06" + b"\x00" * 4 + (60_000).to_bytes(2, "little") * 2 + b"\x00" * 8 + b"\x00\x00"
    with pytest.raises(IngestError, match=r"reports/many\.docx: the zip container holds 60,000 entries"):
        sniff(b"PK\x03\x04" + b"\x00" * 26 + end, "reports/many.docx")
