"""Interface languages are declared once (crossings.languages), and an archive builds only its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from crossings import languages
from crossings.catalog import UI_LANGUAGES, Vocabularies
from crossings.cli import main
from crossings.errors import CrossingsError
from crossings.init import create_archive
from crossings.redact import marker_for
from crossings.sphinx.catalogs import SOURCE
from crossings.sphinx.catalogs import languages as catalogue_languages
from crossings.sphinx.latex import date_range

DECLARED = ["en", "th"]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A new archive whose conf.py declares English and Thai only."""
    root = tmp_path / "archive"
    create_archive(root, "Test archive")
    conf = root / "conf.py"
    text = conf.read_text(encoding="utf-8")
    conf.write_text(text + f"\ncrossings_languages = {DECLARED!r}\n", encoding="utf-8")
    return root


def run(*args: str) -> tuple[int, str]:
    """Exit status and output (stdout and stderr) of one crossings command."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("command", "listed"),
    [
        (["build", "html", "--lang", "vi"], "en, th"),
        (["build", "pdf", "--lang", "vi"], "en, th"),
        (["build", "epub", "--lang", "vi"], "en, th"),
        (["build", "all", "--lang", "vi"], "en, th"),
        (["index", "--lang", "vi"], "en, th"),
        (["search", "mai dam", "--site-lang", "vi"], "en, th"),
        (["translate", "update", "--lang", "vi"], "use one of th or all"),  # English is the source
    ],
)
def test_an_undeclared_language_is_refused_with_the_declared_ones(
    archive: Path, command: list[str], listed: str
) -> None:
    status, output = run(*command, "--archive", str(archive))
    assert status != 0, output
    assert f"{command[-2]} vi" in output and listed in output, output
    assert not (archive / "build" / "public" / "html" / "vi").exists()


def test_a_language_crossings_does_not_support_is_named_with_the_supported_ones(archive: Path) -> None:
    status, output = run("build", "html", "--lang", "km", "--archive", str(archive))
    assert status == 1
    assert "km" in output and "en, th" in output
    assert ", ".join(languages.tags()) in output


def test_conf_py_declaring_an_unsupported_language_is_an_error(archive: Path) -> None:
    conf = archive / "conf.py"
    text = conf.read_text(encoding="utf-8")
    conf.write_text(text + '\ncrossings_languages = ["en", "xx"]\n', encoding="utf-8")
    status, output = run("build", "html", "--lang", "all", "--archive", str(archive))
    assert status == 1
    assert "conf.py" in output and "'xx'" in output and ", ".join(languages.tags()) in output


def test_any_spelling_of_a_declared_language_is_accepted() -> None:
    declared = ["en", "zh-hant"]
    assert languages.check_declared("zh_TW", declared, "conf.py").tag == "zh-Hant"
    assert languages.check_declared("ZH-HANT", declared, "conf.py").folder == "zh-hant"


def test_lookups_accept_every_spelling_of_a_declared_language() -> None:
    for name in ("zh-Hant", "zh-hant", "zh_TW", "ZH-TW", "zh-HK"):
        assert languages.get(name).tag == "zh-Hant", name
    assert languages.sphinx_language("zh-Hans") == "zh_CN"
    assert languages.bcp47("zh_SG") == "zh-Hans"
    assert languages.sphinx_language("vi") == "vi" and languages.folder("zh-Hant") == "zh-hant"
    with pytest.raises(CrossingsError, match="supported: en, zh-Hant, zh-Hans, th, vi"):
        languages.get("fr")


def test_every_declaration_is_complete() -> None:
    from crossings.search.text.analysis import ANALYZERS

    for language in languages.LANGUAGES:
        assert language.autonym and language.english and language.marker, language.tag
        assert language.quick_exit.startswith("https://"), language.tag
        assert language.analyzer in ANALYZERS, language.tag
        assert language.direction in ("ltr", "rtl"), language.tag
        assert language.han in ("TC", "SC", "JP", "KR"), language.tag
        assert language.sphinx in catalogue_languages() or language.tag == "en", (
            f"no {SOURCE}/{language.sphinx}/LC_MESSAGES/crossings.po"
        )


def test_every_vocabulary_has_a_label_column_per_declared_language() -> None:
    assert tuple(UI_LANGUAGES) == languages.tags()
    vocab = Vocabularies.load()
    for name in ("countries", "regions", "themes", "types", "languages"):
        for term in getattr(vocab, name):
            for tag in languages.tags():
                assert term.labels.get(tag), (name, term.id, tag)


def test_vietnamese_markers_dates_and_labels() -> None:
    assert marker_for("vi") == "[đã ẩn tên]"
    assert marker_for("vi-VN") == "[đã ẩn tên]"
    assert marker_for("km") == "[name withheld]"
    assert date_range("2001-06-15", "2001-06-17", "vi") == "ngày 15 tháng 6 năm 2001–ngày 17 tháng 6 năm 2001"
    assert date_range("2001-06-15", "2001-06-17", "en") == "15–17 June 2001"
    vocab = Vocabularies.load()
    assert vocab.countries.label("VN", "vi") == "Việt Nam"
    assert vocab.themes.label("health-and-hiv", "vi") == "Sức khỏe và HIV"
    assert vocab.languages.label("vi", "vi") == "Tiếng Việt"


def test_labels_sort_by_their_languages_collation() -> None:
    # Vietnamese country names: Đ and Ú sorted with D and U, not after Z as by code point.
    names = ["Séc", "Đức", "Ba Lan", "Úc", "Hà Lan", "Zambia", "Åland"]
    assert sorted(names, key=languages.collation_key("vi")) == [
        "Åland",
        "Ba Lan",
        "Đức",
        "Hà Lan",
        "Séc",
        "Úc",
        "Zambia",
    ]
    # Thai: a leading vowel is passed over (ไทย under ท, เวียดนาม under ว); by code point both
    # would come after every word that starts with a consonant.
    thai = ["เวียดนาม", "ไทย", "กัมพูชา", "พม่า"]
    assert sorted(thai, key=languages.collation_key("th")) == ["กัมพูชา", "ไทย", "พม่า", "เวียดนาม"]
    # Traditional Chinese by strokes (香 9 before 泰 10), Simplified by pinyin (Tai before Xiang).
    assert sorted(["泰國", "香港"], key=languages.collation_key("zh-Hant")) == ["香港", "泰國"]
    assert sorted(["香港", "泰国"], key=languages.collation_key("zh-Hans")) == ["泰国", "香港"]
