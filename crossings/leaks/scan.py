"""Scan every artifact of an edition for needles and report each hit with its position (a leak),
or as a quotation (a note) where a public document's own source holds a withdrawn sentence."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TypeVar

from crossings.leaks.artifacts import MAX_BYTES, text_views
from crossings.leaks.needles import Needle, occurrences
from crossings.leaks.quotes import UNKNOWN, PublicText, Quotation, display, excused
from crossings.leaks.searchwords import WithheldWords, counts
from crossings.leaks.whoosh_index import is_whoosh_index, stored_views, term_hits
from crossings.redact.skeleton import skeleton, tex_view


@dataclass(frozen=True)
class Leak:
    """One needle found in one artifact."""

    artifact: str
    what: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.artifact if self.line is None else f"{self.artifact}:{self.line}:{self.column}"
        return f"{where}: leak: {self.what}"

    def as_dict(self) -> dict[str, object]:
        """The leak as JSON-ready data."""
        return asdict(self)


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of *offset* in *text*."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _verdict(
    label: str,
    needle: Needle,
    where: tuple[int | None, int | None],
    owners: list[str | None],
    public: PublicText | None,
) -> Leak | Quotation:
    """A hit of *needle*, each occurrence shown by the page *owners* names: a leak, or a quotation
    when a public page's own source holds the sentence there (crossings.leaks.quotes)."""
    holders = public.holders(needle) if public is not None else {}
    if not excused(needle, holders, owners):
        return Leak(label, needle.label, *where)
    pages = sorted({owner for owner in owners if owner is not None} or holders)
    return Quotation(label, needle.label, needle.source, tuple(map(display, pages)), *where)


def find_in_text(
    label: str,
    text: str,
    needles: list[Needle],
    public: PublicText | None = None,
    page: str | None = None,
) -> Iterator[Leak | Quotation]:
    """Every needle found in *text* (whole words, in the skeleton), with its line and column; with
    *public*, a sentence found only where a public page quotes it is a quotation, not a leak.
    *page*: the page *text* is known to show (a search record's), else told by *label*."""
    formula = tex_view(text)  # a name spelled between TeX commands shows whole in the formula
    views = [skeleton(text)] + ([skeleton(formula)] if formula is not None else [])
    owner_at: Callable[[int], str | None] | None = None  # made at the first hit: a corpus is parsed
    for needle in needles:
        for bones in views:
            found = [bones.starts[at] for at in occurrences(text, bones, needle)]
            if not found:
                continue
            holders = public.holders(needle) if public is not None else {}
            if holders and owner_at is None and public is not None:
                owner_at = public.owners(label, text) if page is None else lambda offset: page
            owners = [owner_at(offset) if owner_at is not None else None for offset in found]
            unquoted = [at for at, shown in zip(found, owners, strict=True) if shown not in holders]
            first = (unquoted or found)[0]  # where the leak is, if it is one
            hit = _verdict(label, needle, _position(text, first), owners, public)
            yield hit
            if isinstance(hit, Leak):
                break


def _files(root: Path) -> Iterator[Path]:
    """Every file under *root*, not following links out of it."""
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


@dataclass
class Scan:
    """What a scan found: leaks, and quotations to review (never a leak)."""

    leaks: list[Leak] = field(default_factory=list)
    notes: list[Quotation] = field(default_factory=list)

    def add(self, hits: Iterable[Leak | Quotation]) -> None:
        """File each hit as a leak or a note."""
        for hit in hits:
            if isinstance(hit, Leak):
                self.leaks.append(hit)
            else:
                self.notes.append(hit)


def scan_edition(
    folder: Path, needles: list[Needle], display_root: Path, withheld: WithheldWords | None = None
) -> list[Leak]:
    """The leaks of :func:`scan_artifacts`, with no quotation excused."""
    return scan_artifacts(folder, needles, display_root, withheld).leaks


def scan_artifacts(
    folder: Path,
    needles: list[Needle],
    display_root: Path,
    withheld: WithheldWords | None = None,
    public: PublicText | None = None,
) -> Scan:
    """Scan every artifact under *folder* (an edition's build folder); with *withheld*, every
    searchindex.js for words of withheld documents too (crossings.leaks.searchwords); with
    *public*, a withdrawn document's sentence found only where a public page's own source holds
    it is noted as a quotation instead (crossings.leaks.quotes)."""
    found = Scan()
    indexes = {p.parent for p in folder.rglob("_*.toc") if is_whoosh_index(p.parent)}
    for index_dir in sorted(indexes):
        label = str(index_dir.relative_to(display_root))
        for view_label, text, doc_id in stored_views(index_dir, label):
            page = public.record_owner(doc_id) if public is not None else None
            found.add(find_in_text(view_label, text, needles, public, page))
        for where, needle, ids in term_hits(index_dir, needles, label):
            owners: list[str | None] = [public.record_owner(i) for i in ids] if public is not None else []
            found.add([_verdict(where, needle, (None, None), owners or [UNKNOWN], public)])
    for path in _files(folder):
        label = str(path.relative_to(display_root))
        found.add(find_in_text(f"{label} (its path)", path.relative_to(folder).as_posix(), needles))
        if path.parent in indexes or path.stat().st_size > MAX_BYTES:
            continue
        if withheld is not None and path.name == "searchindex.js":
            for doc_id, count in counts(path, withheld).items():
                words = "word" if count == 1 else "words"
                what = f"{count} {words} of restricted document {doc_id} in its terms"
                found.leaks.append(Leak(label, what))
        for view_label, text in text_views(label, path.read_bytes()):
            found.add(find_in_text(view_label, text, needles, public))
    return Scan(_dedupe(found.leaks), _dedupe(found.notes))


Hit = TypeVar("Hit", Leak, Quotation)


def _dedupe(hits: list[Hit]) -> list[Hit]:
    """One report per artifact view and needle."""
    seen = set()
    kept = []
    for hit in hits:
        key = (hit.artifact.removesuffix(" (text)"), hit.what)
        if key not in seen:
            seen.add(key)
            kept.append(hit)
    return kept
