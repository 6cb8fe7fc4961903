"""The default vocabularies and reading an archive's own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crossings.catalog import UI_LANGUAGES, Location, Vocabularies, parse_row, validate

DEFAULT_THEMES = {
    "migration-routes",
    "law-and-policy",
    "police-and-violence",
    "agents-and-debt",
    "immigration-status",
    "health-and-hiv",
    "labour-rights",
    "stigma-and-discrimination",
    "organising-and-networks",
    "livelihoods",
    "policy-models",
}


@pytest.fixture(scope="module")
def vocab() -> Vocabularies:
    return Vocabularies.load(None)


def test_defaults_load_without_problems(vocab: Vocabularies) -> None:
    assert vocab.problems == []
    assert len(vocab.countries) > 240


def test_every_default_theme_has_label_and_description_in_every_ui_language(vocab: Vocabularies) -> None:
    assert {t.id for t in vocab.themes} == DEFAULT_THEMES
    for theme in vocab.themes:
        for lang in UI_LANGUAGES:
            assert theme.labels.get(lang), (theme.id, lang)
            assert theme.descriptions.get(lang), (theme.id, lang)


def test_countries_have_labels_in_every_ui_language_and_a_known_region(vocab: Vocabularies) -> None:
    for country in vocab.countries:
        assert country.attrs["region"] in vocab.regions, country.id
        for lang in UI_LANGUAGES:
            assert country.labels.get(lang), (country.id, lang)


@pytest.mark.parametrize("code", ["HK", "MO", "TW"])
def test_hong_kong_macau_taiwan_are_their_own_entries_with_the_names_people_use(
    vocab: Vocabularies, code: str
) -> None:
    country = vocab.countries[code]
    assert country.attrs["region"] == "east-asia"
    for lang in UI_LANGUAGES:
        label = country.label(lang)
        for loaded in ("Province", "SAR", "特別行政區", "特别行政区", "省"):
            assert loaded not in label, (code, lang, label)
    assert vocab.countries.label("TW", "zh-Hant") == "台灣"
    assert vocab.countries.label("HK", "th") == "ฮ่องกง"


def test_label_falls_back_to_same_language_then_english(vocab: Vocabularies) -> None:
    thailand = vocab.countries["TH"]
    assert thailand.label("zh-TW") == thailand.label("zh-Hant")
    assert thailand.label("fr") == "Thailand"
    assert vocab.countries.label("ZZ") == "ZZ"


def test_archive_files_replace_defaults_and_report_bad_rows(tmp_path: Path) -> None:
    (tmp_path / "themes.csv").write_text("id,en\nnew-theme,New theme\nnew-theme,Again\n,empty\n", "utf-8")
    vocab = Vocabularies.load(tmp_path)
    assert [t.id for t in vocab.themes] == ["new-theme"]
    messages = [(p.line, p.message) for p in vocab.problems]
    assert (3, "duplicate id 'new-theme'") in messages
    assert (4, "empty id") in messages


def test_validate_names_unknown_values_and_session_of_another_event(tmp_path: Path) -> None:
    (tmp_path / "events.csv").write_text("id,en\nev-a,Event A\nev-b,Event B\n", "utf-8")
    (tmp_path / "sessions.csv").write_text("id,event,order,en\ns1,ev-a,1,Opening\n", "utf-8")
    vocab = Vocabularies.load(tmp_path)
    row = {
        "file": "a.txt",
        "id": "a",
        "title": "A",
        "type": "poem",
        "language": "en",
        "access": "public",
        "countries": "TH;QQ",
        "themes": "law-and-policy;gossip",
        "routes": "TH>QZ",
        "event": "ev-b",
        "session": "s1",
    }
    meta, problems = parse_row(row, Location("c.csv", 2, 1))
    assert meta is not None and problems == []
    found = validate(meta, vocab, Location("c.csv", 2, 1))
    by_field = {p.field: p.message for p in found}
    assert set(by_field) == {"type", "countries", "themes", "routes", "session"}
    assert "'gossip'" in by_field["themes"] and "vocabularies/themes.csv" in by_field["themes"]
    assert "belongs to event 'ev-a'" in by_field["session"]


def test_a_vocabulary_of_the_archives_own_is_found_by_name(tmp_path: Path) -> None:
    # A new facet's vocabulary is data: a CSV in vocabularies/, no code that lists it.
    folder = tmp_path / "vocabularies"
    folder.mkdir()
    (folder / "funders.csv").write_text("id,en,th\nfund-a,Fund A,กองทุน เอ\n", encoding="utf-8")
    vocab = Vocabularies.load(folder)
    assert vocab.get("funders").label("fund-a", "th") == "กองทุน เอ"
    assert vocab.get("countries") is vocab.countries  # the core ones still come from the defaults
    assert vocab.with_text(str.upper).get("funders").label("fund-a") == "FUND A"
    with pytest.raises(KeyError, match=r"vocabularies/donors\.csv"):
        vocab.get("donors")


@pytest.mark.parametrize("bad", ["Sex Work", "law:asia", "théme", "-lead", "a/b", "x" * 65, "ชุมชน"])
def test_a_term_id_that_is_no_code_is_refused(tmp_path: Path, bad: str) -> None:
    """A term's id becomes an OAI-PMH setSpec (theme:<id>) and a search filter value: 'Sex Work'
    made the set 'theme:sex work', which the OAI-PMH schema refuses, and 'law:asia' a set inside a
    'theme:law' that no ListSets named (set=theme:law harvested its documents)."""
    (tmp_path / "themes.csv").write_text(f'id,en\nfine-theme,Fine\n"{bad}",Hostile\n', "utf-8")
    vocab = Vocabularies.load(tmp_path)
    assert [t.id for t in vocab.themes] == ["fine-theme"]
    [problem] = vocab.problems
    assert problem.line == 3 and problem.field == "id" and problem.severity == "error"
    assert "themes.csv" in str(problem) and "reports/catalog.csv" in problem.message
    # A row that uses it is refused as naming an unknown theme, before any build hands it out.
    row = {"file": "a.txt", "id": "a", "title": "A", "type": "country-report", "language": "en"}
    row |= {"access": "public", "themes": f"fine-theme;{bad}"}
    meta, problems = parse_row(row, Location("reports/catalog.csv", row=1))
    assert meta is not None and not problems
    found = validate(meta, vocab, Location("reports/catalog.csv", row=1))
    assert [p.field for p in found] == ["themes"]


def test_every_default_term_id_is_a_code(vocab: Vocabularies) -> None:
    assert not vocab.problems
    for name in ("countries", "regions", "themes", "types", "languages", "events", "sessions"):
        assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", t.id) for t in vocab.get(name))


@pytest.mark.parametrize(("name", "first", "second"), [("countries", "HK", "hk"), ("themes", "law", "Law")])
def test_term_ids_differing_only_in_case_are_refused(
    tmp_path: Path, name: str, first: str, second: str
) -> None:
    """'HK' and 'hk' made one OAI-PMH set listed twice and a filter that matched either: the second
    row is refused, naming the file, its row and line, the first and what to do."""
    (tmp_path / f"{name}.csv").write_text(f"id,en,region\n{first},One,\n{second},Two,\nok,Fine,\n", "utf-8")
    vocab = Vocabularies.load(tmp_path)
    assert [t.id for t in vocab.get(name)] == [first, "ok"]
    [problem] = vocab.problems
    assert (problem.line, problem.row, problem.field, problem.severity) == (3, 2, "id", "error")
    assert f"{name}.csv" in str(problem) and f"{second!r}" in problem.message
    assert f"{first!r} (row 1, line 2)" in problem.message
    assert "merge" in problem.message and "reports/catalog.csv" in problem.message
    assert (vocab.get(name)[first].row, vocab.get(name)[first].line) == (1, 2)
