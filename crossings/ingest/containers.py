"""Pre-check zip containers (docx, odt, epub) before pandoc opens them.

Only the central directory is parsed, then each entry is streamed in bounded chunks through
zipfile (which stops at the declared size and checks the CRC); nothing is extracted to disk.

Caps, measured on documents written by pandoc 3.9 and LibreOffice (docx, odt, epub; 2.5-9 MB of
XML): 6-16 entries; compression ratio 7-23 for ordinary prose, 160-200 for an 8,000-row table of
identical cells and 240-250 for 30,000 identical paragraphs, the most repetitive real text.
Deflate cannot pass about 1,030:1 and zip bombs sit near that, so 600:1 leaves real documents
2.4x room and still stops bombs; the size caps bound whatever a bomb gains below the ratio cap,
and pandoc's own memory cap is the last line.
"""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator

from crossings.ingest.errors import IngestError

MAX_ENTRIES = 10_000
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_RATIO = 600
MAX_XML_BYTES = 128 * 1024 * 1024  # one XML part pandoc must parse: ~50,000 pages of text
RATIO_FLOOR = 1024 * 1024  # entries smaller than this cannot make a bomb on their own
CHUNK = 1 << 16

_EOCD = b"PK\x05\x06"
# Office Open XML (docx) parts never carry a DOCTYPE. EPUB XHTML/NCX, SVG and OpenOffice 2.x's
# META-INF/manifest.xml do carry a public one, harmless without an internal subset (pandoc never
# fetches a DTD), so those pass while any internal subset or entity declaration is refused.
_OOXML_PARTS = ("word/", "customXml/", "docProps/", "_rels/", "[Content_Types].xml")
_ENCODINGS = ("ascii", "utf-16-le", "utf-16-be")
_ADVICE = "open it in Word or LibreOffice, save it again and replace the file"


def check_zip(data: bytes, display: str) -> None:
    """Raise IngestError when the zip container is unsafe or damaged; return quietly otherwise."""
    check_end_record(data, display)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_directory(infos, display)
            total = 0
            for info in infos:
                total = _check_stream(archive, info, total, display)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        EOFError,
        OSError,
        zlib.error,
    ) as exc:
        raise IngestError(f"{display}: damaged zip container ({exc}); {_ADVICE}") from exc


def check_end_record(data: bytes, display: str) -> None:
    """Refuse too many entries and data hidden before or after the zip, from its end record alone."""
    at = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if at < 0 or len(data) - at < 22:
        raise IngestError(f"{display}: the zip container is truncated (no end record); {_ADVICE}")
    _, _, _, count, cd_size, cd_offset, comment_len = struct.unpack("<HHHHIIH", data[at + 4 : at + 22])
    if count != 0xFFFF and count > MAX_ENTRIES:
        raise IngestError(
            f"{display}: the zip container holds {count:,} entries (at most {MAX_ENTRIES:,} allowed); "
            "a document never needs that many, so it was refused"
        )
    zip64 = 0xFFFFFFFF in (cd_size, cd_offset)
    if not zip64 and (cd_offset + cd_size != at or at + 22 + comment_len != len(data)):
        raise IngestError(
            f"{display}: the zip container has data hidden before or after it or is truncated; {_ADVICE}"
        )


def _check_directory(infos: list[zipfile.ZipInfo], display: str) -> None:
    """Check entry count, names, flags and declared sizes from the central directory alone."""
    if len(infos) > MAX_ENTRIES:
        raise IngestError(
            f"{display}: the zip container holds {len(infos):,} entries (at most {MAX_ENTRIES:,})"
        )
    seen: set[str] = set()
    total = 0
    for info in infos:
        where = f"{display}: entry {info.orig_filename!r}"
        problem = _name_problem(info.orig_filename)
        if problem:
            raise IngestError(f"{where} {problem}; the file was refused as unsafe")
        if info.filename in seen:
            raise IngestError(f"{where} appears twice; the file was refused as unsafe")
        seen.add(info.filename)
        _check_entry_flags(info, where)
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise IngestError(
                f"{where}: the entries unpack to more than {MAX_TOTAL_BYTES // 2**20} MB; "
                "the file was refused as a possible zip bomb"
            )
        if info.file_size > MAX_XML_BYTES and _parsed(info.filename):
            raise IngestError(
                f"{where} unpacks to {info.file_size // 2**20} MB of XML "
                f"(at most {MAX_XML_BYTES // 2**20} MB); "
                "the file was refused as too big to convert safely"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_FLOOR and ratio > MAX_RATIO:
            raise IngestError(
                f"{where} is compressed {ratio:,.0f}:1 (at most {MAX_RATIO}:1 allowed); "
                "the file was refused as a possible zip bomb"
            )


def _parsed(name: str) -> bool:
    """True for entries pandoc parses as XML (the ones whose size costs memory)."""
    return name.lower().endswith((".xml", ".rels", ".xhtml", ".xht", ".html", ".htm", ".opf", ".ncx"))


def _name_problem(name: str) -> str:
    """Why an entry name is unsafe, or "" when it is fine."""
    parts = name.split("/")
    checks = (
        ("\x00" in name, "has a NUL byte in its name"),
        (any(ord(c) < 0x20 for c in name), "has a control character in its name"),
        ("\\" in name, "has a backslash in its name"),
        (name.startswith("/") or re.match(r"^[A-Za-z]:", name) is not None, "has an absolute path"),
        (".." in parts, "climbs out of the container with '..'"),
        (not name, "has an empty name"),
    )
    return next((why for bad, why in checks if bad), "")


def _check_entry_flags(info: zipfile.ZipInfo, where: str) -> None:
    """Refuse encrypted entries, symbolic links and compression methods pandoc cannot read."""
    if info.flag_bits & 0x1:
        raise IngestError(f"{where} is encrypted; ask for a copy without a password")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise IngestError(f"{where} uses compression method {info.compress_type}, which documents never use")
    if info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16):
        raise IngestError(f"{where} is a symbolic link; the file was refused as unsafe")


def _check_stream(archive: zipfile.ZipFile, info: zipfile.ZipInfo, total: int, display: str) -> int:
    """Stream one entry (bounded by its declared size, CRC-checked), scanning it for DTDs.

    Every entry is scanned, not only *.xml: a relationship can make pandoc parse a part of any name.
    """
    where = f"{display}: entry {info.filename!r}"
    tail = b""
    for chunk, final in _chunks(archive, info):
        total += len(chunk)
        if total > MAX_TOTAL_BYTES:
            raise IngestError(f"{where}: the entries unpack to more than {MAX_TOTAL_BYTES // 2**20} MB")
        window = tail + chunk
        _scan_dtd(window, info.filename, where, final)
        tail = window[-4096:]
    return total


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[tuple[bytes, bool]]:
    """The entry's bytes in chunks of at most CHUNK, each with whether it is the last."""
    with archive.open(info) as stream:
        chunk = stream.read(CHUNK)
        while chunk:
            following = stream.read(CHUNK)
            yield chunk, not following
            chunk = following


def _scan_dtd(window: bytes, name: str, where: str, final: bool) -> None:
    """Refuse entity declarations, and DOCTYPEs where the format has none or with an internal subset."""
    lowered = window.lower()
    for encoding in _ENCODINGS:
        if "<!entity".encode(encoding) in lowered:
            raise IngestError(
                f"{where} declares XML entities (<!ENTITY>), as 'billion laughs' attacks do; "
                "the file was refused as unsafe"
            )
        at = lowered.find("<!doctype".encode(encoding))
        if at < 0:
            continue
        if name.startswith(_OOXML_PARTS) and name.lower().endswith((".xml", ".rels")):
            raise IngestError(f"{where} has a <!DOCTYPE>, which Word files never have; the file was refused")
        if at > len(window) - 2048 and not final:
            continue  # judged on the next window, which keeps these bytes in its tail
        head = window[at : at + 2048].decode(encoding, "replace")
        if ">" not in head or "[" in head.split(">", 1)[0]:
            raise IngestError(
                f"{where} has a <!DOCTYPE> with an internal subset; the file was refused as unsafe"
            )
