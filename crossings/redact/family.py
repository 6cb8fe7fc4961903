"""Which pages make one family for the {redact} role: a mark in any member withholds the name in
all of them (a document, its translation catalogues, its translations and its original)."""

from __future__ import annotations

from pathlib import Path

from crossings.archive import Archive
from crossings.catalog.access import FrontMatter
from crossings.redact.names import role_names


def family_marks(archive: Archive) -> dict[str, list[str]]:
    """Family -> the names marked with {redact} by any of its members: the editor's copy of a
    page, its translation catalogues in every language, and for a document its translations
    (``x-th``, ``translation_of: x``) and its original. One mark withholds the name in every
    member: otherwise a name a translator withholds would stay on the original's page, and so on
    the side-by-side view of the two (the family of a page outside ``documents/`` is its name)."""
    marks: dict[str, set[str]] = {}
    families: dict[str, str] = {}
    source = archive.source
    for path in sorted(source.rglob("*.md")) if source.is_dir() else []:
        docname = path.relative_to(source).with_suffix("").as_posix()
        family = families[docname] = _family_of(path, docname)
        try:
            marks.setdefault(family, set()).update(role_names(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    locales = archive.locales
    for catalogue in sorted(locales.glob("*/LC_MESSAGES/**/*.po")) if locales.is_dir() else []:
        docname = catalogue.relative_to(locales).with_suffix("").as_posix().split("/", 2)[2]
        try:
            names = role_names(catalogue.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        marks.setdefault(families.get(docname, docname), set()).update(names)
    return {family: sorted(names) for family, names in marks.items()}


def _family_of(path: Path, docname: str) -> str:
    """The family of a source page: its document family under ``documents/``, else its name."""
    if not docname.startswith("documents/"):
        return docname
    front = FrontMatter.read(path)
    return "documents/" + (front.family or front.text("id") or path.stem)


def family_key(docname: str, family: str) -> str:
    """The key of :func:`family_marks` for the page *docname* of document family *family*."""
    return f"documents/{family}" if docname.startswith("documents/") else docname
