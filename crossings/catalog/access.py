"""Which documents the public edition may hold: decided from the catalog first, failing closed.

A document is public only when nothing says otherwise: its front matter says ``access: public``
and every catalog row with its id says ``public`` too. A document converted from an original
(its front matter names a ``source.file``) needs its catalog row: a row deleted to withdraw a
document withdraws it. Unreadable front matter, an unknown access value or a catalog that
cannot be read all keep a document out. Staging, ``crossings check`` and the leak scan share
these rules, so what is withheld is also what is looked for.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from crossings.archive import Archive
from crossings.catalog.csvfile import CatalogRow, read_catalog
from crossings.catalog.frontmatter import split
from crossings.catalog.load import load_catalog
from crossings.catalog.model import DocumentMeta
from crossings.catalog.problems import Problem
from crossings.errors import CrossingsError

DOCUMENTS = "documents"
PUBLIC = "public"


@dataclass(frozen=True)
class FrontMatter:
    """A source file's front matter as read for access decisions (None data: unreadable)."""

    data: dict[str, Any] | None
    present: bool

    @classmethod
    def read(cls, path: Path) -> FrontMatter:
        """The front matter of *path*; unreadable files and YAML give ``data=None``."""
        try:
            head, _body = split(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return cls(None, True)
        if head is None:
            return cls({}, False)
        try:
            data = yaml.safe_load(head)
        except yaml.YAMLError:
            return cls(None, True)
        if data is None:
            return cls({}, True)
        return cls(data if isinstance(data, dict) else None, True)

    def text(self, name: str) -> str:
        """One scalar field as stripped text ('' when absent)."""
        value = (self.data or {}).get(name)
        return "" if value is None else str(value).strip()

    @property
    def source_file(self) -> str:
        """The original the document was converted from ('' for documents written in MyST)."""
        source = (self.data or {}).get("source")
        return str(source.get("file") or "").strip() if isinstance(source, dict) else ""


@dataclass(frozen=True)
class Decision:
    """Whether an edition holds a file, and why not."""

    held: bool
    reason: str = ""


@dataclass
class Holdings:
    """The access rules of one archive: its catalog rows by id, and the parsed documents."""

    rows: dict[str, list[CatalogRow]] = field(default_factory=dict)
    documents: dict[str, DocumentMeta] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    catalog_mtime: float = 0.0
    has_catalog: bool = False

    @classmethod
    def load(cls, archive: Archive) -> Holdings:
        """The rules of *archive*'s catalog (problems that stop a public build are kept in ``problems``)."""
        rows, problems = read_catalog(archive.catalog, "reports/catalog.csv")
        by_id: dict[str, list[CatalogRow]] = defaultdict(list)
        for row in rows:
            by_id[row.values.get("id", "").strip()].append(row)
        catalog = load_catalog(archive, check_files=False)
        mtime = archive.catalog.stat().st_mtime if archive.catalog.is_file() else 0.0
        fatal = [p for p in problems if p.row is None and p.severity == "error"]
        return cls(dict(by_id), catalog.by_id(), fatal, mtime, has_catalog=True)

    def require_readable(self) -> None:
        """Stop when the catalog itself cannot be read: access could not be decided."""
        if self.problems:
            detail = "; ".join(str(p) for p in self.problems)
            raise CrossingsError(
                f"{detail}\nthe public edition cannot be built while reports/catalog.csv cannot be read, "
                "because the catalog decides which documents are public; fix it and build again"
            )

    def catalog_meta(self, doc_id: str) -> DocumentMeta | None:
        """The parsed catalog row of *doc_id* (None when it has none or its row has errors)."""
        return self.documents.get(doc_id)

    def decide(self, relative: Path, front: FrontMatter, edition: str) -> Decision:
        """Whether *edition* holds the source file *relative* (a path under source/)."""
        if edition != PUBLIC:
            return Decision(True)
        if front.data is None:
            return Decision(False, "front matter unreadable")
        in_documents = len(relative.parts) == 2 and relative.parts[0] == DOCUMENTS
        access = front.text("access")
        if not in_documents:
            held = access in ("", PUBLIC)
            return Decision(held, "" if held else f"its front matter says access: {access}")
        if access != PUBLIC:
            return Decision(False, f"its front matter says access: {access or '(nothing)'}")
        return self._decide_by_catalog(relative.stem, front)

    def _decide_by_catalog(self, stem: str, front: FrontMatter) -> Decision:
        """A public-looking document: every catalog row of its id must agree."""
        ids = {stem, front.text("id")} - {""}
        rows = [row for doc_id in sorted(ids) for row in self.rows.get(doc_id, [])]
        for row in rows:
            access = row.values.get("access", "").strip()
            if access != PUBLIC:
                where = f"reports/catalog.csv row {row.where.row}"
                return Decision(False, f"{where} says access: {access or '(nothing)'}")
        if front.source_file and not rows and self.has_catalog:
            return Decision(False, f"converted from {front.source_file} but no catalog row has its id")
        return Decision(True)


def front_matter_only() -> Holdings:
    """Rules without a catalog: front matter alone decides (for a source folder outside an archive)."""
    return Holdings()
