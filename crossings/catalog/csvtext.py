"""The catalog's bytes as text, however a spreadsheet saved them.

Excel and LibreOffice save a "CSV" in the computer's legacy code page (Windows-1252, Big5,
GB2312...), "Unicode text" as tab-separated UTF-16 with a byte order mark, and in locales that
write decimal commas with semicolons between fields. UTF-8 and UTF-16 are read as they are, and
tab- or semicolon-separated files when their header says so; bytes that are not UTF-8 are kept
as lone surrogates (``surrogateescape``) so that the cell holding them can be named.
"""

from __future__ import annotations

import csv
import io
import re

from crossings.ingest.sniff import bomless_utf16

SAVE_AS_UTF8 = (
    "save the catalog as UTF-8 CSV (Excel: Save As, 'CSV UTF-8 (Comma delimited)'; LibreOffice: "
    "Save As, 'Text CSV', character set 'Unicode (UTF-8)', field delimiter ',') and run again"
)
_UNDECODABLE = re.compile("[\udc80-\udcff]")
# More NUL bytes than this and the file is no text at all (a spreadsheet's own format renamed).
_MOST_NULS = 16
_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}


class CatalogBytesError(ValueError):
    """The catalog's bytes are no text crossings can read; the message says where and what to do."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def catalog_text(data: bytes) -> str:
    """The catalog as text: UTF-8 (BOM or not) or UTF-16; other bytes kept as surrogates."""
    encoding = _utf16(data)
    if encoding:
        start = 2 if data[:2] in _BOMS else 0
        try:
            return data[start:].decode(encoding)
        except UnicodeDecodeError as exc:
            line = data[: start + exc.start].decode(encoding, "replace").count("\n") + 1
            message = f"damaged UTF-16 text at byte {start + exc.start}; {SAVE_AS_UTF8}"
            raise CatalogBytesError(message, line) from exc
    if b"\x00" in data:
        raise _nul(data)
    return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape")


def _nul(data: bytes) -> CatalogBytesError:
    """The error for a UTF-8 catalog holding NUL bytes: where the first one is, and what to do.

    Many are a file that is not text (a workbook renamed .csv); a few are a damaged copy, named by
    the line, the data row and the byte, so the editor can retype that row.
    """
    first = data.index(b"\x00")
    line = data[:first].count(b"\n") + 1
    if data.count(b"\x00") > _MOST_NULS:
        message = (
            f"{data.count(0):,} NUL bytes, the first at byte {first}: this is not a text file; {SAVE_AS_UTF8}"
        )
        return CatalogBytesError(message, line)
    before = data[:first].decode("utf-8", "replace")
    records = list(csv.reader(io.StringIO(before, newline=""), delimiter=delimiter(before)))
    row = len(records) - 1 if records and not before.endswith(("\n", "\r")) else len(records)
    where = f"in data row {row}" if row >= 1 else "in the header"
    message = (
        f"a NUL byte (0x00) at byte {first}, {where}: no spreadsheet writes one, so the "
        "catalog is damaged there (an interrupted copy or a broken disk) and was not read; open it in a "
        f"spreadsheet, retype that row and {SAVE_AS_UTF8}"
    )
    return CatalogBytesError(message, line)


def _utf16(data: bytes) -> str:
    """'utf-16-le' or 'utf-16-be' when the bytes are UTF-16: a BOM, or the zero bytes of
    BOM-less UTF-16 (crossings.ingest.sniff.bomless_utf16, which also knows Chinese and Thai text)."""
    if data[:2] in _BOMS:
        return _BOMS[data[:2]]
    return bomless_utf16(data)


def delimiter(text: str) -> str:
    """The field delimiter: ',' unless the header line is the catalog's columns split by tabs or ';'."""
    header = text.split("\n", 1)[0]
    if "," in header:
        return ","
    for candidate in ("\t", ";"):
        names = {name.strip().strip('"') for name in header.split(candidate)}
        if {"file", "id"} <= names:  # the header's own problems (a typo, a missing column) are named later
            return candidate
    return ","


def undecodable(cells: list[str], header: list[str]) -> tuple[str, int, int] | None:
    """(column, lines into the row, byte) of the first byte that is not UTF-8 in a row's cells."""
    lines = 0
    for index, cell in enumerate(cells):
        found = _UNDECODABLE.search(cell)
        if found:
            column = header[index] if index < len(header) else f"#{index + 1}"
            return column, lines + cell.count("\n", 0, found.start()), ord(found.group()) - 0xDC00
        lines += cell.count("\n")
    return None


def not_utf8(byte: int) -> str:
    """What to tell the editor about a byte that is not UTF-8."""
    return (
        f"byte 0x{byte:02X} is not UTF-8: the catalog was saved in a legacy encoding (Windows-1252, "
        f"Big5, GB2312...), so this row was left out; {SAVE_AS_UTF8}"
    )


def readable(value: str) -> str:
    """A cell value with its undecodable bytes shown as U+FFFD (never written out as surrogates)."""
    return _UNDECODABLE.sub("\ufffd", value)
