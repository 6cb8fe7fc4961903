"""What must not leak: restricted documents' distinctive sentences and ids, and redacted names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from crossings.archive import Archive
from crossings.catalog.access import DOCUMENTS, FrontMatter, Holdings
from crossings.catalog.frontmatter import split
from crossings.redact import load_redactions, role_names
from crossings.redact.names import name_orders
from crossings.redact.skeleton import Skeleton, joins_words, skeleton_text

# Sentence ends in Latin, CJK and Thai text (Thai marks sentences with spaces, so long runs split there).
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])|\n\s*\n")
_MARKUP = re.compile(r"[`*_#>|\[\]{}()]+|\(http[^)]*\)")
MIN_LATIN = 40
MIN_DENSE = 14


@dataclass(frozen=True)
class Needle:
    """One string to look for, with what it is (never printed for names)."""

    kind: str  # "restricted-sentence", "restricted-id", "restricted-title", "redacted-name"
    text: str
    source: str  # where it comes from: a document id or a redactions.csv row
    normal: str = ""

    @property
    def label(self) -> str:
        """How a hit is described without repeating a name."""
        if self.kind == "redacted-name":
            return f"redacted name ({self.source})"
        return f"{self.kind} of {self.source}"


def occurrences(text: str, bones: Skeleton, needle: Needle) -> list[int]:
    """Where *needle* occurs in *bones* as whole words, as skeleton offsets."""
    whole_start, whole_end = joins_words(needle.normal[0]), joins_words(needle.normal[-1])
    found = []
    at = bones.text.find(needle.normal)
    while at != -1:
        end = at + len(needle.normal)
        whole = (not whole_start or bones.boundary_before(at)) and (
            not whole_end or bones.boundary_after(end)
        )
        if whole and not (needle.kind == "restricted-id" and _continues_id(text, bones.ends[end - 1])):
            found.append(at)
        at = bones.text.find(needle.normal, at + 1)
    return found


def _continues_id(text: str, offset: int) -> bool:
    """True when an id in *text* goes on at *offset* (``pier`` is not ``pier-th``)."""
    return text[offset : offset + 1] in ("-", "_") and text[offset + 1 : offset + 2].isalnum()


def _dense(text: str) -> bool:
    """True for scripts written without spaces between words (CJK, Thai...)."""
    letters = [c for c in text if c.isalpha()]
    return (
        bool(letters)
        and sum(ord(c) > 0x2E80 or 0x0E00 <= ord(c) <= 0x0E7F for c in letters) > len(letters) / 2
    )


def distinctive_sentences(body: str) -> list[str]:
    """Sentences of *body* long enough to be unmistakable if found elsewhere."""
    found = []
    for chunk in _SENTENCE_END.split(body):
        text = " ".join(_MARKUP.sub(" ", chunk).split())
        if text.lower().startswith(("sample text", "this is sample")):
            continue
        if len(text) >= (MIN_DENSE if _dense(text) else MIN_LATIN):
            found.append(text[:200])
    return found


def collect_needles(archive: Archive) -> list[Needle]:
    """Every needle of the archive: what the public edition leaves out, and every withheld name.

    A page counts as withheld by the same rules staging applies (crossings.catalog.access): its
    catalog row or its front matter says so, its front matter cannot be read, it lost its catalog
    row, or it translates a withheld document. Catalog rows that are restricted but not yet
    ingested count too. Names come from redactions.csv and from every {redact} mark, in front
    matter, bodies and translation catalogues alike.
    """
    holdings = Holdings.load(archive)
    source = archive.source
    needles: list[Needle] = []
    decisions = holdings.decide_all(source, "public") if source.is_dir() else {}
    for relative, decision in decisions.items():
        text = (source / relative).read_text(encoding="utf-8", errors="replace")
        needles += [
            Needle("redacted-name", order, f"{{redact}} in {relative.name}")
            for name in role_names(text)
            for order in name_orders(name)
        ]
        if decision.held:
            continue
        front = FrontMatter.read(source / relative)
        doc_id = front.text("id") or relative.stem
        page = relative.with_suffix("").as_posix()
        body = split(text)[1]
        needles += _restricted(doc_id, page, [front.text("title")], [front.text("summary"), body])
    for doc_id, rows in holdings.rows.items():
        restricted = [row for row in rows if row.values.get("access", "").strip() != "public"]
        if doc_id and restricted:
            titles = [row.values.get("title", "") for row in restricted]
            texts = [row.values.get("summary", "") for row in restricted]
            needles += _restricted(doc_id, f"{DOCUMENTS}/{doc_id}", titles, texts)
    for catalogue in sorted(archive.locales.rglob("*.po")) if archive.locales.is_dir() else []:
        text = catalogue.read_text(encoding="utf-8", errors="replace")
        needles += [
            Needle("redacted-name", order, f"{{redact}} in {catalogue.name}")
            for name in role_names(text)
            for order in name_orders(name)
        ]
    for entry in load_redactions(archive.redactions):
        needles += [
            Needle("redacted-name", order, f"redactions.csv row {entry.number}")
            for order in name_orders(entry.name)
        ]
    return _unique([Needle(n.kind, n.text, n.source, skeleton_text(n.text)) for n in needles])


def _restricted(doc_id: str, page: str, titles: list[str], texts: list[str]) -> list[Needle]:
    """The needles of one withheld page: its path, id as links name it, titles and sentences."""
    ids = {page, f"{DOCUMENTS}/{doc_id}", f"{doc_id}.html", f"{doc_id}.md"}
    needles = [Needle("restricted-id", text, doc_id) for text in sorted(ids)]
    needles += [Needle("restricted-title", title, doc_id) for title in titles if title.strip()]
    needles += [
        Needle("restricted-sentence", s, doc_id) for text in texts for s in distinctive_sentences(text)
    ]
    return needles


def _unique(needles: list[Needle]) -> list[Needle]:
    """Drop repeated needles and any too short to search safely."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for needle in needles:
        key = (needle.kind, needle.normal)
        if key in seen or len(needle.normal) < 2:
            continue
        seen.add(key)
        kept.append(needle)
    return kept


def needles_from_files(paths: list[Path]) -> list[Needle]:
    """Needles from extra files of sentences (one per line), for tests and editors' canaries."""
    return [
        Needle("canary", line.strip(), str(path), skeleton_text(line.strip()))
        for path in paths
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]
