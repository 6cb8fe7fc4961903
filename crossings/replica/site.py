"""The built site shipped to a replica: a new folder, then one symbolic link swapped to it.

A replica's ``build/<edition>/html`` is a symbolic link to ``site-NNNNNN`` beside it. A ship
copies the source's site into ``.site-NNNNNN.tmp``, flushes it to disk, renames it, and replaces
the link atomically (a new link renamed over the old one), so a request finds the previous site
or the new one, whole: ``crossings serve`` resolves the link once per request. A file the
previous copy holds unchanged (same size and modification time, as rsync compares) is a hard
link to it rather than a second copy: copies are never changed once made, only deleted. Hidden
files (``.buildinfo``) and symbolic links are not shipped: the server never serves them.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from crossings.atomic import next_numbered, signals_held, sync_folder
from crossings.replica.folder import ReplicaError

LINK = "html"
PREFIX = "site-"


@dataclass
class ShippedSite:
    """What shipping the site did."""

    folder: str  # the site-NNNNNN the link names now
    files: int = 0
    copied: int = 0  # files written anew (the others are links to the previous copy)
    bytes: int = 0  # bytes written anew
    unchanged: bool = False  # the previous copy held exactly these files: nothing was swapped
    skipped: list[str] = field(default_factory=list)  # symbolic links left out, relative to the site

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return asdict(self)


def ship_site(source: Path, edition_dir: Path) -> ShippedSite:
    """Copy the site folder *source* into *edition_dir* and point its ``html`` link at the copy."""
    link = edition_dir / LINK
    if link.exists() and not link.is_symlink():
        raise ReplicaError(
            f"{link}: a folder, not the link `crossings ship` makes; move it out of the replica, ship again"
        )
    previous = link.resolve() if link.is_symlink() and link.resolve().is_dir() else None
    edition_dir.mkdir(parents=True, exist_ok=True)
    for stale in edition_dir.glob(f".{PREFIX}*.tmp"):  # an interrupted ship's copy
        shutil.rmtree(stale, ignore_errors=True)
    name = next_numbered(edition_dir, PREFIX)
    tmp = edition_dir / f".{name}.tmp"
    report = ShippedSite(name)
    try:
        _copy_tree(source.resolve(), tmp, previous, report)
        if previous is not None and report.copied == 0 and _files(previous) == _files(tmp):
            report.folder, report.unchanged = previous.name, True
            return report
        os.sync()  # one flush of every page written (an fsync each would cost more than the copy)
        with signals_held():
            tmp.replace(edition_dir / name)
            _swap_link(edition_dir, name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return report


def prune_sites(edition_dir: Path) -> list[str]:
    """Delete the site copies the link no longer names (they may hold withdrawn pages); their names."""
    link = edition_dir / LINK
    live = link.resolve().name if link.is_symlink() else None
    removed = []
    for path in sorted(edition_dir.glob(f"{PREFIX}*")):
        if path.name != live and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed


def _copy_tree(source: Path, target: Path, previous: Path | None, report: ShippedSite) -> None:
    """Copy the site *source* into the new folder *target*, linking files unchanged in *previous*."""
    for folder, dirs, files in os.walk(source):
        here = Path(folder)
        relative = here.relative_to(source)
        (target / relative).mkdir(parents=True, exist_ok=True)
        for name in [d for d in dirs if d.startswith(".") or (here / d).is_symlink()]:
            dirs.remove(name)
            if not name.startswith("."):
                report.skipped.append((relative / name).as_posix())
        for name in sorted(files):
            path = here / name
            if name.startswith("."):
                continue
            if path.is_symlink() or not path.is_file():
                report.skipped.append((relative / name).as_posix())
                continue
            report.files += 1
            before = previous / relative / name if previous is not None else None
            _ship_file(path, target / relative / name, before, report)
        sync_folder(target / relative)


def _ship_file(path: Path, target: Path, before: Path | None, report: ShippedSite) -> None:
    """Link *target* to the previous copy *before* when it is unchanged, else copy *path*."""
    info = path.stat()
    if before is not None:
        try:
            old = before.lstat()
        except OSError:
            old = None
        if old is not None and old.st_size == info.st_size and old.st_mtime_ns == info.st_mtime_ns:
            os.link(before, target)
            return
    shutil.copyfile(path, target)
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))  # what the next ship compares
    report.copied += 1
    report.bytes += info.st_size


def _files(root: Path) -> set[str]:
    """The relative paths of every file under *root*."""
    found: set[str] = set()
    for folder, _, files in os.walk(root):
        found.update((Path(folder) / name).relative_to(root).as_posix() for name in files)
    return found


def _swap_link(edition_dir: Path, name: str) -> None:
    """Point ``html`` at *name*: a new link renamed over the old one (one atomic step)."""
    tmp = edition_dir / f".{LINK}.link.tmp"
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(name)
    tmp.replace(edition_dir / LINK)
    sync_folder(edition_dir)
