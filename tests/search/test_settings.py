"""Search settings: archive files over shipped defaults, validation with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossings.errors import CrossingsError
from crossings.init import create_archive
from crossings.search.text.analysis import analyze
from crossings.search.text.settings import DEFAULT_BOOSTS, SearchSettings
from crossings.search.text.stopwords import read_stopwords


def test_defaults_when_the_archive_has_no_search_folder(tmp_path: Path) -> None:
    """Shipped defaults: title 3, section 2, body 1; English stop words; cross-language synonyms."""
    settings = SearchSettings.load(tmp_path / "search")
    assert settings.boosts == DEFAULT_BOOSTS == {"title": 3.0, "section": 2.0, "body": 1.0}
    assert {"the", "of"} <= settings.all_stopwords
    assert ("性工", "工作", "作者") in settings.synonyms.expand(analyze("sex worker"))
    assert settings.bigram_scripts == ("han", "hangul", "kana")
    assert all(source.startswith("crossings/data/template/search/") for source in settings.sources)


def test_new_archive_gets_the_default_files(tmp_path: Path) -> None:
    """crossings init copies the search settings into the new archive, and they load."""
    create_archive(tmp_path / "a", "Test")
    folder = tmp_path / "a" / "search"
    assert {p.name for p in folder.iterdir()} >= {"boosts.toml", "stopwords.txt", "synonyms.csv"}
    settings = SearchSettings.load(folder)
    assert settings.sources[0] == str(folder / "boosts.toml")
    assert len(settings.synonyms) > 20


def test_demo_archive_settings_load() -> None:
    """The demo archive's own search settings are valid."""
    folder = Path(__file__).resolve().parents[2] / "search"
    settings = SearchSettings.load(folder)
    assert settings.synonyms.alternatives("Kowloon")


def test_archive_files_override(tmp_path: Path) -> None:
    """Boosts, stop words, synonyms and bigram scripts come from the archive's files."""
    (tmp_path / "boosts.toml").write_text(
        '[boosts]\ntitle = 5\n\n[analysis]\nbigram_scripts = ["han", "thai"]\n', encoding="utf-8"
    )
    (tmp_path / "stopwords.txt").write_text("[en]\nthe\n[vi]\ncác những\n", encoding="utf-8")
    (tmp_path / "synonyms.csv").write_text("police,cops\n", encoding="utf-8")
    settings = SearchSettings.load(tmp_path)
    assert settings.boosts == {"title": 5.0, "section": 2.0, "body": 1.0}
    assert settings.stopwords == {"en": frozenset({"the"}), "vi": frozenset({"các", "những"})}
    assert settings.synonyms.alternatives("police") == ["cops"]
    analyzer = settings.analyzer()
    assert analyze("the các workers", analyzer=analyzer) == ["worker"]
    assert analyze("ตำรวจ", analyzer=analyzer) == ["ตำ", "ำร", "รว", "วจ"]
    assert settings.index_key != SearchSettings.load(tmp_path / "none").index_key


def test_boosts_csv(tmp_path: Path) -> None:
    """boosts.csv (field,boost) works where there is no boosts.toml."""
    (tmp_path / "boosts.csv").write_text("field,boost\nsection,2.5\n", encoding="utf-8")
    assert SearchSettings.load(tmp_path).boosts["section"] == 2.5


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("boosts.toml", "[boosts]\ntitle = 'high'\n", "boosts.title"),
        ("boosts.toml", "[boosts]\ntitle = -1\n", "above 0"),
        ("boosts.toml", "[boosts\n", "not valid TOML"),
        ("boosts.toml", '[analysis]\nbigram_scripts = ["klingon"]\n', "bigram_scripts"),
        ("boosts.csv", "field,boost\ntitle\n", "boosts.csv:2"),
        ("stopwords.txt", "the\n[english words]\n", "stopwords.txt:2"),
        ("synonyms.csv", "police,警察\nalone\n", "synonyms.csv:2"),
    ],
)
def test_bad_settings_name_the_file(tmp_path: Path, name: str, text: str, message: str) -> None:
    """Every settings file reports what is wrong and where."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(CrossingsError, match=message):
        SearchSettings.load(tmp_path)


def test_stopwords_by_language(tmp_path: Path) -> None:
    """Words before any section belong to no language; comments are ignored."""
    path = tmp_path / "stopwords.txt"
    path.write_text("a an # articles\n[th]\nที่\n", encoding="utf-8")
    assert read_stopwords(path) == {"": frozenset({"a", "an"}), "th": frozenset({"ที่"})}
