"""Stage the source set of one edition: source/ minus what the edition must not contain.

The public edition's staged tree does not hold restricted documents at all (nor their media
folders), so nothing of them can reach any output. Only changed files are copied, with their
mtimes, and files gone from source/ are deleted, so Sphinx's incremental build keeps working.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import yaml

from crossings.catalog.frontmatter import split

DOCUMENTS = "documents"


@dataclass
class StageReport:
    """What staging did."""

    copied: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


def access_of(path: Path) -> str | None:
    """The ``access`` value of a document's front matter; None when it cannot be read."""
    try:
        head, _body = split(path.read_text(encoding="utf-8"))
        data = yaml.safe_load(head) if head is not None else {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(data, dict):
        return None
    return str(data.get("access") or "public").strip()


def withheld_documents(source: Path, edition: str, report: StageReport) -> set[str]:
    """Stems of documents the edition leaves out (public: restricted or unreadable front matter)."""
    if edition != "public":
        return set()
    withheld = set()
    for path in sorted((source / DOCUMENTS).glob("*.md")):
        access = access_of(path)
        if access is None:
            report.unreadable.append(path.relative_to(source).as_posix())
        if access != "public":
            withheld.add(path.stem)
            report.withheld.append(path.relative_to(source).as_posix())
    return withheld


def _excluded(relative: Path, withheld: set[str]) -> bool:
    """True for a withheld document or anything in its media folder."""
    parts = relative.parts
    if len(parts) < 2 or parts[0] != DOCUMENTS:
        return False
    name = parts[1]
    stem = name[:-3] if len(parts) == 2 and name.endswith(".md") else name
    return stem in withheld


def _same(src: Path, dest: Path) -> bool:
    """True when *dest* is already a copy of *src* (size and mtime)."""
    try:
        a, b = src.stat(), dest.stat()
    except FileNotFoundError:
        return False
    return a.st_size == b.st_size and int(a.st_mtime_ns) == int(b.st_mtime_ns)


class Transform(Protocol):
    """Rewrites a staged Markdown file (redaction) and dates the result."""

    def __call__(self, relative: Path, text: str) -> str: ...

    def rename(self, relative: Path) -> Path: ...

    def touch(self, source: Path, target: Path) -> None: ...


def _stage_transformed(path: Path, target: Path, relative: Path, transform: Transform) -> bool:
    """Write the transformed text of *path* to *target* when it differs; True if written."""
    text = transform(relative, path.read_text(encoding="utf-8"))
    data = text.encode("utf-8")
    if target.is_file() and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
    transform.touch(path, target)
    return True


def stage(source: Path, dest: Path, edition: str, transform: Transform | None = None) -> StageReport:
    """Mirror *source* into *dest* for *edition*; return what changed.

    Markdown files pass through *transform* (the edition's redaction) when one is given.
    """
    report = StageReport()
    withheld = withheld_documents(source, edition, report)
    wanted: set[Path] = set()
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if path.is_dir() or path.is_symlink() or any(p.startswith(".") for p in relative.parts):
            continue  # symlinks could point anywhere; dot files are editor and VCS litter
        if _excluded(relative, withheld):
            continue
        if transform is not None and path.suffix != ".md":
            relative = transform.rename(relative)
        wanted.add(relative)
        target = dest / relative
        if transform is not None and path.suffix == ".md":
            if _stage_transformed(path, target, relative, transform):
                report.copied.append(relative.as_posix())
        elif not _same(path, target):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            report.copied.append(relative.as_posix())
    if dest.is_dir():
        for path in sorted(dest.rglob("*"), reverse=True):
            relative = path.relative_to(dest)
            if path.is_file() and relative not in wanted:
                path.unlink()
                report.deleted.append(relative.as_posix())
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return report
