"""Mistakes in redactions.csv that would withhold nothing, and ids that would publish a name."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from crossings.archive import Archive
from crossings.catalog.access import Decision, FrontMatter, Holdings, in_documents
from crossings.catalog.problems import Problem
from crossings.errors import CrossingsError
from crossings.redact.apply import every_name, patterns_for
from crossings.redact.names import RedactedName, load_redactions, name_orders
from crossings.redact.skeleton import Pattern, find

REDACTIONS = "redactions.csv"


def scope_problems(names: list[RedactedName], known: set[str]) -> list[Problem]:
    """Rows whose documents column names a document the archive does not have.

    Such a name is withheld nowhere (a surname-first name written without quotes scopes its
    first part to a "document" called like its second), so it is an error, not a warning.
    """
    problems = []
    for entry in names:
        unknown = [doc for doc in entry.documents if doc not in known]
        if unknown:
            message = (
                f"documents names {', '.join(map(repr, unknown))}, which is no document of the archive, "
                "so the name is withheld nowhere there; give document ids (;-separated), or leave it "
                "empty for all"
            )
            problems.append(Problem(REDACTIONS, message, line=entry.line or None, field="documents"))
    return problems


def id_problems(ids: Iterable[tuple[str, str]], names: list[RedactedName]) -> list[Problem]:
    """Documents whose id (their address, shown in every link) holds a name they withhold.

    *ids* are (id, where) pairs; a match names the redactions.csv row, never the name.
    """
    problems = []
    for doc_id, where in ids:
        for match in find(doc_id, patterns_for(doc_id, names)):
            tag = match.pattern.tag
            row = f"row {tag.number} of {REDACTIONS}" if isinstance(tag, RedactedName) else REDACTIONS
            message = (
                f"id {doc_id!r} holds a name withheld by {row}; the id is the document's address, shown in "
                "every link to it: choose another id (rename the file and its catalog row)"
            )
            problems.append(Problem(where, message, field="id"))
    return problems


def path_problems(pages: Iterable[Path], names: list[RedactedName]) -> list[Problem]:
    """Published pages outside documents/ whose path (their address: every link, the sitemap, the
    search index) holds a withheld name. Staging cannot rename a page without breaking every
    table of contents and link naming it, so the editor renames it; a match names the row."""
    patterns = every_name(names)
    problems = []
    for relative in pages:
        address = relative.with_suffix("").as_posix()
        rows = sorted(
            {m.pattern.tag.number for m in find(address, patterns) if isinstance(m.pattern.tag, RedactedName)}
        )
        for number in rows:
            message = (
                f"the page's path holds a name withheld by row {number} of {REDACTIONS}; the path is the "
                "page's address, shown in every link to it: rename the file (or its folder) and the "
                "entries naming it in tables of contents"
            )
            problems.append(Problem(f"source/{relative.as_posix()}", message))
    return problems


Published = tuple[str, str, str, str, int]


def out_of_scope_problems(documents: Iterable[Published], names: list[RedactedName]) -> list[Problem]:
    """Published documents that hold a name redactions.csv withholds only in other documents.

    *documents* are (id, family, text, file, first line) of every text the edition publishes: a
    document's source file, the catalog row of a public document. Staging
    would leave such a name in place while the leak scan, which looks for every withheld name in
    every public file, stops the release; so the build is refused first, naming the document,
    its line and the row (never the name), with what to do.
    """
    scoped = [entry for entry in names if entry.documents]
    problems = []
    for doc_id, family, text, where, first in documents:
        outside = [entry for entry in scoped if not entry.applies_to(doc_id, family)]
        if not outside:
            continue
        patterns = [Pattern.of(order, entry) for entry in outside for order in name_orders(entry.name)]
        rows: dict[int, int] = {}
        for match in find(text, patterns):
            tag = match.pattern.tag
            if isinstance(tag, RedactedName):
                rows.setdefault(tag.number, first + text.count("\n", 0, match.start))
        for number, line in sorted(rows.items()):
            message = (
                f"holds a name that row {number} of {REDACTIONS} withholds only in other documents, so "
                f"the public edition would publish it here: add {doc_id!r} to that row's documents, or "
                "leave its documents empty to withhold the name everywhere"
            )
            problems.append(Problem(where, message, line=line))
    return problems


def archive_problems(archive: Archive, decisions: dict[Path, Decision] | None = None) -> list[Problem]:
    """Every redaction problem of *archive*: the file itself, unknown scopes, ids holding a name,
    and published documents holding a name scoped to other documents.

    *decisions* (the public edition's, when known) limit the id check to what is published.
    """
    try:
        names = load_redactions(archive.redactions)
    except CrossingsError as exc:
        return [Problem(REDACTIONS, str(exc))]
    holdings = Holdings.load(archive)
    if decisions is None:
        decisions = holdings.decide_all(archive.source, "public") if archive.source.is_dir() else {}
    ids: list[tuple[str, str]] = []
    pages: list[Path] = []
    published: list[Published] = []
    known = {doc_id for doc_id in holdings.rows if doc_id}
    for relative, decision in decisions.items():
        front = FrontMatter.read(archive.source / relative)
        doc_id = front.text("id") or (relative.stem if in_documents(relative) else "")
        known |= {doc_id} - {""}
        if decision.held and not in_documents(relative):
            pages.append(relative)  # a document's path is its id, checked below
        if decision.held and doc_id:
            where = f"source/{relative.as_posix()}"
            ids.append((doc_id, where))
            text = (archive.source / relative).read_text(encoding="utf-8", errors="replace")
            published.append((doc_id, front.family or doc_id, text, where, 1))
    for doc_id, rows in holdings.rows.items():  # a public row's cells reach its page's metadata too
        for row in rows:
            if row.values.get("access", "").strip() == "public":
                cells = " | ".join(row.values.values())
                published.append((doc_id, doc_id, cells, "reports/catalog.csv", row.where.line or 1))
    problems = scope_problems(names, known) + id_problems(ids, names) + path_problems(pages, names)
    return problems + out_of_scope_problems(published, names)
