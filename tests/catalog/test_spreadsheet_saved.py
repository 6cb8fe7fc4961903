"""reports/catalog.csv as Excel and LibreOffice save it: read when the bytes say how, refused by cell
(line, row, column and how to save it) when they do not, and the other rows ingested all the same."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crossings.catalog.csvfile import read_catalog
from crossings.catalog.model import COLUMNS
from crossings.cli import main
from tests.ingest.archives import ingest, make_archive

TITLE = "Báo cáo: Café 香港"
ROWS = [
    {"file": "a.txt", "id": "doc-a", "title": TITLE, "countries": "TH;MY", "summary": "two\nlines"},
    {"file": "b.txt", "id": "doc-b", "title": "Plain title", "countries": "TH"},
]


def _saved(delimiter: str, rows: list[dict[str, str]] = ROWS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    for values in rows:
        writer.writerow({"type": "paper", "language": "en", "access": "public"} | values)
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        _saved("\t").encode("utf-16"),  # Excel's "Unicode text": UTF-16 with a BOM, tab-separated
        _saved("\t").encode("utf-16-be"),
        _saved(",").encode("utf-16-le"),
        _saved(";").encode("utf-8-sig"),  # a locale with decimal commas
        _saved(";").encode("utf-8"),
    ],
    ids=["utf16-tab", "utf16be-no-bom", "utf16le-no-bom", "semicolon-bom", "semicolon"],
)
def test_unicode_catalogs_are_read_as_saved(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "catalog.csv"
    path.write_bytes(data)
    rows, problems = read_catalog(path, "reports/catalog.csv")
    assert problems == []
    assert [r.values["title"] for r in rows] == [TITLE, "Plain title"]
    assert rows[0].values["countries"] == "TH;MY" and rows[0].values["summary"] == "two\nlines"
    assert [(r.where.line, r.where.row) for r in rows] == [(2, 1), (4, 2)]


def test_a_bomless_utf16_catalog_of_chinese_titles_is_read(tmp_path: Path) -> None:
    """Mostly Chinese text has few zero bytes, so a share of zeros cannot tell UTF-16 (it was
    refused as 'a NUL byte: this is not a text file')."""
    titles = ["香港移民工作者報告：法律與政策的雙重邊緣化" * 3, "泰國與馬來西亞之間的遷移路線與保護網絡" * 3]
    rows = [dict(ROWS[0], title=titles[0], summary="摘要"), dict(ROWS[1], title=titles[1])]
    path = tmp_path / "catalog.csv"
    path.write_bytes(_saved("\t", rows).encode("utf-16-le"))
    read, problems = read_catalog(path, "reports/catalog.csv")
    assert problems == []
    assert [r.values["title"] for r in read] == titles


@pytest.mark.parametrize(("codec", "byte"), [("cp1252", "0xE1"), ("big5", "0xAD"), ("gb2312", "0xCF")])
def test_a_legacy_code_page_fails_its_rows_by_cell_and_the_rest_is_ingested(
    codec: str, byte: str, tmp_path: Path
) -> None:
    title = {"cp1252": "Báo report", "big5": "香港 report", "gb2312": "香港 report"}[codec]
    rows = [ROWS[1], {"file": "a.txt", "id": "doc-a", "title": "x", "summary": "two\nlines\n" + title}]
    root = make_archive(tmp_path / "archive", {"a.txt": b"A.\n", "b.txt": b"B.\n"}, [])
    (root / "reports/catalog.csv").write_bytes(_saved(",", rows).encode(codec))
    result = ingest(root, "--json")
    assert result.exit_code == 1
    docs = {doc["id"]: doc for doc in json.loads(result.stdout)["documents"]}
    assert docs["doc-b"]["status"] == "converted"
    reason = docs["doc-a"]["reason"]
    assert docs["doc-a"]["status"] == "failed"
    assert f"reports/catalog.csv:5 [row 2, column summary]: error: byte {byte} is not UTF-8" in reason
    assert "CSV UTF-8" in reason and "Unicode (UTF-8)" in reason
    assert not (root / "source/documents/doc-a.md").exists()


def test_a_nul_byte_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "catalog.csv"
    path.write_bytes(_saved(",").encode("utf-8").replace(b"Plain", b"Pl\x00ain"))
    rows, problems = read_catalog(path, "reports/catalog.csv")
    assert rows == [] and [(p.line, "NUL" in p.message, "UTF-8 CSV" in p.message) for p in problems] == [
        (4, True, True)
    ]


def test_a_semicolon_header_with_a_typo_names_the_column(tmp_path: Path) -> None:
    path = tmp_path / "catalog.csv"
    path.write_bytes(_saved(";").replace("countries", "countrys", 1).encode("utf-8"))
    _, problems = read_catalog(path, "reports/catalog.csv")
    assert [p.message.split(";")[0] for p in problems] == [
        "missing columns: countries",
        "unknown columns: countrys",
    ]


def test_a_nul_byte_gives_one_error_naming_its_row_and_byte_and_nothing_else(tmp_path: Path) -> None:
    """One NUL byte refused the catalog, and then every original was also reported as "on disk but
    not in the catalog": a cascade of wrong messages after the one that mattered."""
    root = make_archive(tmp_path / "archive", {"a.txt": b"A.\n", "b.txt": b"B.\n"}, [])
    data = _saved(",").encode("utf-8")
    at = data.index(b"b.txt") + 1
    (root / "reports/catalog.csv").write_bytes(data[:at] + b"\x00" + data[at:])
    for command in (["ingest", "--json"], ["check", "--json"]):
        result = CliRunner().invoke(main, [*command, "--archive", str(root)], catch_exceptions=False)
        assert result.exit_code == 1
        problems = json.loads(result.stdout)["problems"]
        assert len(problems) == 1, problems
        assert problems[0]["line"] == 4
        assert f"a NUL byte (0x00) at byte {at}, in data row 2" in problems[0]["message"]
        assert "retype that row" in problems[0]["message"]


def test_a_legacy_byte_in_a_file_cell_does_not_also_call_the_file_unlisted(tmp_path: Path) -> None:
    rows = [ROWS[1], {"file": "café.txt", "id": "doc-a", "title": "x"}]
    root = make_archive(tmp_path / "archive", {"café.txt": b"A.\n", "b.txt": b"B.\n"}, [])
    (root / "reports/catalog.csv").write_bytes(_saved(",", rows).encode("cp1252"))
    result = CliRunner().invoke(main, ["check", "--json", "--archive", str(root)], catch_exceptions=False)
    messages = [p["message"] for p in json.loads(result.stdout)["problems"]]
    assert any("byte 0xE9 is not UTF-8" in m for m in messages), messages
    assert not any("not in the catalog" in m or "file not found" in m for m in messages), messages
