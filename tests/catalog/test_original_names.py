"""A catalog name and the file on disk may differ in Unicode normalisation (macOS zips give NFD names):
check finds the file, ingest converts it, and no file is reported both missing and unlisted."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from click.testing import CliRunner

from crossings.cli import main
from tests.ingest.archives import ingest, make_archive, row


def nfd(name: str) -> str:
    return unicodedata.normalize("NFD", name)


def nfc(name: str) -> str:
    return unicodedata.normalize("NFC", name)


NAMES = ["Báo cáo Việt Nam.txt", "Hội thảo/Tường trình.txt", "รายงาน ประเทศไทย ฉบับที่ ๒.txt"]


def test_nfd_on_disk_nfc_in_the_catalog_and_the_reverse(tmp_path: Path) -> None:
    on_disk = {nfd(NAMES[0]): b"One.\n", nfd(NAMES[1]): b"Two.\n", nfc(NAMES[2]): b"Three.\n"}
    rows = [row(nfc(NAMES[0]), "bao-cao"), row(nfc(NAMES[1]), "tuong-trinh"), row(nfd(NAMES[2]), "thai")]
    root = make_archive(tmp_path / "archive", on_disk, rows)
    assert nfd(NAMES[0]) != nfc(NAMES[0]) and not (root / "reports" / nfc(NAMES[0])).exists()
    checked = CliRunner().invoke(main, ["check", "--archive", str(root), "--json"])
    assert json.loads(checked.output)["problems"] == [], checked.output
    result = ingest(root, "--json")
    assert result.exit_code == 0, result.stdout
    statuses = {doc["id"]: doc["status"] for doc in json.loads(result.stdout)["documents"]}
    assert statuses == {"bao-cao": "converted", "tuong-trinh": "converted", "thai": "converted"}
    assert "Two." in (root / "source/documents/tuong-trinh.md").read_text("utf-8")


def test_a_name_missing_in_every_form_is_still_missing(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "archive", {"other.txt": b"x\n"}, [row(nfc(NAMES[0]), "bao-cao")])
    checked = CliRunner().invoke(main, ["check", "--archive", str(root), "--json"])
    messages = [p["message"] for p in json.loads(checked.output)["problems"]]
    assert f"file not found: reports/{nfc(NAMES[0])}" in messages
    assert "reports/other.txt is on disk but not in the catalog; add a row for it" in messages


def test_the_same_name_twice_in_two_forms_is_a_duplicate(tmp_path: Path) -> None:
    rows = [row(nfc(NAMES[0]), "one"), row(nfd(NAMES[0]), "two")]
    root = make_archive(tmp_path / "archive", {nfc(NAMES[0]): b"x\n"}, rows)
    checked = CliRunner().invoke(main, ["check", "--archive", str(root), "--json"])
    problems = json.loads(checked.output)["problems"]
    assert any(p["field"] == "file" and "duplicate file" in p["message"] for p in problems), problems


def test_the_same_file_through_another_spelling_of_its_path_is_a_duplicate(tmp_path: Path) -> None:
    """``./a.txt``, ``a.txt/`` and ``sub//b.txt`` open the files ``a.txt`` and ``sub/b.txt``: one
    original converted into two documents under two ids."""
    rows = [row("a.txt", "one"), row("./a.txt", "two"), row("a.txt/", "three")]
    rows += [row("sub/b.txt", "four"), row("sub//b.txt", "five")]
    root = make_archive(tmp_path / "archive", {"a.txt": b"x\n", "sub/b.txt": b"y\n"}, rows)
    checked = CliRunner().invoke(main, ["check", "--archive", str(root), "--json"])
    problems = json.loads(checked.output)["problems"]
    duplicates = sorted(p["row"] for p in problems if "duplicate file" in p["message"])
    assert duplicates == [2, 3, 5], problems
    result = ingest(root, "--json")
    statuses = {doc["id"]: doc["status"] for doc in json.loads(result.stdout)["documents"]}
    assert statuses == {
        "one": "converted", "two": "failed", "three": "failed", "four": "converted", "five": "failed"
    }  # fmt: skip
