"""The generated structure of the volume (no TeX needed)."""

from __future__ import annotations

from pathlib import Path

from crossings.catalog import Vocabularies
from crossings.publish.book import md_text, plan
from crossings.publish.stage import stage
from tests.proceedings.archive import make_archive


def planned(tmp_path: Path, lang: str = "en", extra: dict[str, str] | None = None) -> dict[str, str]:
    """The generated pages (name -> Markdown) for the public edition of the test archive."""
    archive = make_archive(tmp_path / "archive", extra)
    srcdir = tmp_path / "src"
    stage(archive.source, srcdir, "public")
    book = plan(srcdir, Vocabularies.load(archive.vocabularies), lang, lambda dot: "")
    return {page.name: page.markdown() for page in book.pages}


def test_parts_chapters_and_documents_in_order(tmp_path: Path) -> None:
    pages = planned(tmp_path)
    master = pages["proceedings"]
    parts = [
        "foreword",
        "/book/sessions",
        "/book/countries",
        "/book/closing",
        "/book/appendix",
        "/book/index-countries",
    ]
    assert [master.index(p) for p in parts] == sorted(master.index(p) for p in parts)
    sessions = pages["book/sessions"]
    assert sessions.index("/book/session-s1-opening") < sessions.index("/book/session-s2-routes")
    assert "/documents/opening" in pages["book/session-s1-opening"]
    east = pages["book/region-east-asia"]
    assert east.index("/documents/hk-report") < east.index(
        "/documents/cn-report"
    )  # Hong Kong < Mainland China
    assert "/documents/th-report" in pages["book/region-south-east-asia"]
    assert "/documents/handbook" in pages["book/handbook"]
    assert "/documents/statement" in pages["book/statement"]
    assert "{doc}`/documents/th-report`" in pages["book/routes"]


def test_public_volume_leaves_out_restricted_documents(tmp_path: Path) -> None:
    assert not any("/documents/secret" in text for text in planned(tmp_path).values())


def test_translations_are_chosen_by_language(tmp_path: Path) -> None:
    from tests.proceedings.archive import document

    translated = document(
        "opening-zh-hant", "開幕", "session-notes", "zh-Hant", "歡迎。", session="s1-opening"
    )
    pages = planned(tmp_path, "zh-Hant", {"opening-zh-hant": translated})
    assert "/documents/opening-zh-hant" in pages["book/session-s1-opening"]
    assert "/documents/opening\n" not in pages["book/session-s1-opening"]
    assert "會議場次" in pages["book/sessions"]


def test_metadata_text_cannot_inject_markup() -> None:
    assert md_text("{raw}`x` *y* <b>") == "\\{raw\\}\\`x\\` \\*y\\* \\<b\\>"
