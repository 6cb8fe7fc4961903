"""What a crash can leave behind, and where no edition must ever find it.

A killed ingest leaves its scratch folder (copies of originals, unredacted) under build/tmp; a
killed index run leaves a half-written generation (``.gen-N.tmp``); a killed editor or atomic
write leaves ``.name.tmp`` files; older versions of crossings kept ``ingest --force`` backups
next to the documents. The next run of the command that made them removes them at its start;
``crossings check`` names any that remain.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
from pathlib import Path

from crossings.archive import Archive
from crossings.catalog.problems import Problem

INGEST_PREFIX = "ingest-"
_INGEST_FOLDER = re.compile(rf"^{INGEST_PREFIX}(?:(\d+)-)?")


def ingest_scratch(archive: Archive) -> Path:
    """Where ingest converts: build/tmp, outside every staged and published folder."""
    return archive.build / "tmp"


def scratch_prefix() -> str:
    """The name prefix of this process's scratch folders (its pid tells a live one from a stale one)."""
    return f"{INGEST_PREFIX}{os.getpid()}-"


def _alive(pid: int) -> bool:
    """True when a process with *pid* runs."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stale_ingest_folders(archive: Archive) -> list[Path]:
    """Scratch folders of ingest runs that no longer run."""
    parent = ingest_scratch(archive)
    stale = []
    for path in sorted(parent.glob(f"{INGEST_PREFIX}*")) if parent.is_dir() else []:
        match = _INGEST_FOLDER.match(path.name)
        if match and (match.group(1) is None or not _alive(int(match.group(1)))):
            stale.append(path)
    return stale


def _index_lock_free(index_dir: Path) -> bool:
    """True when no `crossings index` run holds *index_dir*'s writer lock."""
    lock = index_dir / ".lock"
    if not lock.is_file():
        return True
    with lock.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
    return True


def stale_index_generations(archive: Archive) -> list[Path]:
    """Half-written index generations of index runs that no longer run."""
    found = []
    for tmp in sorted(archive.build.glob("*/search/*/.gen-*.tmp")) if archive.build.is_dir() else []:
        if _index_lock_free(tmp.parent):
            found.append(tmp)
    return found


def source_residue(archive: Archive) -> list[Path]:
    """Backups and temporary files inside source/ (never staged, but not for source/ either)."""
    if not archive.source.is_dir():
        return []
    found = [p for p in archive.source.rglob("*.md.edited-*") if p.is_file()]
    found += [p for p in archive.source.rglob(".*.tmp") if p.is_file()]
    return sorted(found)


def remove(paths: list[Path]) -> None:
    """Delete leftover files and folders."""
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def leftover_problems(archive: Archive) -> list[Problem]:
    """Every leftover as a warning saying what it is and what to do."""
    problems = []
    for path in stale_ingest_folders(archive):
        problems.append(
            _problem(
                archive,
                path,
                "scratch folder of an interrupted ingest (copies of originals); "
                "the next `crossings ingest` removes it, or delete it",
            )
        )
    for path in stale_index_generations(archive):
        problems.append(
            _problem(
                archive,
                path,
                "half-written index of an interrupted `crossings index`; "
                "the next run removes it, or delete it",
            )
        )
    for path in source_residue(archive):
        what = "a backup" if ".md.edited-" in path.name else "a temporary file"
        problems.append(
            _problem(
                archive,
                path,
                f"{what} left inside source/; it is never published, but move it to backups/ or delete it",
            )
        )
    return problems


def _problem(archive: Archive, path: Path, message: str) -> Problem:
    """A warning about *path*, shown relative to the archive."""
    return Problem(path.relative_to(archive.root).as_posix(), message, severity="warning")
