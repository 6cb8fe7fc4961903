"""Small archives for ingest tests: originals in reports/ and a catalog row for each."""

from __future__ import annotations

import hashlib
from pathlib import Path

from click.testing import CliRunner, Result

from crossings.catalog.csvfile import write_catalog
from crossings.cli import main
from crossings.init import create_archive


def row(file: str, doc_id: str, title: str = "", language: str = "en", encoding: str = "") -> dict[str, str]:
    """A valid catalog row for *file*."""
    return {
        "file": file,
        "id": doc_id,
        "title": title or f"Document {doc_id}",
        "type": "paper",
        "language": language,
        "access": "public",
        "encoding": encoding,
    }


def make_archive(root: Path, files: dict[str, bytes], rows: list[dict[str, str]]) -> Path:
    """An archive at *root* holding *files* under reports/ and a catalog with *rows*, made as
    `crossings init --contact` makes one (so that `crossings check` has nothing to say about it)."""
    create_archive(root, "Ingest test", contact="archive@example.org")
    for name, data in files.items():
        path = root / "reports" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    write_catalog(root / "reports" / "catalog.csv", rows)
    return root


def ingest(root: Path, *args: str) -> Result:
    """Run ``crossings ingest`` on the archive in-process."""
    return CliRunner().invoke(main, ["ingest", "--archive", str(root), *args], catch_exceptions=False)


def tree_hashes(folder: Path) -> dict[str, str]:
    """The sha256 of every file under *folder*, by relative path."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def listing(folder: Path) -> set[str]:
    """Every path under *folder* (files and folders), relative."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}
