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


def test_the_damaged_part_is_named_with_its_line(tmp_path: Path) -> None:
    hidden = _docx(hidden="Hidden note.")
    document = _entries(hidden)["word/document.xml"]
    bad = {
        "cut.docx": _with(hidden, {"word/document.xml": document[:-40]}),
        "styles.docx": _with(hidden, {"word/styles.xml": b"<w:styles vanish"}),
    }
    documents = _batch(tmp_path, bad, "1")
    assert documents["cut"]["reason"].startswith(
        "reports/cut.docx: part 'word/document.xml' is not well-formed XML (unclosed token: line 2, column"
    )
    assert documents["styles"]["reason"].startswith(
        "reports/styles.docx: part 'word/styles.xml' is not well-formed XML (unclosed token: line 1,"
    )
    assert documents["cut"]["reason"].endswith(
        "open it in Word or LibreOffice, save it again and replace the file"
    )


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_HIDDEN_RUN = "<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r><w:r><w:t>Shown.</w:t></w:r>"


def _document(body: str) -> bytes:
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W}><w:body>{body}</w:body></w:document>'
    return xml.encode()


def test_parts_too_big_or_too_deep_for_hidden_text_removal_are_refused(tmp_path: Path) -> None:
    base = _docx()
    paragraph = f"<w:p>{_HIDDEN_RUN}</w:p>"
    nested = "<w:sdt><w:sdtContent>" * 300 + paragraph + "</w:sdtContent></w:sdt>" * 300
    bad = {
        "huge.docx": _with(base, {"word/document.xml": _document(paragraph * 150_000)}),
        "deep.docx": _with(base, {"word/document.xml": _document(nested)}),
    }
    documents = _batch(tmp_path, bad, "1")
    huge, deep = documents["huge"]["reason"], documents["deep"]["reason"]
    assert huge.startswith("reports/huge.docx: part 'word/document.xml' holds about 1,050,003 XML elements")
    assert huge.endswith("split the document into parts of fewer pages and add each")
    assert deep.startswith("reports/deep.docx: part 'word/document.xml' nests elements more than 256 levels")
