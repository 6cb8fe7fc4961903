"""Find the original a catalog row names, whichever Unicode normalisation its name was written in.

A zip made on macOS gives decomposed (NFD) names, "Báo cáo.docx" as "Ba\u0301o ca\u0301o.docx",
while a spreadsheet or a keyboard writes the same name composed (NFC). The two look alike and
Linux treats them as different names, so each folder is matched by the names' NFC form when the
name as written is not there.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path, PurePosixPath


def nfc(name: str) -> str:
    """*name* composed (NFC), the form names are compared in."""
    return unicodedata.normalize("NFC", name)


def original_path(reports: Path, name: str) -> Path:
    """The path of *name* under *reports*: as written when present, else the one entry per folder
    whose name is the same in NFC (the path as written when there is none, or more than one)."""
    written = reports / name
    if written.exists() or written.is_symlink():
        return written
    current = reports
    for part in PurePosixPath(name).parts:
        candidate = current / part
        if not (candidate.exists() or candidate.is_symlink()):
            found = _same_in_nfc(current, part)
            if found is None:
                return written
            candidate = found
        current = candidate
    return current


def _same_in_nfc(folder: Path, part: str) -> Path | None:
    """The only entry of *folder* named *part* in NFC, or None."""
    wanted = nfc(part)
    try:
        matches = [entry for entry in folder.iterdir() if nfc(entry.name) == wanted]
    except OSError:
        return None
    return matches[0] if len(matches) == 1 else None
