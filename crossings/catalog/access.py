"""Which pages the public edition may hold: decided from the catalog first, failing closed.

A page is public only when nothing says otherwise. Its front matter (YAML for Markdown, the
leading field list for reStructuredText) must not restrict it, and a document under documents/
must say ``access: public`` itself. Every catalog row with the page's id must say ``public``
too, wherever the page lives (a draft copy outside documents/ is still that document). A
document converted from an original (its front matter names a ``source.file``) needs its
catalog row: a row deleted to withdraw a document withdraws it. The translations of a withheld
document (``x-th``, or ``translation_of: x``) are withheld with it. Unreadable front matter, an
unknown access value or a catalog that cannot be read keep a page out. Staging, ``crossings
check`` and the leak scan share these rules, so what is withheld is also what is looked for.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from crossings.archive import Archive
from crossings.catalog import yamltext
from crossings.catalog.csvfile import CatalogRow, read_catalog
from crossings.catalog.frontmatter import looks_like_front_matter, split
from crossings.catalog.load import load_catalog
from crossings.catalog.model import DocumentMeta
from crossings.catalog.problems import Problem
from crossings.errors import CrossingsError

DOCUMENTS = "documents"
PUBLIC = "public"
PAGE_SUFFIXES = (".md", ".rst")
UNREADABLE = "front matter unreadable"
_RST_FIELD = re.compile(r"^:([^:\s][^:]*):(?:[ \t]+(.*))?$")


def _rst_fields(text: str) -> dict[str, Any]:
    """The leading field list of an rST page (its file-wide metadata, as Sphinx reads it)."""
    fields: dict[str, Any] = {}
    lines = text.lstrip("\ufeff").splitlines()
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    while index < len(lines):
        match = _RST_FIELD.match(lines[index])
        if match is None:
            break
        value = [match.group(2) or ""]
        index += 1
        while index < len(lines) and lines[index][:1] in (" ", "\t") and lines[index].strip():
            value.append(lines[index].strip())
            index += 1
        fields[match.group(1).strip().lower()] = " ".join(v for v in value if v).strip()
    return fields


@dataclass(frozen=True)
class FrontMatter:
    """A source page's front matter as read for access decisions (None data: unreadable)."""

    data: dict[str, Any] | None
    present: bool

    @classmethod
    def read(cls, path: Path) -> FrontMatter:
        """The front matter of *path*; unreadable files, YAML or fences give ``data=None``."""
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return cls(None, True)
        if path.suffix == ".rst":
            fields = _rst_fields(text)
            return cls(fields, bool(fields))
        head, _body = split(text)
        if head is None:
            # Something that starts like a front-matter block but cannot be read: fail closed.
            return cls(None, True) if looks_like_front_matter(text) else cls({}, False)
        try:
            data = yamltext.load(head)
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

    @property
    def family(self) -> str:
        """The id a document shares with its translations ('' without an id)."""
        doc_id = self.text("id")
        if self.text("translation_of"):
            return self.text("translation_of")
        suffix = "-" + self.text("language").lower()
        if doc_id.endswith(suffix) and len(doc_id) > len(suffix) and suffix != "-":
            return doc_id[: -len(suffix)]
        return doc_id


@dataclass(frozen=True)
class Decision:
    """Whether an edition holds a page, and why not."""

    held: bool
    reason: str = ""


def in_documents(relative: Path) -> bool:
    """True for a page directly under documents/ (an archive document)."""
    return len(relative.parts) == 2 and relative.parts[0] == DOCUMENTS


def source_files(source: Path) -> list[Path]:
    """Regular files under *source*, relative, without dot files or anything behind a symlink."""
    files = []
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if any(part.startswith(".") for part in relative.parts):
            continue  # editor and VCS litter, atomic-write temporaries
        if path.is_symlink() or not path.is_file():
            continue  # symlinks could point anywhere
        parents = (source / Path(*relative.parts[:depth]) for depth in range(1, len(relative.parts)))
        if any(parent.is_symlink() for parent in parents):
            continue
        files.append(relative)
    return files


def source_pages(source: Path) -> list[Path]:
    """Every page (Markdown or rST) under *source*, relative."""
    return [relative for relative in source_files(source) if relative.suffix in PAGE_SUFFIXES]


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

    def restricted_by_catalog(self, doc_id: str) -> str:
        """Why the catalog keeps *doc_id* out ('' when every row of it says public, or it has none)."""
        for row in self.rows.get(doc_id, []) if doc_id else []:
            access = row.values.get("access", "").strip()
            if access != PUBLIC:
                return f"reports/catalog.csv row {row.where.row} says access: {access or '(nothing)'}"
        return ""

    def decide(self, relative: Path, front: FrontMatter, edition: str) -> Decision:
        """Whether *edition* holds the page *relative* (a path under source/), by its own rules."""
        if edition != PUBLIC:
            return Decision(True)
        if front.data is None:
            return Decision(False, UNREADABLE)
        access = front.text("access")
        if in_documents(relative) and access != PUBLIC:
            return Decision(False, f"its front matter says access: {access or '(nothing)'}")
        if access not in ("", PUBLIC):
            return Decision(False, f"its front matter says access: {access}")
        for doc_id in sorted({relative.stem if in_documents(relative) else "", front.text("id")} - {""}):
            reason = self.restricted_by_catalog(doc_id)
            if reason:
                return Decision(False, reason)
        doc_id = front.text("id") or (relative.stem if in_documents(relative) else "")
        if front.source_file and self.has_catalog and doc_id and not self.rows.get(doc_id):
            return Decision(False, f"converted from {front.source_file} but no catalog row has its id")
        return Decision(True)

    def decide_all(self, source: Path, edition: str) -> dict[Path, Decision]:
        """The decision for every page under *source*, translations following their original."""
        fronts = {relative: FrontMatter.read(source / relative) for relative in source_pages(source)}
        decisions = {relative: self.decide(relative, front, edition) for relative, front in fronts.items()}
        if edition != PUBLIC:
            return decisions
        withheld_ids = {
            front.text("id") or relative.stem: decisions[relative].reason
            for relative, front in fronts.items()
            if not decisions[relative].held and (front.text("id") or in_documents(relative))
        }
        for relative, front in fronts.items():
            family = front.family
            if not decisions[relative].held or not family or family == front.text("id"):
                continue
            if family in withheld_ids or self.restricted_by_catalog(family):
                decisions[relative] = Decision(False, f"a translation of {family}, which is withheld")
        return decisions


def front_matter_only() -> Holdings:
    """Rules without a catalog: front matter alone decides (for a source folder outside an archive)."""
    return Holdings()
