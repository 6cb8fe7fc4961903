"""`crossings build html --lang all`: one site per language, each in its language, with a switcher."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossings.catalog import Vocabularies
from tests.i18n.archive import make_archive
from tests.i18n.conftest import build_all
from tests.i18n.html import page

pytestmark = pytest.mark.slow

FOLDERS = {"en": "en", "zh-Hant": "zh-hant", "zh-Hans": "zh-hans", "th": "th", "vi": "vi"}


def test_one_site_per_language(sites: Path) -> None:
    for tag, folder in FOLDERS.items():
        html = page(sites / folder / "index.html")
        assert html.find("html")[0].attrs["lang"] == tag


def test_root_redirects_to_english(sites: Path) -> None:
    refresh = page(sites / "index.html").find("meta", **{"http-equiv": "refresh"})
    assert refresh and refresh[0].attrs["content"].endswith("url=en/index.html")


def test_thai_home_page_is_in_thai(sites: Path) -> None:
    html = page(sites / "th" / "index.html")
    assert html.find("html")[0].attrs["lang"] == "th"
    quick_exit = html.find("a", class_="crossings-quick-exit")
    assert quick_exit and quick_exit[0].text.strip() == "ออกด่วน"
    assert html.find("input", class_="sidebar-search")[0].attrs["placeholder"] == "ค้นหา"


def test_thai_country_pages_show_thai_names(sites: Path) -> None:
    vocab = Vocabularies.load(sites.parent.parent.parent / "vocabularies")
    for code in ("HK", "TH"):
        heading = page(sites / "th" / "countries" / f"{code.lower()}.html").find("h1")[0].text.strip()
        assert heading == vocab.countries.label(code, "th")
        assert heading != vocab.countries.label(code, "en")
    index = page(sites / "th" / "countries" / "index.html")
    names = {a.text.strip() for a in index.find("a") if a.attrs.get("href", "").endswith("hk.html")}
    assert vocab.countries.label("HK", "th") in names


@pytest.mark.parametrize("name", ["index.html", "countries/hk.html", "documents/hk-outreach.html"])
def test_switcher_links_to_the_same_page_in_english(sites: Path, name: str) -> None:
    path = sites / "th" / name
    switcher = [
        a for a in page(path).find("a") if any("crossings-languages" in p.classes for p in a.ancestors)
    ]
    english = [a for a in switcher if a.attrs.get("hreflang") == "en"]
    assert english, "no link to English"
    target = (path.parent / english[0].attrs["href"]).resolve()
    assert target == (sites / "en" / name).resolve()
    assert target.is_file()
    assert {a.attrs["hreflang"] for a in switcher} == {"en", "zh-Hant", "zh-Hans", "vi"}


def test_chinese_quotation_in_english_document_has_lang(sites: Path) -> None:
    spans = page(sites / "en" / "documents" / "hk-outreach.html").find("span", lang="zh-Hant")
    assert [s.text for s in spans if "crossings-lang" in s.classes] == ["「我們不是罪犯」"]


def test_untranslated_document_in_another_language_has_a_note(sites: Path) -> None:
    html = page(sites / "th" / "documents" / "hk-chinese.html")
    note = html.find("p", class_="crossings-language-note")
    assert note and "ภาษาจีน" in note[0].text and "ภาษาไทย" in note[0].text
    assert html.find("div", lang="zh-Hant"), "the Chinese text is not marked as Chinese"
    english = page(sites / "en" / "documents" / "hk-chinese.html").find("p", class_="crossings-language-note")
    assert english and english[0].text.startswith("This document is in Chinese")


def test_document_in_the_build_language_has_no_note(sites: Path) -> None:
    assert not page(sites / "th" / "documents" / "th-health.html").find("p", class_="crossings-language-note")
    assert not page(sites / "en" / "documents" / "hk-outreach.html").find(
        "p", class_="crossings-language-note"
    )


@pytest.mark.parametrize(
    ("folder", "text"),
    [("en", "Quick exit"), ("zh-hant", "快速離開"), ("zh-hans", "快速离开"), ("vi", "Thoát nhanh")],
)
def test_each_build_uses_its_own_catalogue(sites: Path, folder: str, text: str) -> None:
    # Built one after another in one process: Sphinx's process-wide translators must not leak.
    link = page(sites / folder / "index.html").find("a", class_="crossings-quick-exit")
    assert link and link[0].text.strip() == text


def test_languages_come_from_conf_py(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "archive")
    conf = root / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + '\ncrossings_languages = ["en", "th"]\n', encoding="utf-8"
    )
    html = build_all(root)
    assert sorted(p.name for p in html.iterdir() if p.is_dir()) == ["en", "th"]
    switcher = page(html / "th" / "about.html").find("a", rel="alternate")
    assert [a.attrs["hreflang"] for a in switcher] == ["en"]
    links = [a.attrs["href"] for a in page(html / "index.html").find("a")]
    assert links == ["en/index.html", "th/index.html"]
