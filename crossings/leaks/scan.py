"""Scan every artifact of an edition for needles and report each hit with its position."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from crossings.leaks.artifacts import MAX_BYTES, text_views
from crossings.leaks.needles import Needle
from crossings.leaks.searchwords import WithheldWords, counts
from crossings.leaks.whoosh_index import is_whoosh_index, stored_views, term_hits
from crossings.redact.skeleton import Skeleton, joins_words, skeleton, tex_view


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


def _continues_id(text: str, offset: int) -> bool:
    """True when an id in *text* goes on at *offset* (``pier`` is not ``pier-th``)."""
    return text[offset : offset + 1] in ("-", "_") and text[offset + 1 : offset + 2].isalnum()


def _first(text: str, bones: Skeleton, needle: Needle) -> int:
    """Where *needle* first occurs in *bones* as whole words (-1 when it does not)."""
    whole_start, whole_end = joins_words(needle.normal[0]), joins_words(needle.normal[-1])
    at = bones.text.find(needle.normal)
    while at != -1:
        end = at + len(needle.normal)
        whole = (not whole_start or bones.boundary_before(at)) and (
            not whole_end or bones.boundary_after(end)
        )
        if whole and not (needle.kind == "restricted-id" and _continues_id(text, bones.ends[end - 1])):
            return at
        at = bones.text.find(needle.normal, at + 1)
    return -1


def find_in_text(label: str, text: str, needles: list[Needle]) -> Iterator[Leak]:
    """Every needle found in *text* (whole words, in the skeleton), with its line and column."""
    formula = tex_view(text)  # a name spelled between TeX commands shows whole in the formula
    views = [skeleton(text)] + ([skeleton(formula)] if formula is not None else [])
    for needle in needles:
        for bones in views:
            start = _first(text, bones, needle)
            if start != -1:
                line, column = _position(text, bones.starts[start])
                yield Leak(label, needle.label, line, column)
                break


def _files(root: Path) -> Iterator[Path]:
    """Every file under *root*, not following links out of it."""
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def scan_edition(
    folder: Path, needles: list[Needle], display_root: Path, withheld: WithheldWords | None = None
) -> list[Leak]:
    """Scan every artifact under *folder* (an edition's build folder); with *withheld*, every
    searchindex.js for words of withheld documents too (crossings.leaks.searchwords)."""
    leaks: list[Leak] = []
    indexes = {p.parent for p in folder.rglob("_*.toc") if is_whoosh_index(p.parent)}
    for index_dir in sorted(indexes):
        label = str(index_dir.relative_to(display_root))
        for view_label, text in stored_views(index_dir, label):
            leaks += find_in_text(view_label, text, needles)
        leaks += [Leak(where, needle.label) for where, needle in term_hits(index_dir, needles, label)]
    for path in _files(folder):
        label = str(path.relative_to(display_root))
        leaks += find_in_text(f"{label} (its path)", path.relative_to(folder).as_posix(), needles)
        if path.parent in indexes or path.stat().st_size > MAX_BYTES:
            continue
        if withheld is not None and path.name == "searchindex.js":
            for doc_id, count in counts(path, withheld).items():
                words = "word" if count == 1 else "words"
                leaks.append(Leak(label, f"{count} {words} of restricted document {doc_id} in its terms"))
        for view_label, text in text_views(label, path.read_bytes()):
            leaks += find_in_text(view_label, text, needles)
    return _dedupe(leaks)


def _dedupe(leaks: list[Leak]) -> list[Leak]:
    """One report per artifact view and needle."""
    seen = set()
    kept = []
    for leak in leaks:
        key = (leak.artifact.removesuffix(" (text)"), leak.what)
        if key not in seen:
            seen.add(key)
            kept.append(leak)
    return kept
