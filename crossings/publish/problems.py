"""Build problems that persist until fixed: every docutils/Sphinx error, by document and line.

An incremental build re-reads only changed documents, so Sphinx says nothing about the errors of
the others; the problems of each build are kept in ``build/<edition>/problems/<builder>-<lang>.json``
and merged: a re-read document's problems are replaced, an unchanged one keeps its own, a
removed one loses them. ``crossings build`` reports them all and exits 1; ``crossings check``
lists them from the last build.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from crossings.atomic import write_text

_PROBLEM = re.compile(
    r"^(?P<path>.+?\.(?:md|rst))(?::(?P<line>\d+))?: (?P<level>ERROR|CRITICAL|SEVERE): (?P<message>.*)$"
)


@dataclass(frozen=True)
class BuildProblem:
    """One error of one document: ``source/documents/x.md:12: ERROR: ...``."""

    document: str  # docname, e.g. documents/x
    file: str  # as shown to the editor, e.g. source/documents/x.md
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


def parse(warnings: list[str], source: Path) -> list[BuildProblem]:
    """The errors among Sphinx's warning lines (already showing source/ paths)."""
    found = []
    root = str(source.resolve())
    for line in warnings:
        match = _PROBLEM.match(line.strip())
        if not match:
            continue
        path = match.group("path")
        relative = path[len(root) + 1 :] if path.startswith(root + "/") else path
        document = re.sub(r"\.(md|rst)$", "", relative)
        file = f"source/{relative}" if path.startswith(root) else path
        number = int(match.group("line")) if match.group("line") else None
        found.append(BuildProblem(document, file, number, match.group("message").strip()))
    return found


def record_path(edition_dir: Path, builder: str, lang: str) -> Path:
    """Where one builder's and language's open problems are kept."""
    return edition_dir / "problems" / f"{builder}-{lang.lower()}.json"


def merge(path: Path, new: list[BuildProblem], reread: set[str], existing: set[str]) -> list[BuildProblem]:
    """The open problems after a build: new ones for re-read documents, the rest kept; saved to *path*."""
    kept = [p for p in load(path) if p.document not in reread and p.document in existing]
    merged = sorted({*kept, *new}, key=lambda p: (p.file, p.line or 0, p.message))
    write_text(path, json.dumps([asdict(p) for p in merged], ensure_ascii=False, indent=1) + "\n")
    return merged


def load(path: Path) -> list[BuildProblem]:
    """The problems a build left (none when it left no readable file)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    return [BuildProblem(**item) for item in data if isinstance(item, dict) and set(item) == _FIELDS]


def open_problems(build_dir: Path) -> list[tuple[str, BuildProblem]]:
    """Every open problem of the last builds: (``<edition>/<builder>-<lang>``, problem)."""
    found = []
    for path in sorted(build_dir.glob("*/problems/*.json")):
        label = f"{path.parent.parent.name}/{path.stem}"
        found += [(label, problem) for problem in load(path)]
    return found


_FIELDS = {"document", "file", "line", "message"}
