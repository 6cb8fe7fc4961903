"""Build problems persist until fixed: an error is named by document and line, by every later
incremental build and by `crossings check`, and `crossings build` exits 1 until it is fixed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from crossings.publish.problems import record_path
from tests.serving import CROSSINGS
from tests.sphinx.conftest import copy_root

pytestmark = pytest.mark.slow
# A hand-written table docutils cannot make: a header row and no body row (sample text).
BAD_TABLE = """
```{list-table}
:header-rows: 1

- - Region
  - Reports
```
"""
GOOD_TABLE = BAD_TABLE.replace(":header-rows: 1", ":header-rows: 0")


def crossings(*args: str) -> subprocess.CompletedProcess[str]:
    """Run a crossings command as the editor does."""
    return subprocess.run([CROSSINGS, *args], capture_output=True, text=True, timeout=600)


def line_of(path: Path, text: str) -> int:
    """The 1-based line of *path* where *text* first appears."""
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """The test-site root with a malformed table in documents/opening.md."""
    root = copy_root("site", tmp_path / "archive").root
    opening = root / "source" / "documents" / "opening.md"
    opening.write_text(opening.read_text("utf-8") + BAD_TABLE, encoding="utf-8")
    return root


def test_an_error_stays_open_across_incremental_builds_until_fixed(archive: Path) -> None:
    opening = archive / "source" / "documents" / "opening.md"
    where = f"source/documents/opening.md:{line_of(opening, '{list-table}')}"

    first = crossings("build", "html", "--archive", str(archive))
    assert first.returncode == 1, first.stderr
    assert f"{where}: " in first.stderr and "1 errors in 1 documents" in first.stderr
    assert (archive / "build/public/html/en/documents/hk-report.html").is_file()  # the rest was built

    other = archive / "source" / "documents" / "hk-report.md"
    other.write_text(
        other.read_text("utf-8").replace("Raids in Mong Kok.", "Raids in Mong Kok, 2000."), "utf-8"
    )
    doctree = archive / "build/public/doctrees/html/en/documents/opening.doctree"
    read_once = doctree.stat().st_mtime_ns
    second = crossings("build", "html", "--archive", str(archive))
    assert doctree.stat().st_mtime_ns == read_once  # opening.md was not read again
    assert second.returncode == 1, second.stderr
    assert f"{where}: " in second.stderr
    recorded = json.loads(record_path(archive / "build" / "public", "html", "en").read_text("utf-8"))
    assert [(p["file"], p["line"]) for p in recorded] == [(where.split(":")[0], int(where.split(":")[1]))]

    check = crossings("check", "--archive", str(archive))
    assert check.returncode == 1
    assert f"{where}: " in check.stdout and "last build: public/html-en" in check.stdout

    opening.write_text(opening.read_text("utf-8").replace(BAD_TABLE, GOOD_TABLE), encoding="utf-8")
    fixed = crossings("build", "html", "--archive", str(archive))
    assert fixed.returncode == 0, fixed.stderr
    assert "opening.md" not in fixed.stderr
    assert crossings("check", "--archive", str(archive)).returncode == 0


def test_a_malformed_table_fails_the_build_by_document_and_line(archive: Path) -> None:
    opening = archive / "source" / "documents" / "opening.md"
    done = crossings("build", "html", "--archive", str(archive), "--jobs", "2")
    assert done.returncode == 1
    listed = [line.strip() for line in done.stderr.splitlines() if line.startswith("  source/")]
    assert listed == [
        f"source/documents/opening.md:{line_of(opening, '{list-table}')}: Insufficient data supplied "
        '(1 row(s)); no data remaining for table body, required by "list-table" directive.'
    ]
