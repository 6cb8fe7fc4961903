"""The catalog decides access (and every field it holds); staging takes files by allow-list.

Fast tests on real archive folders, without Sphinx: the access rules, the staged tree, the
front matter staging writes, what `crossings check` reports and the leftovers it names.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from crossings.archive import Archive
from crossings.catalog.access import FrontMatter, Holdings
from crossings.catalog.csvfile import write_catalog
from crossings.catalog.frontmatter import dump, split
from crossings.catalog.model import COLUMNS
from crossings.cli import main
from crossings.leaks import collect_needles
from crossings.leftovers import stale_ingest_folders
from crossings.publish.overlay import EditionText
from crossings.publish.redaction import Redactor
from crossings.publish.stage import stage


def catalog_row(doc_id: str, access: str = "public", title: str = "") -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    row.update(file=f"{doc_id}.txt", id=doc_id, title=title or f"Title of {doc_id}", type="paper")
    row.update(language="en", access=access)
    return row


def document(root: Path, doc_id: str, access: str = "public", title: str = "", source: bool = True) -> Path:
    """An ingested-looking document (front matter with provenance) and a media file."""
    data: dict[str, object] = {"id": doc_id, "title": title or f"Title of {doc_id}", "type": "paper"}
    data.update(language="en", access=access, file=f"{doc_id}.txt")
    if source:
        data["source"] = {"file": f"reports/{doc_id}.txt", "sha256": "0" * 64}
    path = root / "source" / "documents" / f"{doc_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    body = f"The body of {doc_id} was corrected by an editor by hand after it was converted."
    path.write_text(dump(data) + f"# {data['title']}\n\n{body}\n", "utf-8")
    (path.parent / doc_id).mkdir(exist_ok=True)
    (path.parent / doc_id / "image-1.png").write_bytes(b"png")
    return path


@pytest.fixture
def archive(empty_archive: Path) -> Archive:
    """Documents in every state the rules distinguish, with their catalog rows."""
    root = empty_archive
    for name in ("open", "withdrawn", "says-restricted", "bad-access", "orphaned"):
        (root / "reports" / f"{name}.txt").write_text("original\n", "utf-8")
    rows = [
        catalog_row("open", title="The catalog's title"),
        catalog_row("withdrawn", "restricted"),
        catalog_row("says-restricted"),
        catalog_row("bad-access", "Public"),
    ]
    write_catalog(root / "reports" / "catalog.csv", rows)
    document(root, "open")  # front matter title differs from the catalog's
    document(root, "withdrawn")  # public in front matter, restricted in the catalog
    document(root, "says-restricted", "restricted")  # the other way round
    document(root, "bad-access")
    document(root, "orphaned")  # converted from an original, but its row is gone
    document(root, "written-in-myst", source=False)  # no original, no row: its front matter decides
    return Archive.at(root)


def decisions(archive: Archive) -> dict[str, tuple[bool, str]]:
    holdings = Holdings.load(archive)
    out = {}
    for path in sorted(archive.documents.glob("*.md")):
        decision = holdings.decide(Path("documents") / path.name, FrontMatter.read(path), "public")
        out[path.stem] = (decision.held, decision.reason)
    return out


def test_the_catalog_decides_access_and_fails_closed(archive: Archive) -> None:
    found = decisions(archive)
    assert found["open"] == (True, "")
    assert found["written-in-myst"] == (True, "")
    assert found["withdrawn"] == (False, "reports/catalog.csv row 2 says access: restricted")
    assert found["says-restricted"] == (False, "its front matter says access: restricted")
    assert found["bad-access"] == (False, "reports/catalog.csv row 4 says access: Public")
    assert found["orphaned"][0] is False and "no catalog row has its id" in found["orphaned"][1]


def test_unreadable_front_matter_or_a_missing_access_value_keeps_a_document_out(archive: Archive) -> None:
    docs = archive.documents
    (docs / "broken.md").write_text("---\nid: [broken\n---\n# B\n", "utf-8")
    (docs / "silent.md").write_text("---\nid: silent\ntitle: S\n---\n# S\n", "utf-8")
    (docs / "bare.md").write_text("# No front matter at all\n", "utf-8")
    found = decisions(archive)
    assert found["broken"] == (False, "front matter unreadable")
    assert found["silent"][0] is False and found["bare"][0] is False


def staged(archive: Archive, edition: str) -> tuple[Path, set[str]]:
    holdings = Holdings.load(archive)
    dest = archive.build / edition / "src"
    transform = EditionText(holdings, Redactor.for_edition(archive.redactions, edition, "en"))
    stage(archive.source, dest, edition, transform, holdings)
    return dest, {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()}


def test_public_staging_takes_only_what_the_rules_allow(archive: Archive) -> None:
    docs = archive.documents
    (docs / "open.md.edited-20010615T000000Z").write_text("an old backup\n", "utf-8")
    (docs / "notes-to-self.txt").write_text("a stray file\n", "utf-8")
    (docs / ".open.md.x1.tmp").write_text("half a write\n", "utf-8")
    (docs / "open" / "unlisted.md").write_text("# A page hidden in a media folder\n", "utf-8")
    (docs / "gone").mkdir()
    (docs / "gone" / "image-1.png").write_bytes(b"media of no document")
    _, files = staged(archive, "public")
    assert files == {
        "index.md",
        "documents/open.md",
        "documents/open/image-1.png",
        "documents/written-in-myst.md",
        "documents/written-in-myst/image-1.png",
    }
    _, internal = staged(archive, "internal")
    assert "documents/withdrawn.md" in internal and "documents/orphaned/image-1.png" in internal
    assert not any("edited-" in f or f.endswith((".txt", ".tmp", "unlisted.md")) for f in internal)


def test_staged_front_matter_carries_the_catalogs_values(archive: Archive) -> None:
    dest, _ = staged(archive, "internal")
    head, body = split((dest / "documents" / "open.md").read_text("utf-8"))
    data = yaml.safe_load(head or "")
    assert data["title"] == "The catalog's title" and data["source"]["sha256"] == "0" * 64
    head, _ = split((dest / "documents" / "withdrawn.md").read_text("utf-8"))
    assert yaml.safe_load(head or "")["access"] == "restricted"  # restricted in every build
    editors = (archive.documents / "open.md").read_text("utf-8").split("---\n", 2)[2]
    assert body == editors.replace("# Title of open", "# The catalog's title")  # staged copy only
    assert "# Title of open" in (archive.documents / "open.md").read_text("utf-8")


def test_a_document_restricted_after_staging_leaves_the_staged_tree(archive: Archive) -> None:
    _dest, files = staged(archive, "public")
    assert "documents/open.md" in files
    rows = [catalog_row("open", "restricted")]
    write_catalog(archive.catalog, rows)
    _, files = staged(archive, "public")
    assert not any(f.startswith("documents/open") for f in files)


def test_an_unreadable_catalog_stops_the_public_build(archive: Archive) -> None:
    from crossings.errors import CrossingsError
    from crossings.publish.sphinx_build import build_site

    archive.catalog.write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(CrossingsError, match="catalog decides which documents are public"):
        build_site(archive)


def run_check(archive: Archive, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--archive", str(archive.root), *args])
    return result.exit_code, result.output


def test_check_reports_every_disagreement_with_file_line_row_and_both_values(archive: Archive) -> None:
    code, out = run_check(archive)
    assert code == 1
    assert (
        "source/documents/open.md:3 [row 1, column title]: error: title is 'Title of open' here but "
        '"The catalog\'s title" in reports/catalog.csv (row 1)'
    ) in out
    assert "source/documents/withdrawn.md:6 [row 2, column access]: error: access is 'public' here" in out
    assert "source/documents/orphaned.md:1 [field id]: error: converted from reports/orphaned.txt" in out
    assert "written-in-myst" not in out
    assert out.count("source/documents/") == 4  # nothing else disagrees


def test_check_names_leftovers_as_warnings(empty_archive: Path) -> None:
    archive = Archive.at(empty_archive)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    scratch = archive.build / "tmp" / f"ingest-{dead.stdout.strip()}-abc123"
    scratch.mkdir(parents=True)
    (scratch / "input.docx").write_bytes(b"an original, unredacted")
    live = archive.build / "tmp" / f"ingest-{os.getpid()}-def456"
    live.mkdir()
    half = archive.build / "public" / "search" / "en" / ".gen-000002.tmp"
    half.mkdir(parents=True)
    backup = archive.documents / "x.md.edited-20260101T000000Z"
    backup.parent.mkdir(parents=True)
    backup.write_text("old", "utf-8")
    code, out = run_check(archive)
    assert code == 0, out  # warnings: the next run removes them
    assert f"build/tmp/{scratch.name}: warning: scratch folder of an interrupted ingest" in out
    assert live.name not in out  # a running ingest's folder is not a leftover
    assert "build/public/search/en/.gen-000002.tmp: warning: half-written index" in out
    assert "source/documents/x.md.edited-20260101T000000Z: warning: a backup left inside source/" in out
    assert stale_ingest_folders(archive) == [scratch]


def test_needles_include_documents_the_catalog_restricts(archive: Archive) -> None:
    needles = {(n.kind, n.source) for n in collect_needles(archive)}
    assert ("restricted-id", "withdrawn") in needles and ("restricted-title", "withdrawn") in needles
    assert ("restricted-sentence", "orphaned") in needles
    assert ("restricted-id", "open") not in needles


def test_a_bad_catalog_row_is_refused_by_position_and_nothing_else_changes(tmp_path: Path) -> None:
    from tests.ingest.archives import ingest, make_archive, row, tree_hashes

    files = {"a.txt": b"Text of a.\n", "b.txt": b"Text of b.\n", "c.txt": b"Text of c.\n"}
    root = make_archive(
        tmp_path / "archive", files, [row("a.txt", "a"), row("b.txt", "b"), row("c.txt", "c")]
    )
    assert ingest(root).exit_code == 0
    before = tree_hashes(root / "source")
    bad = [
        row("a.txt", "a", "A title with a line\nbreak"),
        {**row("b.txt", "b"), "access": "secret"},
        row("c.txt", "c"),
    ]
    write_catalog(root / "reports" / "catalog.csv", bad)
    result = ingest(root, "--json")
    assert result.exit_code == 1
    code, out = run_check(Archive.at(root))
    assert code == 1
    assert "reports/catalog.csv:2 [row 1, column title]: error: title holds U+000A (a line break)" in out
    assert "reports/catalog.csv:4 [row 2, column access]: error: access 'secret' must be one of" in out
    assert tree_hashes(root / "source") == before  # nothing else in the archive changed
    holdings = Holdings.load(Archive.at(root))
    front = FrontMatter.read(root / "source" / "documents" / "b.md")
    assert not holdings.decide(Path("documents/b.md"), front, "public").held  # and b is kept out
