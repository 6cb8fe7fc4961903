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

Kind = Literal[
    "docx", "odt", "epub", "html", "rtf", "rtf-fragment", "md", "txt", "doc", "doc6", "word2", "wordxml",
    "flatopc", "wpd",
]  # fmt: skip
# Kinds LibreOffice converts to .docx first (crossings.ingest.legacy).
LEGACY_KINDS = ("doc", "doc6", "word2", "wordxml", "wpd")

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
_PASSWORD = (
    "remove the password and send it again (in Word: File > Info > Protect Document > "
    "Encrypt with Password, then clear the password and save)"
)
_IRM = (
    "its text is encrypted for named readers only; ask the contributor to remove the restricted "
    "permission (File > Info > Protect Document > Restrict Access > Unrestricted Access) and send it again"
)

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
    (b"%!PS", 0, "a PostScript file"),
    (b"\xc5\xd0\xd3\xc6", 0, "an EPS (PostScript) image"),
)
_WORD2 = (b"\xdb\xa5", b"\x9b\xa5")  # Word for Windows 2.0 and 1.x (not OLE2)
_WORD_XML = re.compile(rb"<\?mso-application\s+progid=\"Word\.Document\"|<w:wordDocument[\s>]", re.I)
_FLAT_OPC = re.compile(rb"<pkg:package[\s>]")
_RTF_FRAGMENT = re.compile(
    rb"\s*\{?\\(pard|plain|par|b|i|f\d|fs\d|s\d|sect|ltrch|rtlch|loch|hich)[\s\\{0-9-]"
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
    data = trim_padding(data)
    if _ascii_view(data).lstrip().startswith(b"{\\rtf"):
        return "rtf"  # RTF may embed binary data (\\bin): its header decides
    binary = _is_binary(data)
    for magic, offset, what in _REFUSED:
        # Magic numbers made of printable letters ("BM", "MZ") also start ordinary text.
        printable = all(32 <= b < 127 for b in magic)
        if data[offset : offset + len(magic)] == magic and (binary or not printable):
            raise _refuse(display, what)
        if magic.startswith(b"%!") and data.startswith(magic):
            raise _refuse(display, what, "ask for the original document (.docx/.odt) and add that")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _sniff_zip(data, display)
    if data.startswith(_OLE2):
        return _sniff_ole(data, display)
    if data.startswith(b"\xffWPC"):
        return "wpd"
    if data.startswith(_WORD2) and binary:
        return "word2"
    if binary:
        raise _refuse(display, "a binary file of a kind crossings cannot read")
    return _sniff_text(data, display)


def trim_padding(data: bytes) -> bytes:
    """*data* without the NUL bytes old word processors pad files with (only when nothing else is NUL)."""
    if not data.endswith(b"\x00"):
        return data
    trimmed = data.rstrip(b"\x00")
    return trimmed if trimmed and b"\x00" not in trimmed[:8192] else data


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
        main = office_main_part(data)
        if main in names and (main.startswith("word/") or "word/" in main or _is_word_part(data, main)):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            raise _refuse(display, "an Excel spreadsheet")
        if any(n.startswith("ppt/") for n in names):
            raise _refuse(display, "a PowerPoint presentation")
        if main in names:
            return "docx"
        if any(n.startswith("word/") for n in names):
            raise IngestError(
                f"{display}: the Word file has no main text: its part {main!r} is missing; open it in Word "
                "or LibreOffice, save it again (or ask the contributor for a new copy) and replace the file"
            )
    mimetype = mimetype.strip()
    if mimetype in _ODF_TEXT and _odf_encrypted(data):
        raise IngestError(
            f"{display}: the OpenDocument file is protected by a password; remove the password "
            "(File > Properties > General: Change Password, or Save As without 'Save with password') "
            "and send it again"
        )
    if mimetype in _ODF_TEXT:
        return "odt"
    if mimetype == b"application/epub+zip":
        return "epub"
    if mimetype.startswith(b"application/vnd.oasis.opendocument."):
        kind = mimetype.rsplit(b".", 1)[-1].decode("ascii", "replace")
        raise _refuse(display, f"an OpenDocument {kind} file")
    raise _refuse(display, "a zip archive that is not a Word, OpenDocument or EPUB document")


_MAIN_REL = re.compile(
    rb"<Relationship\b(?=[^>]*\bType=\"[^\"]*/officeDocument\")[^>]*\bTarget=\"([^\"]+)\"", re.I
)


def office_main_part(data: bytes) -> str:
    """The main part of an Office Open XML package, as its relationships name it (word/document.xml
    by default; Word and other writers may call it word/document2.xml or anything else)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            rels = _read_small(archive, "_rels/.rels", 65_536) if "_rels/.rels" in archive.namelist() else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        return "word/document.xml"
    found = _MAIN_REL.search(rels)
    if not found:
        return "word/document.xml"
    target = found.group(1).decode("utf-8", "replace").lstrip("/")
    return target.removeprefix("./")


def _is_word_part(data: bytes, main: str) -> bool:
    """True when [Content_Types].xml types the main part as a Word document."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = _read_small(archive, "[Content_Types].xml", 1 << 20)
    override = re.search(rb'PartName="/' + re.escape(main.encode()) + rb'"[^>]*ContentType="([^"]+)"', types)
    return bool(override and b"wordprocessingml" in override.group(1).lower())


def _odf_encrypted(data: bytes) -> bool:
    """True when an OpenDocument's manifest says its content is encrypted (saved with a password)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "META-INF/manifest.xml" not in archive.namelist():
                return False
            return b"encryption-data" in _read_small(archive, "META-INF/manifest.xml", 1 << 20)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        return False


def _read_small(archive: zipfile.ZipFile, name: str, limit: int = 256) -> bytes:
    """Read at most `limit` bytes of one entry (the ODF/EPUB mimetype)."""
    with archive.open(name) as stream:
        return stream.read(limit)


def _sniff_ole(data: bytes, display: str) -> Kind:
    """Tell Word 97-2003 and Word 6/95 files from other OLE2 files by their streams and header."""
    from crossings.ingest.ole import OleError, read_ole

    try:
        ole = read_ole(data)
    except OleError as exc:
        raise IngestError(
            f"{display}: the file is a damaged Office (OLE2) container ({exc}); "
            "open it in Word or LibreOffice, save it again as .docx and add that"
        ) from exc
    if ole.rights_protected:
        raise IngestError(f"{display}: the document is rights-protected (IRM); {_IRM}")
    if ole.has("EncryptedPackage"):
        raise IngestError(f"{display}: the document is protected by a password; {_PASSWORD}")
    if ole.word is not None:
        if ole.word.encrypted:
            raise IngestError(f"{display}: the Word document is protected by a password; {_PASSWORD}")
        return "doc" if ole.word.version >= 8 else "doc6"
    if ole.damaged and ole.has("WordDocument"):
        return "doc"  # LibreOffice reads some damaged containers, and says so when it cannot
    if ole.has("Workbook") or ole.has("Book"):
        raise _refuse(display, "an Excel spreadsheet")
    if ole.has("PowerPoint Document"):
        raise _refuse(display, "a PowerPoint presentation")
    raise _refuse(display, "an Office/OLE2 file that is not a Word document")


def _ascii_view(data: bytes) -> bytes:
    """The first 4 KB with UTF-16/32 zero bytes removed, for looking at markup."""
    head = data[:4096]
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    utf16 = head.count(b"\x00") > len(head) // 4 or bomless_utf16(head)
    return head.replace(b"\x00", b"") if utf16 else head


def bomless_utf16(data: bytes) -> str:
    """'utf-16-le' or 'utf-16-be' when the first 4 KB are UTF-16 without a byte order mark: zeros
    in one byte of each pair only (ASCII letters, spaces, markup) and no control characters once
    decoded. Chinese or Thai text has few such zeros, so their share alone cannot tell."""
    head = data[:4096]
    head = head[: len(head) - len(head) % 2]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if max(even, odd) < 2:
        return ""
    codec = "utf-16-le" if odd > even else "utf-16-be"
    if min(even, odd) <= len(head) // 64:
        text = _utf16_head(head, codec)
        controls = sum(1 for c in text if ord(c) < 0x20 and c not in "\t\n\r\f")
        return codec if text and controls <= len(text) // 100 else ""
    # Zeros in both bytes of the pairs: Chinese and Korean have frequent characters at U+xx00
    # (一 U+4E00, 가 U+AC00) as common as the line breaks. The order that reads as the region's
    # scripts is the one; the other scatters the text over unrelated blocks.
    shares = {c: _common_share(_utf16_head(head, c)) for c in ("utf-16-le", "utf-16-be")}
    best = max(shares, key=lambda c: shares[c])
    return best if shares[best] >= 0.95 and min(shares.values()) < 0.5 else ""


def _utf16_head(head: bytes, codec: str) -> str:
    """The first 4 KB decoded ("" when they are not UTF-16 in that byte order)."""
    try:
        return head.decode(codec)
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:
            return ""
        return head[: exc.start].decode(codec)  # a surrogate pair cut by the 4 KB


# Printable ASCII and line ends, Latin letters with marks, Thai, CJK punctuation, kana and
# ideographs, Hangul syllables, fullwidth forms.
_COMMON = re.compile(
    "[\t\n\r\x20-\x7e\u00a0-\u024f\u1e00-\u1eff\u0e00-\u0e7f\u2000-\u206f\u3000-\u9fff\uac00-\ud7a3\uff00-\uffef]"
)


def _common_share(text: str) -> float:
    """The share of *text* in the scripts and punctuation of the region's documents."""
    return len(_COMMON.findall(text)) / len(text) if text else 0.0


def _is_binary(data: bytes) -> bool:
    """True when the bytes do not look like text in any encoding crossings reads."""
    head = data[:8192]
    if head.startswith(_BOMS):
        return False
    zeros = head.count(b"\x00")
    if zeros:
        # UTF-16 without a BOM has zeros at every other byte, UTF-32 at three of four; anything
        # else with NULs is binary.
        even, odd = head[0::2].count(b"\x00"), head[1::2].count(b"\x00")
        utf16 = max(even, odd) > len(head) // 4 and min(even, odd) <= len(head) // 64
        utf16 = utf16 or bool(bomless_utf16(head))
        return not (utf16 or _utf32_pattern(head))
    allowed = b"\t\n\r\f\v\x1a\x1b"
    if b"\x1b$)C" in head:
        allowed += b"\x0e\x0f"  # ISO-2022-KR shifts in and out of Korean with SO and SI
    controls = sum(1 for b in head if b < 0x20 and b not in allowed)
    return controls > len(head) // 20


def _utf32_pattern(head: bytes) -> bool:
    """True when three bytes of every four are (almost always) zero, as BOM-less UTF-32 has."""
    head = head[: len(head) - len(head) % 4]
    if len(head) < 8:
        return False
    quarter = len(head) // 4
    zeros = sorted(head[i::4].count(0) for i in range(4))
    return zeros[0] < quarter * 0.1 and zeros[1] > quarter * 0.9


def _sniff_text(data: bytes, display: str) -> Kind:
    """Tell RTF, HTML, Markdown and plain text apart."""
    view = _ascii_view(data)
    if view.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    suffix = PurePosixPath(display).suffix.lower()
    if _FLAT_OPC.search(view) and b"wordprocessingml" in data:
        return "flatopc"
    if _WORD_XML.search(view):
        return "wordxml"
    if _RTF_FRAGMENT.match(view) and (suffix == ".rtf" or view.count(b"\\") > len(view) // 50):
        return "rtf-fragment"
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
