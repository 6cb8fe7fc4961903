"""Pack a staged folder for handing out: refuse it if it leaks, list its checksums, zip it the
same way every time.

``crossings bundle`` and ``crossings export archive`` stage what they hand out in a scratch folder,
then pass it through here: the leak scan of ``crossings check --leaks`` (any hit stops the work
before anything is written), ``MANIFEST.sha256``, and a zip whose bytes depend only on the files.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from crossings.archive import Archive
from crossings.errors import CrossingsError

if TYPE_CHECKING:
    from crossings.leaks.quotes import Quotation

MANIFEST = "MANIFEST.sha256"
# Entries get one fixed time and mode so that two zips of the same files are the same bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def refuse_leaks(archive: Archive, stage: Path, what: str) -> list[Quotation]:
    """Scan *stage* as ``crossings check --leaks`` scans an edition; any hit stops *what*.

    The message names each artifact, line and column, never the text found. A withdrawn
    document's sentence that the stage shows only as a public document's quotation of it is no
    hit: those quotations are returned, for the report.
    """
    from crossings.leaks import collect_needles
    from crossings.leaks.quotes import public_text
    from crossings.leaks.scan import scan_artifacts

    found = scan_artifacts(stage, collect_needles(archive), stage, public=public_text(archive))
    leaks = found.leaks
    if leaks:
        listed = "\n".join(f"  {leak}" for leak in leaks[:20])
        more = f"\n  ... and {len(leaks) - 20} more" if len(leaks) > 20 else ""
        raise CrossingsError(f"the {what} would hold restricted text; nothing was written:\n{listed}{more}")
    return found.notes


def staged_files(stage: Path) -> list[Path]:
    """Every file of the stage, sorted by its path in the zip."""
    return sorted((p for p in stage.rglob("*") if p.is_file()), key=lambda p: p.relative_to(stage).as_posix())


def sha256_file(path: Path) -> str:
    """The hex SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(stage: Path) -> None:
    """MANIFEST.sha256: one ``<sha256>  <path>`` line per file (``sha256sum -c`` reads it)."""
    lines = [
        f"{sha256_file(path)}  {path.relative_to(stage).as_posix()}\n"
        for path in staged_files(stage)
        if path.relative_to(stage).as_posix() != MANIFEST
    ]
    (stage / MANIFEST).write_text("".join(lines), encoding="utf-8")


def write_zip(stage: Path, target: Path) -> int:
    """Zip *stage* into *target* with fixed times and modes, sorted; the number of files."""
    files = staged_files(stage)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as packed:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(stage).as_posix(), ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            packed.writestr(info, path.read_bytes())
    return len(files)
