"""The gettext workflow: translate update writes .po files, a filled msgstr shows after a rebuild.

The locale_dirs trap: Sphinx resolves a relative entry against the (staged) source folder, so
translations would be ignored silently; the extension warns, and the second test shows it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner

from crossings.archive import Archive
from crossings.cli import main
from crossings.publish.sphinx_build import build_site
from tests.i18n.archive import make_archive
from tests.i18n.html import page

pytestmark = pytest.mark.slow

ABOUT_TEXT = "This archive is a test."
ABOUT_THAI = "คลังเอกสารนี้เป็นการทดสอบ"


def run(*args: str) -> str:
    """Run the CLI; fail the test unless it exits 0."""
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def fill(po: Path, msgid: str, msgstr: str, fuzzy: bool = False) -> None:
    """Set one msgstr of a .po file, as a translator would."""
    with po.open("rb") as handle:
        catalog = read_po(handle)
    message = catalog[msgid]
    message.string = msgstr
    if fuzzy:
        message.flags.add("fuzzy")
    with po.open("wb") as handle:
        write_po(handle, catalog, width=110)


def about_paragraphs(root: Path) -> list[str]:
    """The paragraphs of the Thai about page."""
    html = page(root / "build" / "public" / "html" / "th" / "about.html")
    return [p.text.strip() for p in html.find("p")]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A test archive with its Thai .po files created by `crossings translate update`."""
    root = make_archive(tmp_path / "archive")
    run("translate", "update", "--lang", "th", "--archive", str(root))
    return root


def test_update_creates_po_files_per_page(archive: Path) -> None:
    base = archive / "locales" / "th" / "LC_MESSAGES"
    assert (base / "about.po").is_file()
    assert (base / "documents" / "hk-outreach.po").is_file()
    assert not (archive / "locales" / "zh_TW").exists()


def test_filled_msgstr_shows_after_rebuild(archive: Path) -> None:
    build_site(Archive.at(archive), "html", "public", "th")
    assert ABOUT_TEXT in about_paragraphs(archive)
    fill(archive / "locales" / "th" / "LC_MESSAGES" / "about.po", ABOUT_TEXT, ABOUT_THAI)
    build_site(Archive.at(archive), "html", "public", "th")
    paragraphs = about_paragraphs(archive)
    assert ABOUT_THAI in paragraphs
    assert ABOUT_TEXT not in paragraphs


def test_relative_locale_dirs_ignore_translations_and_warn(archive: Path) -> None:
    fill(archive / "locales" / "th" / "LC_MESSAGES" / "about.po", ABOUT_TEXT, ABOUT_THAI)
    conf = archive / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace(
            'locale_dirs = [str(ARCHIVE / "locales")]', 'locale_dirs = ["locales"]'
        ),
        encoding="utf-8",
    )
    result = build_site(Archive.at(archive), "html", "public", "th", fresh=True)
    assert ABOUT_THAI not in about_paragraphs(archive)  # the trap: Sphinx looked in the staged source
    assert any("locale_dirs" in line and "crossings.locale" in line for line in result.warnings)


def test_translated_document_has_no_language_note(archive: Path) -> None:
    po = archive / "locales" / "th" / "LC_MESSAGES" / "documents" / "hk-chinese.po"
    fill(po, "移民工人的處境", "สภาพของแรงงานข้ามชาติ")
    build_site(Archive.at(archive), "html", "public", "th")
    html = page(archive / "build" / "public" / "html" / "th" / "documents" / "hk-chinese.html")
    assert not html.find("p", class_="crossings-language-note")
    assert "สภาพของแรงงานข้ามชาติ" in html.find("h1")[0].text


def test_status_counts_translated_fuzzy_and_untranslated(archive: Path) -> None:
    base = archive / "locales" / "th" / "LC_MESSAGES"
    fill(base / "about.po", ABOUT_TEXT, ABOUT_THAI)
    fill(base / "about.po", "About", "เกี่ยวกับ", fuzzy=True)
    data = json.loads(run("translate", "status", "--lang", "th", "--json", "--archive", str(archive)))
    about = data["th"]["documents"]["about"]
    assert about == {"translated": 1, "fuzzy": 1, "untranslated": about["total"] - 2, "total": about["total"]}
    assert data["th"]["total"]["translated"] == 1
    assert "documents/hk-outreach" in data["th"]["documents"]
    text = run("translate", "status", "--lang", "th", "--archive", str(archive))
    assert "about: 1/" in text


def test_unknown_language_is_refused(archive: Path) -> None:
    result = CliRunner().invoke(main, ["translate", "status", "--lang", "xx", "--archive", str(archive)])
    assert result.exit_code == 1
    assert "not a translation language" in result.output


def test_translated_home_title_names_the_site(archive: Path) -> None:
    fill(archive / "locales" / "th" / "LC_MESSAGES" / "index.po", "Test archive", "คลังเอกสารทดสอบ")
    build_site(Archive.at(archive), "html", "public", "th", fresh=True)
    html = page(archive / "build" / "public" / "html" / "th" / "about.html")
    assert html.find("span", class_="sidebar-brand-text")[0].text.strip() == "คลังเอกสารทดสอบ"
    english = build_site(Archive.at(archive), "html", "public", "en").outdir / "about.html"
    assert page(english).find("span", class_="sidebar-brand-text")[0].text.strip() == "Test archive"
