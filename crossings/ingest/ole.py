"""Read what ingest needs from an OLE2 (Office 97-2003) container: stream names and Word's header.

Stream names are compared without regard to case, as Office itself does (writers other than
Word spell them ``worddocument`` or ``WORDDOCUMENT``). The Word header (FIB) tells Word 97+
from Word 6/95, which LibreOffice reads only through its own import filter, and says whether
the document is encrypted.
"""

from __future__ import annotations

import io
import re
import struct
from dataclasses import dataclass

import olefile

_WORD8_IDENT = 0xA5EC
_WORD6_IDENT = 0xA5DC
_ENCRYPTED = 0x0100  # FIB flag fEncrypted
_WORD97_NFIB = 0x00C1  # nFib of Word 97 and later; Word 6 and 95 write 0x65-0x68
# Rights-managed (IRM) files hold their text in DRM-named streams (\tDRMContent,
# DRMEncryptedDataSpace...); password-encrypted ones use the same \x06DataSpaces storage with
# StrongEncryptionDataSpace instead.
_IRM_MARK = "drm"


class OleError(ValueError):
    """The OLE2 container cannot be read."""


@dataclass(frozen=True)
class WordHeader:
    """What the FIB at the start of the WordDocument stream says."""

    version: int  # 8 for Word 97 and later, 6 for Word 6 and 95
    encrypted: bool


@dataclass(frozen=True)
class OleFile:
    """The streams of an OLE2 file (lower-cased paths) and its Word header, if any."""

    streams: frozenset[str]
    word: WordHeader | None
    damaged: bool = False  # the directory could not be parsed; streams come from a byte search

    def has(self, name: str) -> bool:
        """True when a stream or storage of that name (any case) is anywhere in the file."""
        wanted = name.lower()
        return any(path.split("/")[-1] == wanted or path == wanted for path in self.streams)

    @property
    def rights_protected(self) -> bool:
        """True for an IRM (rights-managed) document: its readable stream is only a placeholder."""
        return any(_IRM_MARK in path for path in self.streams)


def read_ole(data: bytes) -> OleFile:
    """Parse the container; when its directory is damaged, fall back to the stream names in its bytes."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            entries = ole.listdir(streams=True, storages=True)
            streams = frozenset("/".join(part.lower() for part in entry) for entry in entries)
            word = _word_header(ole, entries)
    except (OSError, ValueError, struct.error, IndexError, KeyError, TypeError) as exc:
        found = frozenset(name.lower() for name in _KNOWN if _named(data, name))
        if not found:
            raise OleError(str(exc) or type(exc).__name__) from exc
        return OleFile(found, None, damaged=True)
    return OleFile(streams, word)


# Streams whose names tell what a damaged container is (LibreOffice may still read it).
_KNOWN = ("WordDocument", "EncryptedPackage", "Workbook", "Book", "PowerPoint Document", "DRMContent")


def _named(data: bytes, name: str) -> bool:
    """True when the UTF-16 directory name *name* (any case) appears in the bytes."""
    pattern = b"".join(
        b"[" + re.escape(c.lower().encode()) + re.escape(c.upper().encode()) + b"]\x00" for c in name
    )
    return re.search(pattern, data) is not None


def _word_header(ole: olefile.OleFileIO, entries: list[list[str]]) -> WordHeader | None:
    """The FIB of the top-level WordDocument stream (any case), or None when there is none."""
    name = next((entry for entry in entries if len(entry) == 1 and entry[0].lower() == "worddocument"), None)
    if name is None:
        return None
    with ole.openstream(name) as stream:
        head = stream.read(12)
    if len(head) < 12:
        raise OleError("the WordDocument stream is truncated")
    ident, nfib = struct.unpack_from("<HH", head, 0)
    (flags,) = struct.unpack_from("<H", head, 10)
    if ident not in (_WORD8_IDENT, _WORD6_IDENT):
        raise OleError(f"the WordDocument stream does not start with a Word header (0x{ident:04x})")
    version = 8 if ident == _WORD8_IDENT and nfib >= _WORD97_NFIB else 6
    return WordHeader(version, bool(flags & _ENCRYPTED))
