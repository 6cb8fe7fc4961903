"""Decide what a contributed file is from its bytes, not from its name."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import PurePosixPath
from typing import Literal

from crossings.ingest.containers import check_end_record
from crossings.ingest.errors import IngestError

Kind = Literal["docx", "odt", "epub", "html", "rtf", "md", "txt", "doc", "wpd"]

_CLAIMS = {
    ".docx": "a Word file",
    ".doc": "a Word file",
    ".odt": "an OpenDocument text",
    ".epub": "an EPUB book",
    ".html": "an HTML page",
    ".htm": "an HTML page",
    ".rtf": "an RTF file",
    ".md": "a Markdown file",
    ".txt": "a text file",
    ".wpd": "a WordPerfect file",
}
_SAVE_AS = "save it as .docx, .odt, .html, .rtf or .txt and add that file instead"

# (magic, offset, what it is); checked in order on the first bytes.
_REFUSED: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image"),
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"GIF87a", 0, "a GIF image"),
    (b"GIF89a", 0, "a GIF image"),
    (b"II*\x00", 0, "a TIFF image"),
    (b"MM\x00*", 0, "a TIFF image"),
    (b"BM", 0, "a BMP image"),
    (b"WEBP", 8, "a WebP image"),
    (b"ftypheic", 4, "a HEIC image"),
    (b"\x7fELF", 0, "an executable program (ELF)"),
    (b"MZ", 0, "a Windows executable"),
    (b"\xcf\xfa\xed\xfe", 0, "a macOS executable"),
    (b"\xca\xfe\xba\xbe", 0, "a macOS/Java executable"),
    (b"\x1f\x8b", 0, "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "a RAR archive"),
    (b"BZh", 0, "a bzip2 archive"),
    (b"\xfd7zXZ\x00", 0, "an xz archive"),
    (b"ustar", 257, "a tar archive"),
    (b"ID3", 0, "an MP3 audio file"),
    (b"OggS", 0, "an Ogg audio/video file"),
    (b"ftyp", 4, "an MP4/QuickTime video"),
    (b"\x1aE\xdf\xa3", 0, "a Matroska/WebM video"),
    (b"SQLite format 3\x00", 0, "an SQLite database"),
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff")
_HTML_START = re.compile(rb"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I | re.S)
_HTML_TAG = re.compile(rb"<(html|head|body|p|div|h[1-6]|table|ul|ol|br|meta|title|span|a)[\s>/]", re.I)
_ODF_TEXT = (b"application/vnd.oasis.opendocument.text", b"application/vnd.oasis.opendocument.text-template")


def _claim(display: str) -> str:
    """What the file's name claims it is, for messages ("a Word file")."""
    return _CLAIMS.get(PurePosixPath(display).suffix.lower(), "a document")


def _refuse(display: str, what: str, advice: str = _SAVE_AS) -> IngestError:
    """The error for a file that is something crossings cannot ingest."""
    return IngestError(f"{display}: this is {what}, not {_claim(display)}; {advice}")


def sniff(data: bytes, display: str) -> Kind:
    """Return the kind of document `data` holds, or raise IngestError saying what it is instead."""
    if not data or data.isspace():
        raise IngestError(f"{display}: the file is empty; add the real document or remove its catalog row")
    head = data[:1024]
    if re.search(rb"%PDF-\d", head):
        raise _refuse(
            display,
            "a PDF",
            "ask for the original (.docx/.odt) or paste its text into a .txt file and add that",
        )
    binary = _is_binary(data)
    for magic, offset, what in _REFUSED:
        # Magic numbers made of printable letters ("BM", "MZ") also start ordinary text.
        if data[offset : offset + len(magic)] == magic and (binary or not all(32 <= b < 127 for b in magic)):
            raise _refuse(display, what)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _sniff_zip(data, display)
    if data.startswith(_OLE2):
        return _sniff_ole(data, display)
    if data.startswith(b"\xffWPC"):
        return "wpd"
    if binary:
        raise _refuse(display, "a binary file of a kind crossings cannot read")
    return _sniff_text(data, display)


def _sniff_zip(data: bytes, display: str) -> Kind:
    """Tell docx, odt and epub apart by the entries inside the zip."""
    check_end_record(data, display)  # cheap: a 60,000-entry zip is refused before it is listed
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = _read_small(archive, "mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
        raise IngestError(
            f"{display}: the file is a damaged or truncated zip container ({exc}); "
            "open it in Word or LibreOffice, save it again and replace the file"
        ) from exc
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return "docx"
        if any(n.startswith("xl/") for n in names):
            raise _refuse(display, "an Excel spreadsheet")
        if any(n.startswith("ppt/") for n in names):
            raise _refuse(display, "a PowerPoint presentation")
    mimetype = mimetype.strip()
    if mimetype in _ODF_TEXT:
        return "odt"
    if mimetype == b"application/epub+zip":
        return "epub"
    if mimetype.startswith(b"application/vnd.oasis.opendocument."):
        kind = mimetype.rsplit(b".", 1)[-1].decode("ascii", "replace")
        raise _refuse(display, f"an OpenDocument {kind} file")
    raise _refuse(display, "a zip archive that is not a Word, OpenDocument or EPUB document")


def _read_small(archive: zipfile.ZipFile, name: str, limit: int = 256) -> bytes:
    """Read at most `limit` bytes of one entry (the ODF/EPUB mimetype)."""
    with archive.open(name) as stream:
        return stream.read(limit)


def _sniff_ole(data: bytes, display: str) -> Kind:
    """Tell a Word 97-2003 file from other OLE2 files by its stream names."""

    def has(stream: str) -> bool:
        return stream.encode("utf-16-le") in data

    if has("WordDocument"):
        return "doc"
    if has("EncryptedPackage"):
        raise _refuse(
            display, "a password-protected Office file", "ask for a copy without a password and add that"
        )
    if has("Workbook") or has("Book"):
        raise _refuse(display, "an Excel spreadsheet")
    if has("PowerPoint Document"):
        raise _refuse(display, "a PowerPoint presentation")
    raise _refuse(display, "an Office/OLE2 file that is not a Word document")


def _ascii_view(data: bytes) -> bytes:
    """The first 4 KB with UTF-16/32 zero bytes removed, for looking at markup."""
    head = data[:4096]
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    return head.replace(b"\x00", b"") if head.count(b"\x00") > len(head) // 4 else head


def _is_binary(data: bytes) -> bool:
    """True when the bytes do not look like text in any encoding crossings reads."""
    head = data[:8192]
    if head.startswith(_BOMS):
        return False
    zeros = head.count(b"\x00")
    if zeros:
        # UTF-16 without a BOM has zeros at every other byte; anything else with NULs is binary.
        even, odd = head[0::2].count(b"\x00"), head[1::2].count(b"\x00")
        return not (max(even, odd) > len(head) // 4 and min(even, odd) <= len(head) // 64)
    controls = sum(1 for b in head if b < 0x20 and b not in b"\t\n\r\f\v\x1a\x1b")
    return controls > len(head) // 20


def _sniff_text(data: bytes, display: str) -> Kind:
    """Tell RTF, HTML, Markdown and plain text apart."""
    view = _ascii_view(data)
    if view.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    suffix = PurePosixPath(display).suffix.lower()
    xhtml = view.lstrip().startswith(b"<?xml") and re.search(rb"<html[\s>]", view, re.I)
    if _HTML_START.match(view) or xhtml:
        return "html"
    if suffix in {".html", ".htm", ".xhtml"} and _HTML_TAG.search(view):
        return "html"
    if view.lstrip().startswith(b"<?xml"):
        raise _refuse(display, "an XML file that is not an HTML page")
    if suffix in {".md", ".markdown", ".mdown", ".mkd"}:
        return "md"
    return "txt"
