"""Re-running ingest: skipped when nothing changed, re-converted when the original changed,
never overwriting an editor's work unless forced (and then with a backup)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crossings.catalog.csvfile import write_catalog
from crossings.catalog.frontmatter import read_document, split
from tests.ingest.archives import ingest, make_archive, row, tree_hashes
from tests.ingest.cases import CASES

DOCX = (CASES / "docx-pandoc" / "input.docx").read_bytes()
TEXT = b"First paragraph of the report.\n\nSecond paragraph.\n"


def _archive(tmp_path: Path) -> Path:
    rows = [row("papers/report.docx", "report", "The report"), row("notes.txt", "notes", "Notes")]
    return make_archive(tmp_path / "archive", {"papers/report.docx": DOCX, "notes.txt": TEXT}, rows)


def _statuses(result_stdout: str) -> dict[str, str]:
    data = json.loads(result_stdout)
    return {doc["id"]: doc["status"] for doc in data["documents"]}


def test_first_run_writes_front_matter_and_provenance(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    result = ingest(root, "--json", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert _statuses(result.stdout) == {"notes": "converted", "report": "converted"}
    meta, problems, _body = read_document(root / "source/documents/report.md", "report.md")
    assert problems == [] and meta is not None
    assert meta.title == "The report" and meta.type == "paper"
    assert meta.source is not None and meta.source.file == "reports/papers/report.docx"
    assert meta.source.converter.startswith("pandoc 3.") and "(docx)" in meta.source.converter
    assert meta.source.converted.endswith("Z") and len(meta.source.generated) == 64
    assert (root / "source/documents/report/image-1.png").is_file()
    notes = (root / "source/documents/notes.md").read_text(encoding="utf-8")
    assert "\n# Notes\n\nFirst paragraph of the report.\n\nSecond paragraph.\n" in notes


def test_second_run_skips_and_leaves_identical_bytes(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    assert ingest(root, "--jobs", "2").exit_code == 0
    before = tree_hashes(root / "source")
    result = ingest(root, "--json", "--jobs", "2")
    assert _statuses(result.stdout) == {"notes": "unchanged", "report": "unchanged"}
    assert tree_hashes(root / "source") == before


def test_hand_edit_is_kept_and_reported(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    ingest(root)
    path = root / "source/documents/notes.md"
    edited = path.read_text(encoding="utf-8").replace(
        "Second paragraph.", "Second paragraph, corrected by the editor."
    )
    path.write_text(edited, encoding="utf-8")
    (root / "reports/notes.txt").write_bytes(TEXT + b"\nA third paragraph from the contributor.\n")
    result = ingest(root)
    assert result.exit_code == 0
    assert "KEPT     notes: source/documents/notes.md was edited by hand" in result.stdout
    assert "--force notes" in result.stdout
    assert path.read_text(encoding="utf-8") == edited


def test_force_reconverts_and_backs_up_the_edit(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    ingest(root)
    path = root / "source/documents/notes.md"
    edited = path.read_text(encoding="utf-8") + "\nAn editor's note.\n"
    path.write_text(edited, encoding="utf-8")
    result = ingest(root, "--force", "notes", "--json")
    data = json.loads(result.stdout)
    notes = next(doc for doc in data["documents"] if doc["id"] == "notes")
    assert notes["status"] == "converted" and notes["backup"].startswith("backups/documents/notes.md.edited-")
    backup = root / notes["backup"]
    assert backup.read_text(encoding="utf-8") == edited
    assert not list((root / "source").rglob("*.edited-*"))  # never where an edition is staged from
    assert "An editor's note." not in path.read_text(encoding="utf-8")


def test_changed_original_with_untouched_output_is_reconverted(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    ingest(root)
    (root / "reports/notes.txt").write_bytes(b"Completely new text.\n")
    result = ingest(root, "--json")
    assert _statuses(result.stdout)["notes"] == "converted"
    assert "Completely new text." in (root / "source/documents/notes.md").read_text(encoding="utf-8")


def test_catalog_change_refreshes_front_matter_only(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    ingest(root)
    path = root / "source/documents/report.md"
    _, body_before = split(path.read_text(encoding="utf-8"))
    rows = [row("papers/report.docx", "report", "A better title"), row("notes.txt", "notes", "Notes")]
    write_catalog(root / "reports/catalog.csv", rows)
    result = ingest(root, "--json")
    assert _statuses(result.stdout) == {"notes": "unchanged", "report": "updated"}
    meta, _, body_after = read_document(path, "report.md")
    assert meta is not None and meta.title == "A better title"
    assert body_after == body_before


def test_fresh_archives_with_pinned_time_are_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "993945600")
    first = _archive(tmp_path / "one")
    second = _archive(tmp_path / "two")
    ingest(first, "--jobs", "1")
    ingest(second, "--jobs", "2")
    assert tree_hashes(first / "source") == tree_hashes(second / "source")
    assert "converted: '2001-07-01T00:00:00Z'" in (first / "source/documents/notes.md").read_text(
        encoding="utf-8"
    )


def _edit(path: Path, old: str, new: str) -> str:
    """Change the body of an ingested document as an editor would; return the new text."""
    text = path.read_text(encoding="utf-8").replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def test_restricting_an_edited_document_in_the_catalog_reaches_its_front_matter(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    ingest(root)
    path = root / "source/documents/notes.md"
    _edit(path, "Second paragraph.", "Second paragraph, corrected by the editor.")
    _, body_before = split(path.read_text(encoding="utf-8"))
    rows = [
        row("papers/report.docx", "report", "The report"),
        {**row("notes.txt", "notes", "Notes, corrected")},
    ]
    rows[1]["access"] = "restricted"
    write_catalog(root / "reports/catalog.csv", rows)
    result = ingest(root, "--json")
    assert _statuses(result.stdout)["notes"] == "metadata-updated"
    meta, _, body_after = read_document(path, "notes.md")
    assert meta is not None and meta.access == "restricted" and meta.title == "Notes, corrected"
    assert body_after == body_before  # the editor's text, byte for byte
    assert _statuses(ingest(root, "--json").stdout)["notes"] == "edited-kept"  # nothing left to bring


def test_catalog_values_keep_the_editors_own_front_matter_keys(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    ingest(root)
    path = root / "source/documents/notes.md"
    text = path.read_text(encoding="utf-8").replace("---\nfile:", "---\ntranslation_of: report\nfile:", 1)
    path.write_text(text + "\nAn editor's paragraph.\n", encoding="utf-8")
    write_catalog(
        root / "reports/catalog.csv", [row("papers/report.docx", "report"), row("notes.txt", "notes", "New")]
    )
    ingest(root)
    head, _ = split(path.read_text(encoding="utf-8"))
    assert head is not None and "translation_of: report" in head and "title: New" in head


def test_an_edited_document_with_broken_front_matter_fails_alone(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    ingest(root)
    path = root / "source/documents/notes.md"
    broken = path.read_text(encoding="utf-8").replace("id: notes", "id: [notes", 1) + "\nEdited.\n"
    path.write_text(broken, encoding="utf-8")
    result = ingest(root, "--json")
    data = json.loads(result.stdout)
    notes = next(doc for doc in data["documents"] if doc["id"] == "notes")
    assert result.exit_code == 1 and notes["status"] == "failed"
    assert "source/documents/notes.md: its front matter cannot be read" in notes["reason"]
    assert _statuses(result.stdout)["report"] == "unchanged"
    assert path.read_text(encoding="utf-8") == broken  # nothing written over the editor's file
