"""What must not leak: restricted documents' distinctive sentences and ids, and redacted names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from crossings.archive import Archive
from crossings.catalog.access import DOCUMENTS, FrontMatter, Holdings
from crossings.catalog.frontmatter import split
from crossings.leaks.normalize import normalize_needle
from crossings.redact import load_redactions, role_names

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

    A document counts as restricted by the same rules staging applies (crossings.catalog.access):
    its catalog row or its front matter says so, its front matter cannot be read, or it lost its
    catalog row. Catalog rows that are restricted but not yet ingested count too.
    """
    holdings = Holdings.load(archive)
    needles: list[Needle] = []
    documents = archive.documents
    for path in sorted(documents.glob("*.md")) if documents.is_dir() else []:
        if path.name.startswith("."):
            continue
        front = FrontMatter.read(path)
        body = split(path.read_text(encoding="utf-8", errors="replace"))[1]
        needles += [Needle("redacted-name", name, f"{{redact}} in {path.name}") for name in role_names(body)]
        if holdings.decide(Path(DOCUMENTS) / path.name, front, "public").held:
            continue
        doc_id = front.text("id") or path.stem
        needles += _restricted(doc_id, [front.text("title")], [front.text("summary"), body])
    for doc_id, rows in holdings.rows.items():
        restricted = [row for row in rows if row.values.get("access", "").strip() != "public"]
        if doc_id and restricted:
            titles = [row.values.get("title", "") for row in restricted]
            needles += _restricted(doc_id, titles, [row.values.get("summary", "") for row in restricted])
    for entry in load_redactions(archive.redactions):
        needles.append(Needle("redacted-name", entry.name, f"redactions.csv row {entry.number}"))
    return _unique([Needle(n.kind, n.text, n.source, normalize_needle(n.text)) for n in needles])


def _restricted(doc_id: str, titles: list[str], texts: list[str]) -> list[Needle]:
    """The needles of one restricted document: its id, titles and distinctive sentences."""
    needles = [Needle("restricted-id", f"documents/{doc_id}", doc_id)]
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
        Needle("canary", line.strip(), str(path), normalize_needle(line.strip()))
        for path in paths
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]
