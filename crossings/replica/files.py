"""Folders shipped file by file: the OAI-PMH records and the search settings.

Each file is replaced atomically (a copy flushed to disk under a temporary name, then renamed),
so a server reads the old file or the new one; a file the source no longer has is deleted (the
records of a language whose site was removed, which may name withdrawn documents).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from crossings.atomic import copy_synced, sync_folder


def mirror_files(source: Path, target: Path, pattern: str) -> list[str]:
    """Make the files *pattern* matches in *target* those of *source* (not hidden ones, not
    folders); the names of the files written or deleted, sorted."""
    wanted = {p.name: p for p in source.glob(pattern) if _shipped(p)} if source.is_dir() else {}
    target.mkdir(parents=True, exist_ok=True)
    for stale in target.glob(".*.tmp"):  # an interrupted ship's copy
        stale.unlink(missing_ok=True)
    changed = []
    for name, path in sorted(wanted.items()):
        if not _same(path, target / name):
            _replace(path, target / name)
            changed.append(name)
    for path in sorted(target.glob(pattern)):
        if _shipped(path) and path.name not in wanted:
            path.unlink()
            changed.append(path.name)
    sync_folder(target)
    return sorted(changed)


def _shipped(path: Path) -> bool:
    """True for a plain file that is not hidden."""
    return not path.name.startswith(".") and path.is_file() and not path.is_symlink()


def _same(path: Path, target: Path) -> bool:
    """True when *target* holds exactly *path*'s bytes."""
    try:
        return target.is_file() and target.read_bytes() == path.read_bytes()
    except OSError:
        return False


def _replace(path: Path, target: Path) -> None:
    """Copy *path* over *target* atomically, flushed to disk before the rename (one ship writes
    a replica at a time, so the temporary name is free)."""
    temp = target.with_name(f".{target.name}.tmp")
    temp.unlink(missing_ok=True)
    try:
        copy_synced(path, temp)
        temp.replace(target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
