"""The whole archive: one broken document among the demo never stops the others.

A copy of the demo archive, ingested once; then an editor hand-edits a document and writes a
table docutils cannot make, and a contributor sends a damaged Word file. The real `make
archive` target (its setup steps taken as done: this venv and machine already have them) runs
every stage, builds and indexes everything else in every language, and fails at the end naming
both.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
from pathlib import Path

import pytest

from crossings.archive import Archive
from crossings.catalog.load import load_catalog
from tests.browser.conftest import copy_demo
from tests.serving import CROSSINGS

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
DEMO_PARTS = ("reports", "source", "conf.py", "vocabularies", "locales", "search", "redactions.csv")
LANGUAGES = ("en", "zh-hant", "zh-hans", "th", "vi")
EDITED = "ph-philippines"
# Sample text: the editor's table has a header row and no body row.
BAD_TABLE = """
```{list-table} Contacts by country (sample)
:header-rows: 1

- - Country
  - Contacts
```
"""
UPLOAD = "papers/late-upload.docx"


def crossings(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a crossings command on the archive at *root*."""
    return subprocess.run(
        [CROSSINGS, *args, "--archive", str(root)], capture_output=True, text=True, timeout=900
    )


def damaged_docx() -> bytes:
    """The first kilobyte of a real Word file: what an interrupted upload leaves."""
    original = REPO / "reports" / "country-reports" / "hk-hong-kong.docx"
    return original.read_bytes()[:1024]


def add_upload(root: Path) -> None:
    """A contributor's damaged .docx and its catalog row."""
    (root / "reports" / UPLOAD).write_bytes(damaged_docx())
    catalog = root / "reports" / "catalog.csv"
    with catalog.open(encoding="utf-8", newline="") as handle:
        fields = next(csv.reader(handle))
    values = {"file": UPLOAD, "id": "late-upload", "title": "A late upload (sample)", "type": "paper"}
    values |= {"language": "en", "access": "public", "date": "2001"}
    with catalog.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fields).writerow({name: values.get(name, "") for name in fields})


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str], int]:
    """The archive after `make archive`, make's result, and the line of the bad table."""
    root = tmp_path_factory.mktemp("whole") / "archive"
    root.mkdir()
    copy_demo(root, ingested=False)
    first = crossings(root, "ingest")
    assert first.returncode == 0, first.stdout + first.stderr
    edited = root / "source" / "documents" / f"{EDITED}.md"
    line = len(edited.read_text("utf-8").splitlines()) + 2  # the fence line of the appended table
    edited.write_text(edited.read_text("utf-8") + BAD_TABLE, encoding="utf-8")
    add_upload(root)
    done = subprocess.run(
        ["make", "-C", str(root), "-f", str(REPO / "Makefile"), "-o", "setup", "-o", "system", "archive",
         f"CROSSINGS={CROSSINGS}"],
        capture_output=True,
        text=True,
        timeout=2400,
    )  # fmt: skip
    return root, done, line


def test_make_archive_fails_at_the_end_naming_both(
    made: tuple[Path, subprocess.CompletedProcess[str], int],
) -> None:
    _root, done, line = made
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert re.search(r"\[.*archive\] Error 1", done.stderr), done.stderr[-2000:]  # the recipe's own status
    assert f"source/documents/{EDITED}.md:{line}: " in done.stderr
    assert f"reports/{UPLOAD}" in output and "late-upload" in output
    assert done.stderr.rstrip().splitlines()[-2].startswith("make archive: the documents named above failed")
    assert "0 leaks" in output  # the last stage ran too


def test_everything_else_is_built_in_every_language(
    made: tuple[Path, subprocess.CompletedProcess[str], int],
) -> None:
    root, _done, _line = made
    archive = Archive.at(root)
    catalog = load_catalog(archive, check_files=False).documents
    public = [d.id for d in catalog if not d.restricted]
    restricted = [d.id for d in catalog if d.restricted]
    built = root / "build" / "public"
    assert not (archive.documents / "late-upload.md").exists()
    for lang in LANGUAGES:
        for doc_id in public:
            if doc_id != "late-upload":
                assert (built / "html" / lang / "documents" / f"{doc_id}.html").is_file(), (lang, doc_id)
                assert (built / "html" / lang / "documents" / f"{doc_id}.pdf").is_file(), (lang, doc_id)
        assert not any(
            (built / "html" / lang / "documents" / f"{doc_id}.pdf").exists() for doc_id in restricted
        )
        assert (built / "latex" / lang / "proceedings.pdf").is_file(), lang
        assert (built / "epub" / lang / "proceedings.epub").is_file(), lang
    page = (built / "html" / "en" / "documents" / f"{EDITED}.html").read_text("utf-8")
    assert "Support on return that does not treat women as criminals." in page  # the edited document too


@pytest.mark.parametrize("lang", ["en", "zh-Hant", "zh-Hans", "th", "vi"])
def test_everything_else_is_indexed(
    made: tuple[Path, subprocess.CompletedProcess[str], int], lang: str
) -> None:
    root, _done, _line = made
    found = crossings(root, "search", "Philippines", "--site-lang", lang, "--json", "--limit", "50")
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)["hits"]
    assert EDITED in {hit["id"] for hit in hits}


def test_the_makefile_target_is_the_stages_in_order() -> None:
    dry = subprocess.run(
        [
            "make",
            "-n",
            "-f",
            str(REPO / "Makefile"),
            "-o",
            "setup",
            "-o",
            "system",
            "archive",
            "CROSSINGS=crossings",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    stages = re.findall(r"crossings ((?:check|ingest|build|index)[^|;]*?) \|\|", dry.stdout)
    assert [s.split(" --")[0].strip() for s in stages] == ["check", "ingest", "build all", "index", "check"]
    assert "check --leaks" in stages[-1]
