"""Staging an edition's source set (crossings.publish.stage)."""

from __future__ import annotations

import os
from pathlib import Path

from crossings.publish.stage import stage

DOC = "---\nid: {id}\ntitle: T\ntype: paper\nlanguage: en\naccess: {access}\n---\n# T\n"


def make_source(root: Path) -> Path:
    """A source folder with a public and a restricted document, each with media."""
    source = root / "source"
    (source / "documents" / "open").mkdir(parents=True)
    (source / "documents" / "secret").mkdir(parents=True)
    (source / "index.md").write_text("# Home\n", encoding="utf-8")
    (source / "documents" / "open.md").write_text(DOC.format(id="open", access="public"), encoding="utf-8")
    (source / "documents" / "open" / "a.png").write_bytes(b"png")
    (source / "documents" / "secret.md").write_text(
        DOC.format(id="secret", access="restricted"), encoding="utf-8"
    )
    (source / "documents" / "secret" / "b.png").write_bytes(b"png")
    return source


def files(folder: Path) -> set[str]:
    """Files under *folder*, relative."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_public_edition_leaves_restricted_documents_and_media_out(tmp_path: Path) -> None:
    source = make_source(tmp_path)
    report = stage(source, tmp_path / "public", "public")
    assert files(tmp_path / "public") == {"index.md", "documents/open.md", "documents/open/a.png"}
    assert report.withheld == ["documents/secret.md"]
    stage(source, tmp_path / "internal", "internal")
    assert "documents/secret/b.png" in files(tmp_path / "internal")


def test_unreadable_front_matter_is_left_out_of_public(tmp_path: Path) -> None:
    source = make_source(tmp_path)
    (source / "documents" / "broken.md").write_text("---\nid: [unclosed\n---\n# B\n", encoding="utf-8")
    report = stage(source, tmp_path / "public", "public")
    assert "documents/broken.md" not in files(tmp_path / "public")
    assert report.unreadable == ["documents/broken.md"]


def test_restage_copies_only_changes_and_deletes_what_is_gone(tmp_path: Path) -> None:
    source, dest = make_source(tmp_path), tmp_path / "public"
    stage(source, dest, "public")
    assert stage(source, dest, "public").copied == []
    index = source / "index.md"
    index.write_text("# Home, edited\n", encoding="utf-8")
    os.utime(index, ns=(0, index.stat().st_mtime_ns + 10**9))
    (source / "documents" / "open" / "a.png").unlink()
    report = stage(source, dest, "public")
    assert report.copied == ["index.md"]
    assert report.deleted == ["documents/open/a.png"]
    assert (dest / "index.md").stat().st_mtime_ns == index.stat().st_mtime_ns
    assert not (dest / "documents" / "open").exists()


def test_previously_public_document_is_removed_when_restricted(tmp_path: Path) -> None:
    source, dest = make_source(tmp_path), tmp_path / "public"
    stage(source, dest, "public")
    (source / "documents" / "open.md").write_text(
        DOC.format(id="open", access="restricted"), encoding="utf-8"
    )
    stage(source, dest, "public")
    assert files(dest) == {"index.md"}
