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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from crossings.catalog.access import DOCUMENTS, FrontMatter, Holdings, front_matter_only

PAGE_SUFFIXES = (".md", ".rst")


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

    def touch(self, source: Path, target: Path) -> None: ...


def _candidates(source: Path) -> Iterator[Path]:
    """Regular files under *source*, relative, without dot files or anything behind a symlink."""
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if any(part.startswith(".") for part in relative.parts):
            continue  # editor and VCS litter, atomic-write temporaries
        if path.is_symlink() or not path.is_file():
            continue  # symlinks could point anywhere
        if any((source / Path(*relative.parts[:depth])).is_symlink() for depth in range(1, len(relative.parts))):
            continue
        yield relative


def _document_of(relative: Path) -> tuple[str, bool] | None:
    """For a file under documents/: the document stem it belongs to and whether it is the text."""
    parts = relative.parts
    if not parts or parts[0] != DOCUMENTS:
        return None
    if len(parts) == 2:
        return (parts[1][:-3], True) if parts[1].endswith(".md") else ("", False)
    return parts[1], False


def allowed_files(
    source: Path, edition: str, holdings: Holdings, report: StageReport
) -> list[Path]:
    """The files of *source* that *edition* holds, relative to it (the allow-list)."""
    candidates = list(_candidates(source))
    held_documents: set[str] = set()
    for relative in candidates:
        owner = _document_of(relative)
        if owner is not None and owner[1]:
            decision = holdings.decide(relative, FrontMatter.read(source / relative), edition)
            name = relative.as_posix()
            if decision.held:
                held_documents.add(owner[0])
            else:
                report.withheld.append(name)
                report.reasons[name] = decision.reason
                if decision.reason == "front matter unreadable":
                    report.unreadable.append(name)
    allowed = []
    for relative in candidates:
        owner = _document_of(relative)
        if owner is None:
            if relative.suffix in PAGE_SUFFIXES:
                decision = holdings.decide(relative, FrontMatter.read(source / relative), edition)
                if not decision.held:
                    report.withheld.append(relative.as_posix())
                    report.reasons[relative.as_posix()] = decision.reason
                    continue
            allowed.append(relative)
        elif owner[1]:
            if owner[0] in held_documents:
                allowed.append(relative)
        elif owner[0] in held_documents and relative.suffix not in PAGE_SUFFIXES:
            allowed.append(relative)  # media; a page in a media folder would be published unlisted
        elif not owner[1] and f"{DOCUMENTS}/{owner[0]}.md" not in report.reasons:
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
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
    transform.touch(path, target)
    return True


def stage(
    source: Path,
    dest: Path,
    edition: str,
    transform: Transform | None = None,
    holdings: Holdings | None = None,
) -> StageReport:
    """Stage into *dest* what *edition* holds of *source*; return what changed.

    Markdown files pass through *transform* (catalog values, the edition's redaction) when one
    is given. *holdings* are the archive's access rules (front matter alone when not given).
    """
    report = StageReport()
    rules = holdings if holdings is not None else front_matter_only()
    wanted: set[Path] = set()
    for relative in allowed_files(source, edition, rules, report):
        path = source / relative
        staged = transform.rename(relative) if transform is not None and path.suffix != ".md" else relative
        wanted.add(staged)
        target = dest / staged
        if transform is not None and path.suffix == ".md":
            if _stage_transformed(path, target, staged, transform):
                report.copied.append(staged.as_posix())
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
