"""`crossings ship` refuses every destination that is not a replica, and every source with
nothing to ship, with a message naming the folder and what to do, writing nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from crossings.archive import REPLICA_MARKER
from crossings.cli import main
from crossings.init import create_archive
from tests.web.conftest import Built


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under *folder* with its bytes."""
    files = [p for p in sorted(folder.rglob("*")) if p.is_file()]
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


@pytest.mark.parametrize(
    ("dest", "expected"),
    [
        ("archive", "inside the archive being shipped"),
        ("archive/build/replica", "inside the archive being shipped"),
        ("archive/build/public/search/en", "inside the archive being shipped"),
        (".", "holds the archive being shipped"),
        ("secret.txt", "is a file; give the folder of a replica"),
        ("missing/replica", "does not exist; create it first"),
    ],
)
def test_a_destination_inside_above_or_not_a_folder_is_refused(
    source: Built, dest: str, expected: str
) -> None:
    root = source.archive.root.parent
    before = tree(root)
    code, out = run("ship", str(root / dest), "--archive", str(source.archive.root))
    assert code == 1, out
    assert expected in out and str((root / dest).resolve()) in out
    assert tree(root) == before


def test_a_folder_that_is_not_a_replica_is_refused(source: Built, tmp_path: Path) -> None:
    other = tmp_path / "www"
    other.mkdir()
    (other / "index.html").write_text("someone's site", encoding="utf-8")
    code, out = run("ship", str(other), "--archive", str(source.archive.root))
    assert code == 1 and f"{other}: not empty and not a replica (no {REPLICA_MARKER})" in out
    assert "ship to a new or empty folder" in out
    assert tree(other) == {"index.html": b"someone's site"}

    archive = tmp_path / "another-archive"
    create_archive(archive, "Another")
    code, out = run("ship", str(archive), "--archive", str(source.archive.root))
    assert code == 1 and f"{archive}: a crossings archive, not a replica" in out
    assert not (archive / REPLICA_MARKER).exists() and not (archive / "build").exists()


def test_a_replica_of_the_other_edition_or_an_unreadable_marker_is_refused(
    source: Built, replica: Path
) -> None:
    replica.mkdir()
    (replica / REPLICA_MARKER).write_text(json.dumps({"format": 1, "edition": "internal"}), encoding="utf-8")
    code, out = run("ship", str(replica), "--archive", str(source.archive.root))
    assert code == 1 and f"{replica}: a replica of the internal edition" in out
    (replica / REPLICA_MARKER).write_text("{not json", encoding="utf-8")
    code, out = run("ship", str(replica), "--archive", str(source.archive.root))
    assert code == 1 and f"{replica / REPLICA_MARKER}: not a replica marker this crossings can read" in out
    assert sorted(p.name for p in replica.iterdir()) == [REPLICA_MARKER]


def test_a_folder_in_place_of_the_site_link_is_refused(source: Built, replica: Path) -> None:
    assert run("ship", str(replica), "--archive", str(source.archive.root))[0] == 0
    html = replica / "build" / "public" / "html"
    html.unlink()
    html.mkdir()
    code, out = run("ship", str(replica), "--archive", str(source.archive.root))
    assert code == 1 and f"{html}: a folder, not the link `crossings ship` makes" in out


def test_a_source_with_nothing_built_is_refused_before_anything_is_made(source: Built, replica: Path) -> None:
    shutil.rmtree(source.index.parent)
    code, out = run("ship", str(replica), "--archive", str(source.archive.root))
    assert code == 1 and "no search index; run `crossings index --edition public` first" in out
    shutil.rmtree(source.html)
    code, out = run("ship", str(replica), "--archive", str(source.archive.root))
    assert code == 1 and "no built site; run `crossings build html --edition public` first" in out
    assert not replica.exists()


def test_the_internal_edition_needs_its_confirmation(source: Built, replica: Path) -> None:
    code, out = run("ship", str(replica), "--edition", "internal", "--archive", str(source.archive.root))
    assert code == 2 and "--i-understand-internal" in out
    assert not replica.exists()


def test_other_commands_refuse_a_replica_and_name_its_source(source: Built, replica: Path) -> None:
    assert run("ship", str(replica), "--archive", str(source.archive.root))[0] == 0
    for command in (["index"], ["build", "html"], ["check"], ["search", "police"]):
        code, out = run(*command, "--archive", str(replica))
        assert code == 1, (command, out)
        assert f"{replica}: a replica made by `crossings ship`" in out
        assert "run this command in the archive it was shipped from" in out
