"""Mistakes in redactions.csv that would withhold nothing, and ids that would publish a name."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from crossings.archive import Archive
from crossings.catalog.access import Decision, FrontMatter, Holdings, in_documents
from crossings.catalog.problems import Problem
from crossings.errors import CrossingsError
from crossings.redact.apply import patterns_for
from crossings.redact.names import RedactedName, load_redactions
from crossings.redact.skeleton import find

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


def archive_problems(archive: Archive, decisions: dict[Path, Decision] | None = None) -> list[Problem]:
    """Every redaction problem of *archive*: the file itself, unknown scopes, ids holding a name.

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
    known = {doc_id for doc_id in holdings.rows if doc_id}
    for relative, decision in decisions.items():
        front = FrontMatter.read(archive.source / relative)
        doc_id = front.text("id") or (relative.stem if in_documents(relative) else "")
        known |= {doc_id} - {""}
        if decision.held and doc_id:
            ids.append((doc_id, f"source/{relative.as_posix()}"))
    return scope_problems(names, known) + id_problems(ids, names)
