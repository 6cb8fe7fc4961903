"""convert_legacy() makes .docx of Word 97-2003 files with headless LibreOffice, or says how to install it."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pypandoc
import pytest

from crossings.ingest.containers import check_zip
from crossings.ingest.errors import IngestError
from crossings.ingest.legacy import convert_legacy
from crossings.ingest.sniff import sniff
from tests.ingest.inputs import libreoffice_convert, pandoc_file

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)


def test_missing_libreoffice_says_how_to_install(tmp_path: Path) -> None:
    original = tmp_path / "old.doc"
    original.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    with pytest.raises(IngestError) as caught:
        convert_legacy(original, tmp_path / "work", "reports/old.doc", soffice="/nonexistent/soffice")
    message = str(caught.value)
    assert message.startswith("reports/old.doc: reading this legacy file needs LibreOffice")
    assert "apt-get install libreoffice-writer-nogui" in message


@needs_soffice
def test_timeout_stops_libreoffice(tmp_path: Path) -> None:
    original = tmp_path / "old.doc"
    original.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    with pytest.raises(IngestError, match=r"reports/old\.doc: LibreOffice took longer than 0\.01 s"):
        convert_legacy(original, tmp_path / "work", "reports/old.doc", timeout=0.01)


@needs_soffice
@pytest.mark.slow
def test_doc_written_by_libreoffice_round_trips(tmp_path: Path) -> None:
    made = libreoffice_convert(pandoc_file("docx", tmp_path), "doc", tmp_path / "lo")
    # A hostile-looking name: it must never reach LibreOffice's argv.
    original = tmp_path / "reports" / "--convert-to=x +RTS.doc"
    original.parent.mkdir()
    shutil.copyfile(made, original)
    data = original.read_bytes()
    assert sniff(data, "reports/--convert-to=x +RTS.doc") == "doc"

    work = tmp_path / "work"
    docx = convert_legacy(original, work, "reports/--convert-to=x +RTS.doc")
    assert docx.parent.is_relative_to(work)
    converted = docx.read_bytes()
    assert sniff(converted, "input.docx") == "docx"
    check_zip(converted, "reports/--convert-to=x +RTS.doc")
    with zipfile.ZipFile(io.BytesIO(converted)) as archive:
        assert "word/document.xml" in archive.namelist()
    text = pypandoc.convert_file(str(docx), "plain", format="docx", extra_args=["--wrap=none"])
    assert "香港的性工作者組織紫藤" in text
    assert "การประชุมเครือข่าย" in text
    assert original.read_bytes() == data  # the original is never touched


@needs_soffice
@pytest.mark.slow
def test_unreadable_doc_fails_instead_of_becoming_garbage_text(tmp_path: Path) -> None:
    original = tmp_path / "bad.doc"
    original.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 16)
    with pytest.raises(IngestError, match=r"^reports/bad\.doc: LibreOffice could not read this"):
        convert_legacy(original, tmp_path / "work", "reports/bad.doc")
