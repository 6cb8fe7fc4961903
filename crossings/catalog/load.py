"""Load an archive's catalog: every row parsed and validated, problems collected."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from crossings.archive import Archive
from crossings.catalog.csvfile import CatalogRow, read_catalog
from crossings.catalog.model import DocumentMeta
from crossings.catalog.originals import nfc, original_path
from crossings.catalog.parse import leaves_reports, parse_row_lenient
from crossings.catalog.problems import Problem
from crossings.catalog.validate import validate
from crossings.catalog.vocab import Vocabularies

IGNORED_NAMES = {"catalog.csv", "README.md", "README.txt", ".gitkeep"}


@dataclass
class Catalog:
    """The documents of an archive as the catalog describes them."""

    documents: list[DocumentMeta]
    vocab: Vocabularies
    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, CatalogRow] = field(default_factory=dict)

    def by_id(self) -> dict[str, DocumentMeta]:
        """Documents keyed by id."""
        return {doc.id: doc for doc in self.documents}


def load_catalog(archive: Archive, check_files: bool = True) -> Catalog:
    """Parse, validate and cross-check every row of the archive's catalog."""
    vocab = Vocabularies.load(archive.vocabularies)
    display = _display(archive, archive.catalog)
    rows, problems = read_catalog(archive.catalog, display)
    unreadable = {p.row for p in problems if p.row is not None and p.severity == "error"}
    problems = [*vocab.problems, *problems]
    catalog = Catalog([], vocab, problems)
    for row in rows:
        meta, row_problems = parse_row_lenient(row.values, row.where)
        row_problems += validate(meta, vocab, row.where)
        problems += row_problems
        if row.where.row not in unreadable and not any(p.severity == "error" for p in row_problems):
            catalog.documents.append(meta)
            catalog.rows.setdefault(meta.id, row)
    problems += _duplicates(rows)
    unread = not rows and any(
        p.row is None and p.severity == "error" for p in problems[len(vocab.problems) :]
    )
    if check_files:  # a catalog that could not be read lists no file: say so once, not once per file
        problems += _files_on_disk(archive, rows, display, listing=not unread)
    return catalog


def _display(archive: Archive, path: Path) -> str:
    """A path as users see it: relative to the archive root."""
    try:
        return str(path.relative_to(archive.root))
    except ValueError:
        return str(path)


def _duplicates(rows: list[CatalogRow]) -> list[Problem]:
    """Ids used twice and files listed twice, each reported at the later row."""
    problems = []
    for column, what in (("id", "id"), ("file", "file")):
        keys = [_key(column, row.values.get(column, "")) for row in rows]
        counts = Counter(keys)
        first: dict[str, int] = {}
        for row, key in zip(rows, keys, strict=True):
            if not key or counts[key] < 2:
                continue
            if key in first:
                value = nfc(row.values.get(column, ""))
                message = f"duplicate {what} {value!r} (first used in row {first[key]})"
                problems.append(row.where.problem(column, message))
            else:
                first[key] = row.where.row or 0
    return problems


def _key(column: str, value: str) -> str:
    """What makes two cells of *column* the same: NFC, and for a file the path it names
    (``./a.txt``, ``a.txt/`` and ``sub//a.txt`` name ``a.txt`` and ``sub/a.txt``)."""
    value = nfc(value)
    if column == "file" and value:
        return PurePosixPath(value).as_posix()
    return value


def _files_on_disk(
    archive: Archive, rows: list[CatalogRow], display: str, *, listing: bool = True
) -> list[Problem]:
    """Files listed but missing, and (with *listing*) files present but not listed (names in NFC too)."""
    problems = []
    listed = set()
    damaged = []  # file cells holding a byte that could not be read: the row is reported already
    reports = archive.reports.resolve()
    for row in rows:
        name = row.values.get("file", "")
        if not name:
            continue
        if "\ufffd" in name:
            pieces = (re.escape(piece) for piece in name.split("\ufffd"))
            damaged.append(re.compile(".{0,4}".join(pieces)))
            continue
        if leaves_reports(name):
            continue  # reported by the syntax check
        try:
            path = original_path(archive.reports, name)
            listed.add(path.relative_to(archive.reports).as_posix())
            if not path.resolve().is_relative_to(reports):
                message = (
                    f"reports/{name} is a link to a file outside reports/; "
                    "copy the file itself into reports/ in place of the link"
                )
                problems.append(row.where.problem("file", message))
            elif not path.is_file():
                problems.append(row.where.problem("file", f"file not found: reports/{name}"))
        except OSError as exc:
            message = (
                f"reports/{name} cannot be opened ({exc.strerror or exc}); "
                "give the file a shorter name and put that name in the file column"
            )
            problems.append(row.where.problem("file", message))
    if not listing:
        return problems
    for path in sorted(archive.reports.rglob("*")):
        if not path.is_file() or path.name in IGNORED_NAMES or path.name.startswith("."):
            continue
        name = path.relative_to(archive.reports).as_posix()
        if name not in listed and not any(pattern.fullmatch(name) for pattern in damaged):
            problems.append(
                Problem(display, f"reports/{name} is on disk but not in the catalog; add a row for it")
            )
    return problems
