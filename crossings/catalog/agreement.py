"""``crossings check``: every ingested document's front matter against its catalog row."""

from __future__ import annotations

from pathlib import Path

from crossings.archive import Archive
from crossings.catalog.access import FrontMatter, Holdings
from crossings.catalog.authority import disagreements
from crossings.catalog.frontmatter import field_lines, read_document, split
from crossings.catalog.problems import Location, Problem
from crossings.catalog.validate import validate
from crossings.catalog.vocab import Vocabularies


def _lines(path: Path) -> dict[str, int]:
    """The line of each front-matter key of *path*."""
    try:
        head, _body = split(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return {}
    return dict(field_lines(head)) if head else {}


def _shown(value: object) -> str:
    """A value as the message shows it."""
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]" if value else "(empty)"
    return repr(value) if value != "" else "(empty)"


def document_problems(archive: Archive, holdings: Holdings) -> list[Problem]:
    """Documents whose front matter disagrees with the catalog, cannot be read, or lost their row."""
    problems: list[Problem] = []
    vocab: Vocabularies | None = None  # read once, when a document without a row needs it
    folder = archive.documents
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if path.name.startswith("."):
            continue
        display = path.relative_to(archive.root).as_posix()
        front = FrontMatter.read(path)
        if front.data is None:
            problems.append(
                Problem(
                    display,
                    "front matter cannot be read (not a YAML mapping of fields); it is left out "
                    "of the public edition until it is fixed",
                    line=1,
                )
            )
            continue
        problems += _against_catalog(display, path, front, holdings)
        if _without_row(path, holdings):
            vocab = vocab or Vocabularies.load(archive.vocabularies)
            problems += _unknown_terms(display, path, vocab)
    return problems


def _without_row(path: Path, holdings: Holdings) -> bool:
    """True for a document no catalog row holds (one written directly in MyST): its front matter
    is the only place its metadata is, so check weighs it against the vocabularies itself."""
    return not holdings.rows.get(path.stem)


def _unknown_terms(display: str, path: Path, vocab: Vocabularies) -> list[Problem]:
    """The values of a row-less document's front matter that no vocabulary knows, each naming the
    document, the line of its field and the term. The build only warns of them and leaves them out
    of search facets and OAI-PMH sets; the archive should not publish a term it cannot label."""
    try:
        meta, _problems, _body = read_document(path, display)
    except (OSError, UnicodeDecodeError):
        return []  # said by the front-matter check above
    return validate(meta, vocab, _where(display, path)) if meta is not None else []


def _where(display: str, path: Path) -> Location:
    """The location of a document's fields: its path and the line of each front-matter key."""
    return Location(display, line=1, field_lines=tuple(_lines(path).items()))


def _against_catalog(display: str, path: Path, front: FrontMatter, holdings: Holdings) -> list[Problem]:
    """The disagreements of one readable document with its catalog row."""
    doc_id = path.stem
    rows = holdings.rows.get(doc_id, [])
    meta = holdings.catalog_meta(doc_id)
    if meta is None:
        if not rows and front.source_file:
            return [
                Problem(
                    display,
                    f"converted from {front.source_file}, but no catalog row has id {doc_id!r}; it "
                    "is left out of the public edition: restore its row, or delete the document if it "
                    "was withdrawn",
                    line=1,
                    field="id",
                )
            ]
        return []  # a document written in MyST, or a row whose errors the catalog check reports
    row = holdings.rows[doc_id][0].where.row if rows else None
    lines = _lines(path)
    found = []
    for difference in disagreements(front.data or {}, meta):
        message = (
            f"{difference.field} is {_shown(difference.document)} here but {_shown(difference.catalog)} in "
            f"reports/catalog.csv (row {row}); the catalog decides: run `crossings ingest` to bring its "
            "values into the document"
        )
        found.append(
            Problem(display, message, line=lines.get(difference.field, 1), row=row, field=difference.field)
        )
    return found
