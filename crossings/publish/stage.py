"""Stage the source set of one edition: only the files the edition may hold, taken by allow-list.

Nothing is copied and then deleted: each file of source/ is staged only once the rules of
crossings.catalog.access say the edition holds it. A document is staged as ``documents/<id>.md``
with its media folder ``documents/<id>/``; anything else in documents/ (backups, editors' notes,
temporary files) is never staged. Hand-written pages outside documents/ are staged unless their
own front matter restricts them. Only changed files are written, with their mtimes, and staged
files that are no longer wanted are deleted, so Sphinx's incremental build keeps working.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from crossings import atomic
from crossings.catalog.access import (
    DOCUMENTS,
    PAGE_SUFFIXES,
    UNREADABLE,
    Decision,
    Holdings,
    front_matter_only,
    source_files,
)


@dataclass
class StageReport:
    """What staging did."""

    copied: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)


class Transform(Protocol):
    """Rewrites a staged Markdown file (catalog values, redaction) and dates the result."""

    def __call__(self, relative: Path, text: str) -> str: ...

    def rename(self, relative: Path) -> Path: ...

    def media(self, relative: Path, data: bytes) -> bytes | None: ...

    def touch(self, source: Path, target: Path) -> None: ...


def _document_of(relative: Path) -> tuple[str, bool] | None:
    """For a file under documents/: the document stem it belongs to and whether it is the text."""
    parts = relative.parts
    if not parts or parts[0] != DOCUMENTS:
        return None
    if len(parts) == 2:
        return (parts[1][:-3], True) if parts[1].endswith(".md") else ("", False)
    return parts[1], False


def allowed_files(
    source: Path,
    edition: str,
    holdings: Holdings,
    report: StageReport,
    decisions: dict[Path, Decision] | None = None,
) -> list[Path]:
    """The files of *source* that *edition* holds, relative to it (the allow-list)."""
    decisions = decisions if decisions is not None else holdings.decide_all(source, edition)
    for relative, decision in decisions.items():
        if not decision.held:
            name = relative.as_posix()
            report.withheld.append(name)
            report.reasons[name] = decision.reason
            if decision.reason == UNREADABLE:
                report.unreadable.append(name)
    held = {relative for relative, decision in decisions.items() if decision.held}
    held_documents = {r.stem for r in held if _document_of(r) == (r.stem, True)}
    allowed = []
    for relative in source_files(source):
        owner = _document_of(relative)
        if owner is None:
            if relative.suffix not in PAGE_SUFFIXES or relative in held:
                allowed.append(relative)
        elif owner[1]:
            if relative in held:
                allowed.append(relative)
        elif owner[0] in held_documents and relative.suffix not in PAGE_SUFFIXES:
            allowed.append(relative)  # media; a page in a media folder would be published unlisted
        elif f"{DOCUMENTS}/{owner[0]}.md" not in report.reasons:
            report.ignored.append(relative.as_posix())  # part of no document: never staged
    return allowed


def _same(src: Path, dest: Path) -> bool:
    """True when *dest* is already a copy of *src* (size and mtime)."""
    try:
        a, b = src.stat(), dest.stat()
    except FileNotFoundError:
        return False
    return a.st_size == b.st_size and int(a.st_mtime_ns) == int(b.st_mtime_ns)


def _stage_transformed(path: Path, target: Path, relative: Path, transform: Transform) -> bool:
    """Write the transformed text of *path* to *target* when it differs; True if written."""
    text = transform(relative, path.read_text(encoding="utf-8"))
    data = text.encode("utf-8")
    if target.is_file() and target.read_bytes() == data:
        return False
    atomic.write_bytes(target, data)
    transform.touch(path, target)
    return True


def _stage_media(path: Path, target: Path, relative: Path, transform: Transform, report: StageReport) -> bool:
    """Stage a media file as the transform makes it (metadata out); False when it is withheld."""
    data = transform.media(relative, path.read_bytes())
    if data is None:
        report.withheld.append(relative.as_posix())
        report.reasons[relative.as_posix()] = "it shows a withheld name that cannot be replaced"
        target.unlink(missing_ok=True)
        return False
    if not target.is_file() or target.read_bytes() != data:
        atomic.write_bytes(target, data)
        transform.touch(path, target)
        report.copied.append(relative.as_posix())
    return True


def stage(
    source: Path,
    dest: Path,
    edition: str,
    transform: Transform | None = None,
    holdings: Holdings | None = None,
    decisions: dict[Path, Decision] | None = None,
) -> StageReport:
    """Stage into *dest* what *edition* holds of *source*; return what changed.

    Markdown files pass through *transform* (catalog values, the edition's redaction) when one
    is given. *holdings* are the archive's access rules (front matter alone when not given);
    *decisions*, when given, are those rules already applied to every page.
    """
    report = StageReport()
    rules = holdings if holdings is not None else front_matter_only()
    wanted: set[Path] = set()
    for relative in allowed_files(source, edition, rules, report, decisions):
        path = source / relative
        staged = transform.rename(relative) if transform is not None and path.suffix != ".md" else relative
        wanted.add(staged)
        target = dest / staged
        if transform is not None and path.suffix == ".md":
            if _stage_transformed(path, target, staged, transform):
                report.copied.append(staged.as_posix())
        elif transform is not None:
            if not _stage_media(path, target, staged, transform, report):
                wanted.discard(staged)
        elif not _same(path, target):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            report.copied.append(staged.as_posix())
    if dest.is_dir():
        _remove_unwanted(dest, wanted, report)
    return report


def _remove_unwanted(dest: Path, wanted: set[Path], report: StageReport) -> None:
    """Delete staged files the edition no longer holds, and folders left empty."""
    for path in sorted(dest.rglob("*"), reverse=True):
        relative = path.relative_to(dest)
        if (path.is_file() or path.is_symlink()) and relative not in wanted:
            path.unlink()
            if not any(part.startswith(".") for part in relative.parts):
                report.deleted.append(relative.as_posix())
        elif path.is_dir() and not path.is_symlink() and not any(path.iterdir()):
            path.rmdir()
