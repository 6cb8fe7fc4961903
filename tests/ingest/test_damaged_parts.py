"""Damaged parts inside a .docx fail their own file with the part named, never a traceback, and the
rest of the batch is converted (serially and in parallel)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest

from tests.ingest.archives import ingest, make_archive, row
from tests.ingest.inputs import make_zip


def _docx(text: str = "Visible text.", hidden: str = "") -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph(text)
    if hidden:
        paragraph.add_run(hidden).font.hidden = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


def _with(data: bytes, replaced: dict[str, bytes], dropped: str = "") -> bytes:
    entries = _entries(data) | replaced
    return make_zip({name: part for name, part in entries.items() if name != dropped})


def _batch(tmp_path: Path, bad: dict[str, bytes], jobs: str) -> dict[str, dict[str, str]]:
    files = {"first.docx": _docx("First."), **bad, "last.docx": _docx("Last.")}
    root = make_archive(tmp_path / "archive", files, [row(name, name.split(".")[0]) for name in files])
    result = ingest(root, "--json", "--jobs", jobs)
    assert result.exit_code == 1
    documents = {doc["id"]: doc for doc in json.loads(result.stdout)["documents"]}
    assert documents["first"]["status"] == documents["last"]["status"] == "converted", documents
    return documents


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_broken_part_ingest_reads_itself_fails_only_its_file(tmp_path: Path, jobs: str) -> None:
    hidden = _docx(hidden="Hidden note.")
    document = _entries(hidden)["word/document.xml"]
    bad = {
        "cut.docx": _with(hidden, {"word/document.xml": document[:-40]}),
        "styles.docx": _with(hidden, {"word/styles.xml": b"<w:styles vanish"}),
    }
    documents = _batch(tmp_path, bad, jobs)
    for name in bad:
        doc = documents[name.split(".")[0]]
        assert doc["status"] == "failed" and f"reports/{name}" in doc["reason"], doc


def test_a_missing_main_part_is_named(tmp_path: Path) -> None:
    documents = _batch(tmp_path, {"nomain.docx": _with(_docx(), {}, dropped="word/document.xml")}, "1")
    reason = documents["nomain"]["reason"]
    assert "reports/nomain.docx: the Word file has no main text: its part 'word/document.xml' is missing" in (
        reason
    )
