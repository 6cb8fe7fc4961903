"""pandoc's errors told in the editor's terms: what is wrong, where, what to do; never Haskell's words.

Every damaged input goes through the real pandoc of pypandoc-binary (crossings.ingest.pandoc),
so a message pandoc changes shows here.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from crossings.ingest import pandoc
from crossings.ingest.errors import IngestError
from crossings.ingest.pandoc_errors import explain

REPO = Path(__file__).resolve().parents[2]
WORD = (REPO / "reports" / "country-reports" / "hk-hong-kong.docx").read_bytes()
ODF_STYLES = b'<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'
CONTAINER = (
    b'<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">'
    b'<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
    b"</rootfiles></container>"
)
# Words of Haskell and its libraries that must never reach an editor.
HASKELL = ("Name {", "nameLocalName", "ParseError {", "errorContexts", "Data.Text", "DocxError", "EventEnd")


def zipped(entries: dict[str, bytes]) -> bytes:
    """A zip of *entries*."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


ODT = {"mimetype": b"application/vnd.oasis.opendocument.text", "styles.xml": ODF_STYLES}
CASES = {
    "truncated-word": ("docx", WORD[:1024], ["Word file cannot be unpacked", "ends too early", "Word or"]),
    "not-a-zip": ("odt", b"plain bytes", ["OpenDocument file cannot be unpacked", "not a complete zip"]),
    "zip-damaged": (
        "epub",
        b"PK\x03\x04 and nothing else",
        ["EPUB e-book cannot be unpacked: its zip container is"],
    ),
    "odt-bad-xml": (
        "odt",
        zipped({**ODT, "content.xml": b"<a><b></a>"}),
        ["OpenDocument file is damaged: its part content.xml is not well-formed XML at line 1, column 7"],
    ),
    "odt-no-content": ("odt", zipped(ODT), ["OpenDocument file is incomplete: it has no content.xml"]),
    "word-no-text": (
        "docx",
        zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document"}),
        ["Word file has no readable main text (word/document.xml is missing or damaged)"],
    ),
    "epub-no-container": (
        "epub",
        zipped({"mimetype": b"application/epub+zip"}),
        ["EPUB e-book is incomplete: it has no META-INF/container.xml", "Calibre"],
    ),
    "epub-no-package": (
        "epub",
        zipped({"mimetype": b"application/epub+zip", "META-INF/container.xml": CONTAINER}),
        ["EPUB e-book is incomplete: it has no OEBPS/content.opf"],
    ),
    "epub-bad-container": (
        "epub",
        zipped({"mimetype": b"application/epub+zip", "META-INF/container.xml": b"<container"}),
        ["its part META-INF/container.xml is not well-formed XML at line 1, column 11"],
    ),
    "rtf-unclosed": (
        "rtf",
        rb"{\rtf1 {\b unclosed",
        ["RTF file is malformed at line 1, column 20 (unexpected end of input)"],
    ),
    "html-not-utf8": (
        "html",
        b"<p>caf\xe9</p>",
        ["web page is not UTF-8 text (the byte 0xE9", "encoding column"],
    ),
    "text-not-utf8": (
        "commonmark_x-raw_html-raw_attribute",
        b"\xff\xfe text",
        ["text file is not UTF-8 text (the byte 0xFF", "cp1252, big5"],
    ),
    "unknown-reader": ("nosuchreader", b"text", ["this pandoc has no reader 'nosuchreader'", "maintainers"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_pandoc_errors_say_what_where_and_what_to_do(tmp_path: Path, case: str) -> None:
    reader, data, expected = CASES[case]
    (tmp_path / "0").mkdir()
    (tmp_path / "0" / "input").write_bytes(data)
    display = f"reports/{case}"
    (result,) = pandoc.run_many(tmp_path, [pandoc.Item("0", reader, "input", "doc", display)])
    assert isinstance(result, IngestError)
    message = str(result)
    assert message.startswith(f"{display}: ")
    for words in expected:
        assert words in message, message
    assert not [word for word in HASKELL if word in message], message


def test_a_message_not_known_is_shown_after_what_to_do() -> None:
    told = explain("Some new failure of a later pandoc\nwith two lines", "odt")
    assert told.startswith(
        "pandoc could not read the OpenDocument file; open it in LibreOffice Writer, save it"
    )
    assert told.endswith("pandoc said: Some new failure of a later pandoc with two lines")


def test_a_resource_error_keeps_the_reader_context() -> None:
    assert explain("UTF-8 decoding error in input at byte offset 17 (ff).", "html").startswith(
        "the web page is not UTF-8 text (byte offset 17 is not UTF-8)"
    )
