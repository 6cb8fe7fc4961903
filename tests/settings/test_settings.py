"""The settings object: one declaration per setting, each bad value stopping a real Sphinx build by name."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from crossings.archive import Archive
from crossings.errors import CrossingsError
from crossings.locales import archive_languages
from crossings.settings import PREFIX, SettingError, Settings

PACKAGE = Path(__file__).resolve().parents[2] / "crossings"
CONF = 'extensions = ["myst_parser", "crossings.sphinx"]\nlanguage = "en"\nhtml_theme = "basic"\n'


def sphinx_app(tmp_path: Path, lines: str = "", overrides: dict[str, object] | None = None) -> Sphinx:
    """A Sphinx application on a one-page project whose conf.py ends with *lines*."""
    src = tmp_path / "src"
    src.mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text(CONF + lines + "\n", "utf-8")
    (src / "index.md").write_text("# Home\n", "utf-8")
    with docutils_namespace():
        return Sphinx(
            str(src),
            str(src),
            str(tmp_path / "out"),
            str(tmp_path / "doctrees"),
            "html",
            confoverrides=overrides or {},
            status=None,
            warning=io.StringIO(),
        )


def refused(tmp_path: Path, lines: str = "", overrides: dict[str, object] | None = None) -> str:
    """The message that stops the build."""
    with pytest.raises(SettingError) as failure:
        sphinx_app(tmp_path, lines, overrides)
    return str(failure.value)


# (conf.py line, what the message must name, a word of what is expected), one or more per kind of check.
BAD = [
    ('crossings_one_history_entry = "no"', "crossings_one_history_entry = 'no'", "True or False"),
    ("crossings_sidebar_documents = 1", "crossings_sidebar_documents = 1", "True or False"),
    ('crossings_edition = "draft"', "crossings_edition = 'draft'", "one of public, internal"),
    ("crossings_languages = []", "crossings_languages = []", "non-empty list of BCP 47"),
    ('crossings_languages = "en"', "crossings_languages = 'en'", "non-empty list of BCP 47"),
    ('crossings_languages = ["en", "zh_TW"]', "'zh_TW' is not a BCP 47", "BCP 47"),
    ('crossings_languages = ["en", "zh_CN"]', "(write 'zh-Hans', the tag of Chinese (Simplified))", "BCP 47"),
    ('crossings_languages = ["th", "th"]', "listed twice", "BCP 47"),
    ('crossings_languages = ["zh-Hant", "zh-hant"]', "'zh-hant' is listed twice (as 'zh-Hant'", "BCP 47"),
    ('crossings_languages = ["zh-TW", "zh-Hant"]', "'zh-Hant' is listed twice (as 'zh-TW'", "BCP 47"),
    ('crossings_language = "english"', "crossings_language = 'english'", "BCP 47"),
    (
        'crossings_quick_exit_url = "javascript:alert(1)"',
        "crossings_quick_exit_url = 'javascript",
        "https://",
    ),
    ('crossings_quick_exit_urls = ["https://th.wikipedia.org/"]', "crossings_quick_exit_urls = [", "dict"),
    ('crossings_quick_exit_urls = {"th": "th.wikipedia.org"}', "crossings_quick_exit_urls['th']", "https://"),
    ('crossings_quick_exit_urls = {"Thai!": "https://th.wikipedia.org/"}', "'Thai!'", "language tag"),
    ('crossings_base_url = "archive.example.org"', "crossings_base_url = 'archive.example.org'", "https://"),
    ('crossings_documents = "../elsewhere"', "crossings_documents = '../elsewhere'", "inside the source"),
    ("crossings_event = 2001", "crossings_event = 2001", "event id"),
    ("crossings_corpus_path = None", "crossings_corpus_path = None", "file path"),
    ("crossings_archive = 3", "crossings_archive = 3", "folder"),
    ('crossings_publisher = "Sample Press"', "crossings_publisher = 'Sample Press'", "dict of language tag"),
    ('crossings_publisher = {"th": ""}', "crossings_publisher['th']", "dict of language tag"),
    ('crossings_licence = {"en": "a\\nb"}', "crossings_licence['en']", "one line"),
    ('crossings_title = {"Thai!": "x"}', "'Thai!'", "language tag"),
    ('crossings_publisher_year = "01"', "crossings_publisher_year = '01'", "four-digit year"),
    ('crossings_buddhist_era = "yes"', "crossings_buddhist_era = 'yes'", "True or False"),
    ('crossings_oai_admin_email = "a at b.org"', "crossings_oai_admin_email = 'a at", "e-mail"),
    ('crossings_oai_static_gateway = "gw.example.org"', "crossings_oai_static_gateway = 'gw", "address"),
    ('crossings_doi_prefix = "10.55"', "crossings_doi_prefix = '10.55'", "DOI prefix"),
    ('crossings_doi_prefix = "10.5555/x"', "crossings_doi_prefix = '10.5555/x'", "DOI prefix"),
    ('crossings_depositor_name = "Sample\\u202ePress"', "crossings_depositor_name", "the name of whoever"),
    ('crossings_depositor_email = "doi at example"', "crossings_depositor_email = 'doi at", "e-mail"),
]


@pytest.mark.parametrize(("line", "named", "expected"), BAD, ids=[case[0] for case in BAD])
def test_a_bad_value_stops_the_build_naming_conf_py_the_setting_and_what_is_expected(
    tmp_path: Path, line: str, named: str, expected: str
) -> None:
    message = refused(tmp_path, line)
    assert str(tmp_path / "src" / "conf.py") in message
    assert named in message and expected in message
    assert not (tmp_path / "out" / "index.html").exists()


def test_every_kind_of_check_is_exercised() -> None:
    checks = {spec.check.__name__ for _field, spec in Settings.specs() if not spec.internal}
    exercised = set()
    for line, _named, _expected in BAD:
        name = line.split(" =")[0].removeprefix(PREFIX)
        exercised |= {spec.check.__name__ for item, spec in Settings.specs() if item.name == name}
    assert checks == exercised


def test_a_bad_command_line_override_stops_the_build_too(tmp_path: Path) -> None:
    message = refused(tmp_path, overrides={"crossings_edition": "draft"})
    assert "crossings_edition = 'draft'" in message


def test_good_values_build_and_read_back_as_one_frozen_object(tmp_path: Path) -> None:
    app = sphinx_app(
        tmp_path,
        'crossings_languages = ["en", "th"]\ncrossings_sidebar_documents = True\n'
        'crossings_quick_exit_urls = {"th": "https://weather.example.org/th/"}',
    )
    chosen = Settings.from_config(app.config)
    assert chosen.languages == ("en", "th") and chosen.sidebar_documents is True
    assert dict(chosen.quick_exit_urls) == {"th": "https://weather.example.org/th/"}
    assert chosen.archive == str((tmp_path / "src").resolve())  # filled in from conf.py's folder
    with pytest.raises(AttributeError):
        chosen.edition = "internal"  # type: ignore[misc]
    with pytest.raises(TypeError):
        chosen.quick_exit_urls["en"] = "https://example.org/"  # type: ignore[index]


def test_every_crossings_config_value_is_a_declared_setting(tmp_path: Path) -> None:
    app = sphinx_app(tmp_path)
    registered = {name for name in app.config.values if name.startswith(PREFIX)}
    assert registered == {PREFIX + item.name for item, _spec in Settings.specs()}


def test_config_values_are_registered_in_one_module_and_read_through_no_private_attribute() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text("utf-8")
        if path.name != "settings.py" and re.search(r"add_config_value\(|\.add\(\s*\"crossings_", text):
            offenders.append(f"{path}: registers a config value")
        if re.search(r"_raw_config|\b(app|env|builder|config)\._[a-z]", text):
            offenders.append(f"{path}: reads a private attribute of Sphinx")
        if re.search(r"setattr\((app|env|config|app\.builder|app\.env)\b", text):
            offenders.append(f"{path}: sets an attribute on a Sphinx object")
    assert offenders == []


def archive_with(tmp_path: Path, conf: str) -> Archive:
    """An archive folder holding a conf.py and an empty catalog."""
    (tmp_path / "conf.py").write_text(conf, "utf-8")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "catalog.csv").write_text("file,id,title\n", "utf-8")
    return Archive.at(tmp_path)


def test_the_cli_reads_the_languages_of_conf_py_through_the_same_object(tmp_path: Path) -> None:
    archive = archive_with(tmp_path, 'language = "en"\ncrossings_languages = ["en", "th"]\n')
    assert archive_languages(archive) == ("en", ["en", "th"])


def test_the_cli_stops_at_bad_languages_naming_conf_py(tmp_path: Path) -> None:
    archive = archive_with(tmp_path, 'crossings_languages = ["en", "Thai language"]\n')
    with pytest.raises(CrossingsError, match=r"conf\.py: crossings_languages = .*'Thai language'"):
        archive_languages(archive)


# (conf.py line, the name refused, the setting suggested)
TYPOS = [
    ('crossings_langauges = ["en"]', "crossings_langauges", "crossings_languages"),
    ("crossings_base_URL = 'https://archive.example.org/'", "crossings_base_URL", "crossings_base_url"),
    ("Crossings_edition = 'internal'", "Crossings_edition", "crossings_edition"),
    ("crossings_quick_exit = 'https://example.org/'", "crossings_quick_exit", "crossings_quick_exit_url"),
]


@pytest.mark.parametrize(("line", "name", "meant"), TYPOS, ids=[case[1] for case in TYPOS])
def test_a_misspelt_setting_stops_the_build_with_the_setting_it_resembles(
    tmp_path: Path, line: str, name: str, meant: str
) -> None:
    message = refused(tmp_path, line)
    assert str(tmp_path / "src" / "conf.py") in message
    assert f"{name} is not a crossings setting" in message and f"did you mean {meant}?" in message


def test_the_cli_stops_at_a_misspelt_setting_too(tmp_path: Path) -> None:
    archive = archive_with(tmp_path, 'crossings_langauges = ["en", "th"]\n')
    with pytest.raises(CrossingsError, match=r"conf\.py: crossings_langauges is not a crossings setting"):
        archive_languages(archive)


def test_declared_languages_are_read_in_the_spelling_crossings_declares(tmp_path: Path) -> None:
    archive = archive_with(tmp_path, 'crossings_languages = ["en", "zh-hant", "zh-CN", "TH"]\n')
    assert archive_languages(archive)[1] == ["en", "zh-Hant", "zh-Hans", "th"]
    app = sphinx_app(tmp_path / "build", 'crossings_languages = ["en", "zh-TW"]')
    assert Settings.from_config(app.config).languages == ("en", "zh-Hant")


def test_crossings_defaults_give_way_to_what_conf_py_or_an_override_sets(tmp_path: Path) -> None:
    assert sphinx_app(tmp_path / "default").config.html_copy_source is False  # crossings' default
    # Set in conf.py to Sphinx's own default: still the editor's choice, kept.
    assert sphinx_app(tmp_path / "conf", "html_copy_source = True").config.html_copy_source is True
    overridden = sphinx_app(tmp_path / "override", overrides={"html_copy_source": True})
    assert overridden.config.html_copy_source is True


def test_an_edited_conf_py_is_read_again(tmp_path: Path) -> None:
    assert sphinx_app(tmp_path).config.html_permalinks_icon == "#"
    again = sphinx_app(tmp_path, 'html_permalinks_icon = "¶ here"')
    assert again.config.html_permalinks_icon == "¶ here"
