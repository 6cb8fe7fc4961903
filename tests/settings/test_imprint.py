"""The imprint settings (publisher, title, licence per language) and how books write dates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crossings.languages import collation_key, get
from crossings.settings import Settings, in_language
from crossings.sphinx.latex import date_range

PUBLISHER = {"en": "Sample Press", "zh-Hant": "樣本出版社", "th": "สำนักพิมพ์ตัวอย่าง"}


def test_each_language_gets_its_own_name_else_the_english_one() -> None:
    chosen = Settings(publisher=PUBLISHER, publisher_place="Sample Town", publisher_year="2026")
    assert chosen.imprint("th", "Project", "Author").publisher == "สำนักพิมพ์ตัวอย่าง"
    # Spelled as a folder or as Sphinx's code, the language is the same one.
    assert chosen.imprint("zh-hant", "Project", "Author").publisher == "樣本出版社"
    assert chosen.imprint("zh_TW", "Project", "Author").publisher == "樣本出版社"
    assert chosen.imprint("vi", "Project", "Author").publisher == "Sample Press"
    found = chosen.imprint("th", "Project", "Author", "2026, the contributors")
    assert (found.title, found.description, found.place, found.year) == (
        "Project",
        "Project",
        "Sample Town",
        "2026",
    )
    assert found.licence == "2026, the contributors"


def test_without_settings_sphinx_project_and_author_stand_in() -> None:
    found = Settings().imprint("th", "Project", "Author")
    assert (found.title, found.publisher) == ("Project", "Author")


def test_a_base_language_covers_its_scripts() -> None:
    assert in_language({"zh": "中文", "en": "English"}, "zh-Hans") == "中文"
    assert in_language({}, "th", "fallback") == "fallback"


@pytest.mark.parametrize(
    ("tag", "iso", "era", "written"),
    [
        ("en", "2001-06-08", False, "8 June 2001"),
        ("en", "2001-06", False, "June 2001"),
        ("th", "2001-06-08", False, "8 มิถุนายน 2001"),
        ("th", "2001-06-08", True, "8 มิถุนายน พ.ศ. 2544"),
        ("th", "2001-12", True, "ธันวาคม พ.ศ. 2544"),
        ("th", "2001", True, "พ.ศ. 2544"),
        ("zh-Hant", "2001-06-08", True, "2001年6月8日"),  # the Buddhist era is Thai's only
        ("zh-Hans", "2001-06", False, "2001年6月"),
        ("vi", "2001-06-08", False, "ngày 8 tháng 6 năm 2001"),
        ("th", "2001-13-01", False, "2001-13-01"),  # not a date: as it is
        ("th", "undated", False, "undated"),
    ],
)
def test_dates_in_the_languages_format(tag: str, iso: str, era: bool, written: str) -> None:
    assert get(tag).date(iso, era) == written


def test_date_ranges() -> None:
    assert date_range("2001-06-08", "2001-06-10", "en") == "8–10 June 2001"
    assert date_range("2001-06-08", "2001-06-10", "th", era=True) == "8–10 มิถุนายน พ.ศ. 2544"
    assert date_range("2001-06-08", "2001-06-10", "zh-Hant") == "2001年6月8日–2001年6月10日"


def test_collation_of_each_language() -> None:
    # Thai: by consonant, whatever vowel is written before it (code points would put ไ and เ last).
    assert sorted(["สมใจ", "เวียดนาม", "ไทย", "กา"], key=collation_key("th")) == [
        "กา",
        "ไทย",
        "เวียดนาม",
        "สมใจ",
    ]
    # Simplified Chinese by pinyin: chén, hǎi, xiāng; Traditional by strokes: 香 (9) before 陳 (11).
    assert sorted(["香港", "海港", "陳美"], key=collation_key("zh-Hans")) == ["陳美", "海港", "香港"]
    assert sorted(["陳美", "香港"], key=collation_key("zh-Hant")) == ["香港", "陳美"]
    # Vietnamese: đ after d, as its alphabet has it.
    assert sorted(["Đà Nẵng", "Dung", "Em"], key=collation_key("vi")) == ["Dung", "Đà Nẵng", "Em"]


def test_the_title_page_names_the_events_place_in_the_books_language(tmp_path: Path) -> None:
    from crossings.catalog import Vocabularies
    from crossings.sphinx.latex import event_lines

    (tmp_path / "events.csv").write_text(
        "id,en,th,place,place_th,start,end,organisers\n"
        "e1,Meeting,การประชุม,Hong Kong,ฮ่องกง,2001-06-08,2001-06-10,Sample Circle\n",
        encoding="utf-8",
    )
    vocab = Vocabularies.load(tmp_path)
    lines, footer = event_lines(vocab, "e1", "th", era=True)
    assert lines == ["การประชุม", "ฮ่องกง", "8–10 มิถุนายน พ.ศ. 2544"]
    assert event_lines(vocab, "e1", "en")[0] == ["Meeting", "Hong Kong", "8–10 June 2001"]
    assert footer == ["จัดโดย: Sample Circle"]


def _config(root: Path, **values: object) -> Any:
    """A real Sphinx Config of an archive rooted at *root*, with crossings' settings."""
    from sphinx.config import Config

    from crossings.settings import add_to

    config = Config({"project": "Crossings sample", "author": "Sample editors", **values})
    config.init_values()
    add_to(config)
    config.crossings_archive = str(root)
    return config


def test_the_e_book_identifier_is_stable_and_distinct(tmp_path: Path) -> None:
    from crossings.sphinx.epub import identifier

    here, elsewhere = _config(tmp_path / "a"), _config(tmp_path / "b" / "copy")
    first = identifier(here, "th", "public")
    assert first == identifier(elsewhere, "th", "public")  # same archive, other folder
    assert str(tmp_path) not in first and first.replace("-", "").isalnum()
    others = {
        identifier(here, "zh-Hant", "public"),
        identifier(here, "th", "internal"),
        identifier(_config(tmp_path, project="Another archive"), "th", "public"),
        identifier(_config(tmp_path, crossings_base_url="https://archive.example.org/"), "th", "public"),
    }
    assert first not in others and len(others) == 4
