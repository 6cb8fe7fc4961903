"""Editors' synonym groups across languages (``search/synonyms.csv``), applied to queries.

One group per line, comma-separated terms in any language (``sex worker,性工作者,พนักงานบริการ``);
lines starting with ``#`` are comments; quote a term holding a comma. Each term is analysed like
query text, so a group matches a query term or phrase whatever its case, accents, script
(Traditional or Simplified) or inflection, and a multi-word term becomes a phrase.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crossings.errors import CrossingsError
from crossings.search.text.analysis import analyze

Terms = tuple[str, ...]


@dataclass(frozen=True)
class SynonymGroup:
    """Terms that mean the same, as written and as analysed, with the line they came from."""

    texts: tuple[str, ...]
    terms: tuple[Terms, ...]
    line: int


@dataclass(frozen=True)
class SynonymMatch:
    """A run of query terms, terms[start:end], that a synonym group knows."""

    start: int
    end: int
    alternatives: list[Terms]


class Synonyms:
    """Synonym groups indexed by their analysed terms."""

    def __init__(self, groups: Sequence[SynonymGroup] = ()) -> None:
        self.groups = tuple(groups)
        self._groups_of: dict[Terms, list[SynonymGroup]] = {}
        for group in self.groups:
            for terms in dict.fromkeys(group.terms):
                self._groups_of.setdefault(terms, []).append(group)
        self.longest = max((len(terms) for terms in self._groups_of), default=0)

    @classmethod
    def load(cls, path: Path, analyzer: Any = None) -> Synonyms:
        """Read the synonyms file at *path*; a bad line raises naming the file and line."""
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CrossingsError(f"{path}: not UTF-8 (byte {exc.start}); save it as UTF-8 CSV") from exc
        return cls.parse(text, str(path), analyzer)

    @classmethod
    def parse(cls, text: str, display: str, analyzer: Any = None) -> Synonyms:
        """Synonyms from CSV *text*; *display* names the file in error messages."""
        groups = []
        for number, raw in enumerate(text.splitlines(), start=1):
            if raw.strip() and not raw.lstrip().startswith("#"):
                groups.append(_group(raw, f"{display}:{number}", number, analyzer))
        return cls(groups)

    def __len__(self) -> int:
        return len(self.groups)

    def expand(self, terms: Sequence[str] | str) -> list[Terms]:
        """Other analysed term sequences meaning the same as *terms* (one term or a phrase's terms)."""
        key = (terms,) if isinstance(terms, str) else tuple(terms)
        found: dict[Terms, None] = {}
        for group in self._groups_of.get(key, []):
            found.update(dict.fromkeys(t for t in group.terms if t != key))
        return list(found)

    def alternatives(self, words: str, fieldname: str = "") -> list[str]:
        """Synonyms, as written, of query text *words* (raw, or analysed terms joined by spaces)."""
        key = tuple(words.split())
        if key not in self._groups_of:
            key = tuple(analyze(words))
        found: dict[Terms, str] = {}
        for group in self._groups_of.get(key, []):
            for text, terms in zip(group.texts, group.terms, strict=True):
                if terms != key:
                    found.setdefault(terms, text)
        return list(found.values())

    def matches(self, terms: Sequence[str]) -> list[SynonymMatch]:
        """Runs of *terms* (a query's analysed terms) that have synonyms, longest first, left to right."""
        found, start = [], 0
        while start < len(terms):
            for end in range(min(len(terms), start + self.longest), start, -1):
                alternatives = self.expand(terms[start:end])
                if alternatives:
                    found.append(SynonymMatch(start, end, alternatives))
                    start = end
                    break
            else:
                start += 1
        return found


def _group(line: str, where: str, number: int, analyzer: Any) -> SynonymGroup:
    """One CSV line as a synonym group, or an error naming *where*."""
    try:
        cells = next(csv.reader([line], skipinitialspace=True, strict=True))
    except csv.Error as exc:
        raise CrossingsError(
            f"{where}: not a CSV line ({exc}); quote terms that hold commas or quotes"
        ) from exc
    texts = tuple(dict.fromkeys(cell.strip() for cell in cells if cell.strip()))
    if len(texts) < 2:
        raise CrossingsError(
            f"{where}: a synonym group needs at least two different terms, separated by commas"
        )
    terms = []
    for text in texts:
        analysed = tuple(analyze(text, analyzer=analyzer))
        if not analysed:
            raise CrossingsError(f"{where}: {text!r} has no searchable word (only stop words or punctuation)")
        terms.append(analysed)
    return SynonymGroup(texts, tuple(terms), number)
