"""Run the conversion cases of tests/cases/: one folder per case, input + expected output.

Each folder holds ``input.<ext>``, ``README.md`` (one line: what the case proves),
``expected.md`` (the document body ingest produces), ``expected-report.txt`` (warnings and
extracted media) and optionally ``case.json`` (catalog cells such as language and encoding).
Regenerate the expectations with ``python -m tests.cases.regenerate`` or
``CROSSINGS_REGENERATE=1 pytest tests/ingest/test_cases.py``.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from crossings.catalog.model import DocumentMeta
from crossings.ingest.convert import convert

CASES = Path(__file__).resolve().parent.parent / "cases"
CASE_ID = "case"


@dataclass(frozen=True)
class CaseResult:
    """What ingest made of one case's input."""

    body: str
    report: str
    media: dict[str, bytes]


def case_names() -> list[str]:
    """Every case folder that has an input."""
    return sorted(p.parent.name for p in CASES.glob("*/input.*"))


def run_case(name: str) -> CaseResult:
    """Convert the case's input as ingest would (title from the file itself)."""
    folder = CASES / name
    source = next(folder.glob("input.*"))
    cells = (
        json.loads((folder / "case.json").read_text(encoding="utf-8"))
        if (folder / "case.json").exists()
        else {}
    )
    meta = DocumentMeta(id=CASE_ID, title="", type="paper", file=f"cases/{name}/{source.name}", **cells)
    with tempfile.TemporaryDirectory() as work:
        converted = convert(source.read_bytes(), Path(work), f"cases/{name}/{source.name}", meta, now="")
        files = sorted(converted.media.iterdir()) if converted.media.is_dir() else []
        media = {f"{CASE_ID}/{path.name}": path.read_bytes() for path in files}
    lines = [f"warning: {w}" for w in converted.warnings] + [f"media: {name}" for name in media]
    return CaseResult(converted.body, "\n".join(lines) + "\n", media)


def regenerate(names: list[str] | None = None) -> list[str]:
    """Rewrite expected.md and expected-report.txt of the named cases (all by default)."""
    done = []
    for name in names or case_names():
        result = run_case(name)
        (CASES / name / "expected.md").write_text(result.body, encoding="utf-8")
        (CASES / name / "expected-report.txt").write_text(result.report, encoding="utf-8")
        done.append(name)
    return done
