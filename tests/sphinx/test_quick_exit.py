"""Quick-exit settings: the neutral site by language, the off switch for one history entry, bad values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from click.testing import CliRunner
from sphinx.config import Config

from crossings.archive import Archive
from crossings.cli import main
from crossings.errors import CrossingsError
from crossings.languages import tags
from crossings.publish.sphinx_build import build_site
from crossings.settings import DEFAULT_URL, Invalid, add_to, web_address
from crossings.sphinx.quickexit import destination
from tests.sphinx.htmltools import read


def config(raw: dict[str, Any], overrides: dict[str, Any] | None = None) -> Config:
    """A real Sphinx Config holding conf.py's *raw* values and the archive's settings."""
    made = Config(dict(raw), overrides or {})
    add_to(made)
    return made


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "https://en.wikipedia.org/"),
        ("zh-Hant", "https://zh.wikipedia.org/zh-hant/"),
        ("zh-Hans", "https://baike.baidu.com/"),
        ("th", "https://th.wikipedia.org/"),
        ("vi", "https://vi.wikipedia.org/"),
        ("km", DEFAULT_URL),  # a language without its own entry gets the general one
    ],
)
def test_default_is_a_neutral_site_in_the_readers_language(lang: str, expected: str) -> None:
    assert destination(config({}), lang) == expected


def test_one_address_in_conf_py_applies_to_every_language() -> None:
    chosen = config({"crossings_quick_exit_url": "https://weather.example.org/"})
    assert {destination(chosen, lang) for lang in tags()} == {"https://weather.example.org/"}


def test_per_language_addresses_win_and_a_primary_tag_covers_its_scripts() -> None:
    urls = {"th": "https://weather.example.org/th/", "zh": "https://weather.example.org/zh/"}
    chosen = config(
        {"crossings_quick_exit_url": "https://weather.example.org/", "crossings_quick_exit_urls": urls}
    )
    assert destination(chosen, "th") == "https://weather.example.org/th/"
    assert (
        destination(chosen, "zh-Hant") == destination(chosen, "zh-Hans") == "https://weather.example.org/zh/"
    )
    assert destination(chosen, "en") == "https://weather.example.org/"
    # The build's interface language when none is named.
    assert destination(config({"crossings_quick_exit_urls": urls, "crossings_language": "th"})) == urls["th"]


@pytest.mark.parametrize(
    "value",
    ["javascript:alert(1)", "/local/page.html", "file:///tmp/neutral.html", "https://", "www.bbc.com", 42],
)
def test_values_a_browser_could_not_leave_for_are_refused(value: object) -> None:
    with pytest.raises(Invalid):
        web_address(value)


@pytest.mark.parametrize("value", ["https://th.wikipedia.org/", "http://127.0.0.1:8000/neutral.html"])
def test_web_addresses_are_accepted(value: str) -> None:
    web_address(value)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("line", "named"),
    [
        ('crossings_quick_exit_url = "javascript:alert(1)"', "crossings_quick_exit_url"),
        ('crossings_quick_exit_urls = {"th": "th.wikipedia.org"}', "crossings_quick_exit_urls['th']"),
        ('crossings_quick_exit_urls = ["https://th.wikipedia.org/"]', "crossings_quick_exit_urls"),
        ('crossings_one_history_entry = "no"', "crossings_one_history_entry"),
    ],
)
def test_a_bad_setting_stops_the_build_naming_it(
    make_root: Callable[[str], Archive], line: str, named: str
) -> None:
    archive = make_root("site")
    conf = archive.root / "conf.py"
    conf.write_text(conf.read_text("utf-8") + f"\n{line}\n", encoding="utf-8")
    with pytest.raises(CrossingsError) as failure:
        build_site(archive)
    message = str(failure.value)
    assert named in message and str(conf) in message
    assert not (archive.root / "build" / "public" / "html" / "en" / "index.html").exists()


@pytest.mark.slow
def test_the_cli_reports_a_bad_setting_in_conf_py_without_a_traceback(
    make_root: Callable[[str], Archive],
) -> None:
    archive = make_root("site")
    conf = archive.root / "conf.py"
    conf.write_text(conf.read_text("utf-8") + '\ncrossings_quick_exit_url = "weather"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "html", "--archive", str(archive.root)])
    assert result.exit_code == 1
    assert "crossings_quick_exit_url" in result.output and "https://" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_per_language_address_reaches_the_thai_pages(make_root: Callable[[str], Archive]) -> None:
    urls = {"th": "https://weather.example.org/th/"}
    result = build_site(make_root("site"), lang="th", overrides={"crossings_quick_exit_urls": urls})
    for name in ("index.html", "documents/th-report.html", "safety.html"):
        links = read(result.outdir / name).find("a", "crossings-quick-exit")
        assert [a.attrs["href"] for a in links] == [urls["th"]], name
    safety = read(result.outdir / "safety.html")
    assert any("weather.example.org" in p.text for p in safety.find("p"))


@pytest.mark.slow
def test_the_history_setting_turns_one_entry_navigation_off(make_root: Callable[[str], Archive]) -> None:
    archive = make_root("site")
    on = build_site(archive)
    page = read(on.outdir / "documents/th-report.html")
    assert [e.attrs["data-history"] for e in page.find("nav", "crossings-exit-bar")] == ["one-entry"]
    assert any(
        s.attrs.get("src", "").startswith("../_static/crossings-one-entry.js") for s in page.find("script")
    )
    off = build_site(archive, overrides={"crossings_one_history_entry": False})
    page = read(off.outdir / "documents/th-report.html")
    assert [e.attrs["data-history"] for e in page.find("nav", "crossings-exit-bar")] == ["browser"]
    assert not any("crossings-one-entry.js" in s.attrs.get("src", "") for s in page.find("script"))
    # The quick exit itself stays, and the safety page says that Back can still reach the archive.
    assert page.find("a", "crossings-quick-exit")
    safety = " ".join(p.text for p in read(off.outdir / "safety.html").find("p"))
    assert "added to your browser's Back list as usual" in safety


@pytest.mark.slow
def test_a_hand_written_safety_page_replaces_the_generated_one(make_root: Callable[[str], Archive]) -> None:
    archive = make_root("site")
    (archive.source / "safety.md").write_text(
        "---\norphan: true\n---\n# Staying safe in our network\n\nCall the hotline of your local group.\n",
        encoding="utf-8",
    )
    result = build_site(archive)
    safety = read(result.outdir / "safety.html")
    assert [h.text.strip().rstrip("#").strip() for h in safety.find("h1")] == ["Staying safe in our network"]
    links = read(result.outdir / "documents/th-report.html").find("a", "crossings-safety-link")
    assert [a.attrs["href"] for a in links] == ["../safety.html"]
