"""Parsing catalog rows and front matter into the metadata model."""

from __future__ import annotations

import json

import pytest

from crossings.catalog import Location, Route, parse_front_matter, parse_row

GOOD_ROW = {
    "file": "country-reports/th.docx",
    "id": "th-report",
    "title": "Thailand country report",
    "type": "country-report",
    "event": "hk-2001",
    "session": "s2",
    "countries": "TH; my",
    "themes": "law-and-policy;migration-routes",
    "authors": "Sample Author A;Sample Author B",
    "organisations": "Example Group",
    "language": "en",
    "date": "2001-06-16",
    "access": "public",
    "routes": "TH>MY>SG;MM>TH",
    "encoding": "",
    "summary": "A sample report.",
}
WHERE = Location("reports/catalog.csv", line=3, row=2)


def test_good_row_becomes_typed_metadata() -> None:
    meta, problems = parse_row(GOOD_ROW, WHERE)
    assert problems == []
    assert meta is not None
    assert meta.countries == ("TH", "MY")
    assert meta.themes == ("law-and-policy", "migration-routes")
    assert meta.routes == (Route(("TH", "MY", "SG")), Route(("MM", "TH")))
    assert meta.routes[0].transit == ("MY",)
    assert meta.year == 2001
    assert not meta.restricted


def test_every_problem_of_a_row_is_reported_at_once() -> None:
    row = dict(GOOD_ROW, id="Bad ID", date="16/06/2001", access="secret", routes="TH", countries="THA")
    meta, problems = parse_row(row, WHERE)
    assert meta is None
    assert {p.field for p in problems} == {"id", "date", "access", "routes", "countries"}
    assert all(p.file == "reports/catalog.csv" and p.line == 3 and p.row == 2 for p in problems)
    assert "row 2, column date" in str(next(p for p in problems if p.field == "date"))


def test_required_fields_are_named_when_empty() -> None:
    _, problems = parse_row({"file": "a.txt"}, WHERE)
    assert {p.field for p in problems} >= {"id", "title", "type", "language", "access"}


@pytest.mark.parametrize(
    "route, fragment",
    [("TH", "at least an origin"), ("TH>THA", "'THA'"), ("TH>TH", "repeats"), ("TH>>MY", "''")],
)
def test_bad_route_chains_say_what_is_wrong(route: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        Route.parse(route)


def test_front_matter_round_trips() -> None:
    meta, _ = parse_row(GOOD_ROW, WHERE)
    assert meta is not None
    again, problems = parse_front_matter(meta.to_front_matter(), Location("source/documents/th-report.md"))
    assert problems == []
    assert again == meta


def test_front_matter_as_sphinx_holds_it_json_strings_are_decoded() -> None:
    """myst-parser hands lists to Sphinx as JSON text with non-ASCII escaped."""
    meta, _ = parse_row(dict(GOOD_ROW, authors="陳樣本;Sample Author B"), WHERE)
    assert meta is not None
    data = {
        k: (json.dumps(v) if isinstance(v, list | dict) else v) for k, v in meta.to_front_matter().items()
    }
    assert data["authors"].startswith('["\\u9673')
    again, problems = parse_front_matter(data, Location("x.md"))
    assert problems == []
    assert again is not None and again.authors == ("陳樣本", "Sample Author B")


def test_front_matter_provenance_is_parsed_and_checked() -> None:
    meta, _ = parse_row(GOOD_ROW, WHERE)
    assert meta is not None
    data = meta.to_front_matter()
    data["source"] = {"file": "country-reports/th.docx", "sha256": "ab" * 32, "converter": "pandoc 3.9"}
    again, problems = parse_front_matter(data, Location("x.md"))
    assert problems == [] and again is not None and again.source is not None
    assert again.source.converter == "pandoc 3.9"
    data["source"] = ["not", "a", "mapping"]
    again, problems = parse_front_matter(data, Location("x.md"))
    assert again is None and problems[0].field == "source"


def test_front_matter_wrong_shapes_are_problems_with_the_field_line() -> None:
    data = dict(GOOD_ROW, countries={"TH": 1}, title=["a", "b"])
    where = Location("source/documents/x.md", line=1, field_lines=(("countries", 8), ("title", 4)))
    meta, problems = parse_front_matter(data, where)
    assert meta is None
    lines = {p.field: p.line for p in problems}
    assert lines == {"countries": 8, "title": 4}


def test_metadata_back_to_a_catalog_row() -> None:
    meta, _ = parse_row(GOOD_ROW, WHERE)
    assert meta is not None
    row = meta.to_row()
    assert row["routes"] == "TH>MY>SG;MM>TH"
    assert row["countries"] == "TH;MY"


@pytest.mark.parametrize(
    ("column", "value", "shown"),
    [
        ("title", "Line one\nline two", "U+000A (a line break) at character 9"),
        ("title", "Tab\there", "U+0009 (a tab)"),
        ("title", "Nul\x00byte", "U+0000 (a NUL byte)"),
        ("title", "Escape\x1b[31m", "U+001B"),
        ("title", "Next\u0085line", "U+0085"),
        ("title", "Line\u2028separator", "U+2028 (line separator)"),
        ("title", "abc\u202edcba", "U+202E (right-to-left override)"),
        ("title", "\u2066isolate", "U+2066 (left-to-right isolate)"),
        ("authors", "Sample A;Sample\nB", "item 2, character 7"),
        ("organisations", "Example\rGroup", "U+000D (a carriage return)"),
        ("id", "th\u200e", None),  # not a control character, but not an id either
    ],
)
def test_single_line_fields_refuse_control_characters_with_row_column_and_position(
    column: str, value: str, shown: str | None
) -> None:
    meta, problems = parse_row({**GOOD_ROW, column: value}, WHERE)
    assert meta is None
    (problem,) = [p for p in problems if p.field == column]
    assert (problem.file, problem.line, problem.row) == ("reports/catalog.csv", 3, 2)
    assert "[row 2, column " + column + "]" in str(problem)
    if shown is not None:
        assert shown in problem.message


def test_summary_may_run_over_lines_but_not_hide_direction_overrides() -> None:
    meta, problems = parse_row({**GOOD_ROW, "summary": "First line.\nSecond line.\tTabbed."}, WHERE)
    assert meta is not None and problems == []
    meta, problems = parse_row({**GOOD_ROW, "summary": "Looks fine \u202e.enif skooL"}, WHERE)
    assert meta is None and problems[0].field == "summary"


def test_front_matter_gets_the_same_refusal_on_its_field_line() -> None:
    data = {**json.loads(json.dumps(GOOD_ROW)), "title": "Title\u2029with a paragraph separator"}
    where = Location("source/documents/x.md", line=1, field_lines=(("title", 4),))
    meta, problems = parse_front_matter(data, where)
    assert meta is None and problems[0].line == 4 and "U+2029" in problems[0].message


@pytest.mark.parametrize(
    ("column", "value", "shown"),
    [
        (
            "authors",
            "Sample A;" + "Sample " * 500,
            "authors item 2 is 3499 characters long, more than the 200",
        ),
        ("organisations", "x" * 201, "organisations is 201 characters long"),
        ("title", "T" * 1001, "title is 1001 characters long, more than the 1000"),
        ("summary", "s " * 5001, "summary is 10001 characters long"),
    ],
)
def test_a_value_longer_than_its_field_takes_is_refused_with_row_and_column(
    column: str, value: str, shown: str
) -> None:
    meta, problems = parse_row({**GOOD_ROW, column: value}, WHERE)
    assert meta is None
    (problem,) = [p for p in problems if p.field == column]
    assert "[row 2, column " + column + "]" in str(problem) and shown in problem.message


def test_values_up_to_their_limit_are_taken() -> None:
    longest = {"authors": "A" * 200, "title": "T" * 1000, "summary": "s" * 10_000}
    meta, problems = parse_row({**GOOD_ROW, **longest}, WHERE)
    assert meta is not None and problems == []


@pytest.mark.parametrize(
    ("date", "why"),
    [
        ("2001-02-30", "February 2001 has 28 days"),
        ("2001-04-31", "April 2001 has 30 days"),
        ("2002-02-29", "February 2002 has 28 days"),
    ],
)
def test_a_date_past_the_end_of_its_month_is_refused_saying_how_long_the_month_is(
    date: str, why: str
) -> None:
    # Such a date would reach CSL-JSON's date-parts, citation_publication_date and dc:date.
    meta, problems = parse_row(dict(GOOD_ROW, date=date), WHERE)
    assert meta is None and [p.field for p in problems] == ["date"]
    assert why in str(problems[0]) and "row 2, column date" in str(problems[0])


@pytest.mark.parametrize("date", ["2000-02-29", "2001-01-31", "2001-12-31", "2001-06", "2001"])
def test_every_day_of_the_calendar_and_partial_dates_are_accepted(date: str) -> None:
    meta, problems = parse_row(dict(GOOD_ROW, date=date), WHERE)
    assert problems == [] and meta is not None and meta.date == date
