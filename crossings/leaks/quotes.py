"""Quotations: a withdrawn document's sentence that a public document's own text also holds.

A public document may quote a sentence that a withdrawn one holds too (a closing statement
quoting the handbook's rights card). That sentence is public by the quoting document, so where an
artifact shows it only as that document's text, it is no leak but a *quotation*, reported as a
note naming both documents for an editor to review. What counts as the quoting document's text is
its staged public source (``build/public/src/<lang>/``, what the public edition is built from) of
a page the public edition holds by today's catalog: a stale staged copy of a withdrawn page
excuses nothing.

Where a hit is is decided from the artifact (``owner``): a document's page, PDF, doctree, EPUB
member or staged source is that document's (``documents/<id>``); a search record (a corpus line,
a Whoosh document) is the document its ``id`` names. A hit in one document's artifact is excused
only when that document's source holds the sentence. An artifact of many documents (the
proceedings PDF, an environment pickle, a search index file) is excused only when it holds the
sentence no more often than all quoting sources together: a second copy, such as the withdrawn
document's own chapter left in a book, is still a leak. Only distinctive sentences are ever
excused: ids, titles, withheld names and canaries are leaks wherever they are.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import PurePosixPath

from crossings.archive import Archive
from crossings.catalog.access import DOCUMENTS, PAGE_SUFFIXES, Holdings
from crossings.languages import LANGUAGES
from crossings.leaks.needles import Needle, occurrences
from crossings.redact.skeleton import Skeleton, skeleton

EXCUSABLE = frozenset({"restricted-sentence"})
# A document's artifact: documents/<id>.html, <id>.parallel-en.html, <id>.pdf, <id>.doctree...
_PAGE_FILE = re.compile(r"^(?P<stem>.+?)(?:\.parallel-[A-Za-z0-9-]+)?\.[A-Za-z0-9]+$")
_VIEW = re.compile(r" \([^()]*\)$")
_FOLDERS = frozenset(language.folder for language in LANGUAGES)
# The page of an artifact or record that names no public page: never a quoting page.
UNKNOWN = "(no public page)"
# Artifacts that each show one page (Sphinx's and the EPUB's pages, doctrees, staged sources).
_ONE_PAGE = frozenset({".html", ".htm", ".xhtml", ".doctree", ".md", ".rst", ".txt", ".fjson"})


@dataclass(frozen=True)
class Quotation:
    """A withdrawn document's sentence found where only a public document's own text holds it."""

    artifact: str
    what: str  # the needle's label: "restricted-sentence of <withdrawn id>"
    withdrawn: str
    quoted_by: tuple[str, ...]  # the public pages whose staged source holds the sentence
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.artifact if self.line is None else f"{self.artifact}:{self.line}:{self.column}"
        return (
            f"{where}: note: {self.what} is quoted by public {', '.join(self.quoted_by)} (its source "
            "holds the sentence), so it is no leak here; check the quotation is meant"
        )

    def as_dict(self) -> dict[str, object]:
        """The note as JSON-ready data."""
        return {**asdict(self), "quoted_by": list(self.quoted_by)}


@dataclass
class PublicText:
    """The staged public source of every page the public edition holds (docname -> texts)."""

    sources: dict[str, list[tuple[str, Skeleton]]] = field(default_factory=dict)
    _holders: dict[Needle, dict[str, int]] = field(default_factory=dict, repr=False)

    def add(self, page: str, text: str) -> None:
        """Add one staged source of *page* (each language stages its own copy)."""
        texts = self.sources.setdefault(page, [])
        if all(text != known for known, _ in texts):
            texts.append((text, skeleton(text)))

    def holders(self, needle: Needle) -> dict[str, int]:
        """The pages whose source holds *needle*, with how often (the most in any language)."""
        if needle.kind not in EXCUSABLE:
            return {}
        if needle not in self._holders:
            counts = {
                page: max(len(occurrences(text, bones, needle)) for text, bones in texts)
                for page, texts in self.sources.items()
            }
            self._holders[needle] = {page: count for page, count in counts.items() if count}
        return self._holders[needle]

    def owner(self, label: str) -> str | None:
        """The page whose artifact *label* is, or None for an artifact of many pages (a book, a
        pickle, an index); ``UNKNOWN`` for a page that is none of the public pages."""
        path = PurePosixPath(_VIEW.sub("", label).rsplit("!", 1)[-1])
        parts = path.parts
        if DOCUMENTS in parts[:-1]:
            at = len(parts) - 1 - parts[::-1].index(DOCUMENTS)
            return f"{DOCUMENTS}/{_page_stem(parts[at + 1])}"
        if parts[-3:-2] == ("papers",) and parts[-4:-3] != ("doctrees",):  # papers/<lang>/<id>.pdf
            return f"{DOCUMENTS}/{_page_stem(parts[-1])}"
        folders = [n for n, part in enumerate(parts[:-1]) if part in _FOLDERS]
        if folders:
            rest = "/".join([*parts[folders[-1] + 1 : -1], _page_stem(parts[-1])])
            if rest in self.sources:
                return rest
        # A page of no public source (a session page, the search page...) quotes nothing.
        return UNKNOWN if path.suffix.lower() in _ONE_PAGE else None

    def record_owner(self, doc_id: object) -> str:
        """The page of a search record that names *doc_id* (a document, or a page such as ``about``)."""
        if not isinstance(doc_id, str) or not doc_id:
            return UNKNOWN
        return doc_id if doc_id in self.sources and "/" not in doc_id else f"{DOCUMENTS}/{doc_id}"

    def owners(self, label: str, text: str) -> Callable[[int], str | None]:
        """The page shown at each offset of *text*, the view *label* of an artifact."""
        if _VIEW.sub("", label).endswith(".jsonl"):
            lines = line_owners(self, text)
            offsets = [offset for offset, _ in lines]
            return lambda offset: lines[max(bisect_right(offsets, offset) - 1, 0)][1] if lines else UNKNOWN
        page = self.owner(label)
        return lambda offset: page


def _page_stem(name: str) -> str:
    """The page a file of it is named for: ``x.parallel-en.html`` and ``x.doctree`` are ``x``."""
    match = _PAGE_FILE.match(name)
    return match.group("stem") if match else name


def line_owners(public: PublicText, text: str) -> list[tuple[int, str]]:
    """For JSON Lines (the search corpus): each line's start offset and the record's page."""
    owners = []
    offset = 0
    for line in text.split("\n"):  # not splitlines(): a record's text may hold U+2028
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        owners.append((offset, public.record_owner(record.get("id") if isinstance(record, dict) else None)))
        offset += len(line) + 1
    return owners


def excused(needle: Needle, holders: dict[str, int], owners: list[str | None]) -> bool:
    """True when every occurrence (by its page, None for an artifact of many) is a quotation."""
    if not holders or needle.kind not in EXCUSABLE:
        return False
    shared = 0
    for owner in owners:
        if owner is None:
            shared += 1
        elif owner not in holders:
            return False
    return shared <= sum(holders.values())


def display(page: str) -> str:
    """How a page is named in a note: a document by its id, another page by its name."""
    return page.removeprefix(f"{DOCUMENTS}/")


def public_text(archive: Archive) -> PublicText:
    """The staged sources (``build/public/src/<lang>/``) of the pages the catalog holds public."""
    source = archive.source
    decisions = Holdings.load(archive).decide_all(source, "public") if source.is_dir() else {}
    pages = {relative.with_suffix("").as_posix() for relative, decision in decisions.items() if decision.held}
    staged = archive.edition_dir("public") / "src"
    public = PublicText()
    for folder in sorted(staged.iterdir()) if staged.is_dir() else []:
        for page in sorted(pages):
            for suffix in PAGE_SUFFIXES:
                path = folder / f"{page}{suffix}"
                if path.is_file() and not path.is_symlink():
                    public.add(page, path.read_text(encoding="utf-8", errors="replace"))
    return public
