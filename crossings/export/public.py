"""The documents of the built public edition, as the build staged them: the only input of exports.

An export hands out what ``crossings build`` published and nothing else: the staged, redacted
sources of one language (``build/public/src/<lang>/``), whose front matter holds the catalog's
values with every withheld name replaced by the language's marker. A document is exported only
when it was staged *and* the access rules still hold it now (a document withdrawn since the last
build is left out, as the next build would leave it out).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from crossings.archive import Archive
from crossings.catalog import yamltext
from crossings.catalog.access import DOCUMENTS, Holdings
from crossings.catalog.frontmatter import split
from crossings.catalog.model import ID_RE
from crossings.errors import CrossingsError
from crossings.languages import LANGUAGES, Language

# Withheld names are replaced by one of these in the public edition: never a person to credit.
MARKERS = tuple(language.marker for language in LANGUAGES)


@dataclass(frozen=True)
class PublicDocument:
    """One document of the public edition: its id, staged front matter and staged file."""

    id: str
    meta: dict[str, Any]
    path: Path

    def text(self, name: str) -> str:
        """One scalar field as stripped text ('' when absent)."""
        value = self.meta.get(name)
        return "" if value is None else str(value).strip()

    def items(self, name: str) -> list[str]:
        """One list field (a lone string counts as a list of one)."""
        value = self.meta.get(name)
        if isinstance(value, str):
            value = [value]
        return [str(item).strip() for item in value or () if str(item).strip()]


def withheld(name: str) -> bool:
    """True for a value that is (or holds) a withheld name's marker."""
    return any(marker in name for marker in MARKERS)


def staged_dir(archive: Archive, language: Language) -> Path:
    """build/public/src/<lang>: the public sources the last build of *language* staged."""
    return archive.edition_dir("public") / "src" / language.folder


def site_dir(archive: Archive, language: Language) -> Path:
    """build/public/html/<lang>: the public site of *language*."""
    return archive.edition_dir("public") / "html" / language.folder


def refuse_internal(edition: str, what: str) -> None:
    """Exports are of the public edition only."""
    if edition != "public":
        raise CrossingsError(
            f"the {edition} edition is never exported: it holds restricted documents and withheld names; "
            f"export the public edition (crossings export {what})"
        )


def check_built(archive: Archive, language: Language) -> None:
    """Refuse when the public site of *language* (and so its staged sources) was not built."""
    site = site_dir(archive, language)
    if not (site / "index.html").is_file() or not (staged_dir(archive, language) / DOCUMENTS).is_dir():
        raise CrossingsError(
            f"{site}: no public site in {language.english}; "
            f"run `crossings build html --lang {language.tag}` first"
        )


def public_documents(archive: Archive, language: Language) -> list[PublicDocument]:
    """Every document the public edition of *language* holds, sorted by id."""
    check_built(archive, language)
    holdings = Holdings.load(archive)
    holdings.require_readable()
    held = {
        relative.stem
        for relative, decision in holdings.decide_all(archive.source, "public").items()
        if decision.held and relative.parent.as_posix() == DOCUMENTS
    }
    found = []
    for path in sorted((staged_dir(archive, language) / DOCUMENTS).glob("*.md")):
        meta = _front_matter(path)
        doc_id = str(meta.get("id") or path.stem)
        public = meta.get("access") == "public" and ID_RE.match(doc_id) is not None
        if public and path.stem in held and doc_id == path.stem:
            found.append(PublicDocument(doc_id, meta, path))
    return found


def _front_matter(path: Path) -> dict[str, Any]:
    """The staged front matter of *path* ({} when it has none it can read)."""
    head, _body = split(path.read_text(encoding="utf-8"))
    try:
        data = yamltext.load(head) if head is not None else None
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}
