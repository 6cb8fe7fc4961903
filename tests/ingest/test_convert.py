"""Single-document rules: originals read only from reports/, catalog problems stop only their row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crossings.catalog.csvfile import write_catalog
from crossings.cli import main
from tests.ingest.archives import ingest, make_archive, row


def test_symlink_out_of_reports_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the archive\n", encoding="utf-8")
    root = make_archive(
        tmp_path / "archive", {"ok.txt": b"Fine.\n"}, [row("ok.txt", "ok"), row("link.txt", "link")]
    )
    (root / "reports" / "link.txt").symlink_to(secret)
    result = ingest(root, "--json")
    assert result.exit_code == 1
    docs = {doc["id"]: doc for doc in json.loads(result.stdout)["documents"]}
    assert docs["ok"]["status"] == "converted"
    assert docs["link"]["status"] == "failed" and "reports/link.txt" in docs["link"]["reason"]
    assert "outside reports/" in docs["link"]["reason"]
    assert not (root / "source/documents/link.md").exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("/etc/hostname", "must be a path inside reports/"),
        ("x" * 300 + ".txt", "cannot be opened (File name too long)"),
        ("d/" * 3000 + "x.txt", "cannot be opened (File name too long)"),
    ],
)
def test_file_cell_no_path_can_hold_fails_alone(tmp_path: Path, name: str, expected: str) -> None:
    """An absolute path or a name longer than the system allows fails its row (check and ingest
    both traced back on it and stopped every row)."""
    root = make_archive(tmp_path / "archive", {"ok.txt": b"Fine.\n"}, [row("ok.txt", "ok"), row(name, "bad")])
    checked = CliRunner().invoke(main, ["check", "--archive", str(root)], catch_exceptions=False)
    assert checked.exit_code == 1 and expected in checked.output
    result = ingest(root, "--json")
    assert result.exit_code == 1
    docs = {doc["id"]: doc for doc in json.loads(result.stdout)["documents"]}
    assert docs["ok"]["status"] == "converted"
    assert docs["bad"]["status"] == "failed" and expected in docs["bad"]["reason"]


def test_bad_catalog_row_fails_alone(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "archive", {"a.txt": b"A.\n", "b.txt": b"B.\n"}, [])
    bad = row("b.txt", "b") | {"type": "no-such-type"}
    write_catalog(root / "reports/catalog.csv", [row("a.txt", "a"), bad])
    result = ingest(root)
    assert result.exit_code == 1
    assert "FAILED   b: catalog row has errors" in result.stdout and "no-such-type" in result.stdout
    assert (root / "source/documents/a.md").is_file() and not (root / "source/documents/b.md").exists()


def test_unknown_only_id_is_misuse(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "archive", {"a.txt": b"A.\n"}, [row("a.txt", "a")])
    result = ingest(root, "--only", "nope")
    assert result.exit_code == 2 and "nope" in result.output


def test_only_converts_just_that_document(tmp_path: Path) -> None:
    root = make_archive(
        tmp_path / "archive", {"a.txt": b"A.\n", "b.txt": b"B.\n"}, [row("a.txt", "a"), row("b.txt", "b")]
    )
    result = ingest(root, "--only", "b", "--json")
    assert result.exit_code == 0
    assert [doc["id"] for doc in json.loads(result.stdout)["documents"]] == ["b"]
    assert not (root / "source/documents/a.md").exists()
