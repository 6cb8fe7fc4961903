"""Queries against a real Whoosh index: every query form, filters, facets, snippets, pages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from crossings.errors import CrossingsError
from crossings.search.api import search
from crossings.search.language.parse import rewrite_synonyms
from crossings.search.registry import Kind, facets
from crossings.search.request.errors import QueryError
from crossings.search.request.search_request import SearchRequest
from crossings.search.text.synonyms import Synonyms


def ids(index_dir: Path, q: str, filters: dict[str, Any] | None = None) -> set[str]:
    """The document ids matching *q* with *filters*."""
    answer = search(index_dir, SearchRequest.from_params({"q": q, "limit": "50", **(filters or {})}))
    return {hit["id"] for hit in answer["hits"]}


def test_answer_has_the_design_shape(index_dir: Path) -> None:
    answer = search(index_dir, SearchRequest("police"))
    assert {"query", "total", "page", "hits", "facets", "suggestion"} <= set(answer)
    assert set(answer["facets"]) >= {"country", "theme", "type", "language"}
    hit = answer["hits"][0]
    keys = set("id title section url score countries themes type language date snippet sections".split())
    facet_records = {f.record for f in facets() if f.kind is not Kind.YEARS}  # event, and any facet added
    assert set(hit) == keys | facet_records
    assert isinstance(hit["event"], str) and isinstance(hit["themes"], list)
    assert isinstance(hit["countries"], list) and isinstance(hit["score"], float)
    assert {"suggestion_skipped", "budget_exhausted"} <= set(answer)


def test_a_section_hit_links_to_its_anchor(index_dir: Path) -> None:
    hits = search(index_dir, SearchRequest("deportation"))["hits"]
    assert [(h["id"], h["section"], h["url"]) for h in hits] == [
        ("thailand-report", "Police raids", "documents/thailand-report.html#police-raids")
    ]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("police AND bangkok", {"thailand-report"}),
        ("police bangkok", {"thailand-report"}),
        ("hiv OR trafficking", {"health-handbook", "law-paper"}),
        ("police NOT bangkok", {"hong-kong-police"}),
        ("(hiv OR trafficking) AND debt", {"law-paper"}),
        ('"police violence"', {"hong-kong-police"}),
        ('"violence police"', set()),
        ("traffick*", {"law-paper"}),
        ("deportaton~", {"thailand-report"}),
        ("country:HK", {"hong-kong-police"}),
        ("country:th police", {"thailand-report"}),
        ("theme:health-and-hiv", {"health-handbook"}),
        ("title:handbook", {"health-handbook"}),
        ("title:raids", set()),
        ("section:raids", {"thailand-report"}),
        ("type:handbook", {"health-handbook"}),
    ],
)
def test_query_forms(index_dir: Path, q: str, expected: set[str]) -> None:
    assert ids(index_dir, q) == expected


def test_title_words_outrank_body_words(index_dir: Path) -> None:
    hits = search(index_dir, SearchRequest("health"))["hits"]
    assert hits[0]["id"] == "health-handbook"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"country": ("TH",)}, {"thailand-report", "health-handbook"}),
        ({"country": ("hk", "JP")}, {"hong-kong-police", "law-paper"}),
        ({"theme": ("labour-rights",)}, {"law-paper"}),
        ({"type": "country-report"}, {"thailand-report"}),
        ({"lang": "EN", "country": ("SG",)}, {"thailand-report", "hostile"}),
        ({"event": "other-event"}, set()),
        ({"from": "2001", "to": "2002"}, {"thailand-report", "hostile", "long-notes"}),
        ({"to": "1999"}, {"hong-kong-police"}),
    ],
)
def test_filters(index_dir: Path, filters: dict[str, Any], expected: set[str]) -> None:
    assert ids(index_dir, "", filters) == expected


def test_facet_counts_cover_every_hit_not_only_the_page(index_dir: Path) -> None:
    answer = search(index_dir, SearchRequest("migrants OR migrant OR migration OR migrate", limit=1))
    assert answer["total"] == 6 and len(answer["hits"]) == 1 and answer["pages"] == 6
    facets = answer["facets"]
    # Documents are counted: the Thailand report's two matching sections count once.
    assert facets["country"] == {"MY": 2, "HK": 1, "JP": 1, "KH": 1, "PH": 1, "SG": 2, "TH": 2}
    assert facets["type"] == {"paper": 3, "country-report": 1, "handbook": 1, "session-notes": 1}
    assert facets["language"] == {"en": 6}
    assert facets["year"]["2001"] == 2


def test_facets_follow_the_filters(index_dir: Path) -> None:
    facets = search(index_dir, SearchRequest("", {"country": ("HK",)}))["facets"]
    assert facets["country"] == {"HK": 1}
    assert facets["theme"] == {"police-and-violence": 1}


def test_snippets_escape_html_and_mark_matches(index_dir: Path) -> None:
    hit = search(index_dir, SearchRequest("hostile"))["hits"][0]
    assert "<script>" not in hit["snippet"]
    assert "&lt;script&gt;" in hit["snippet"]
    assert "<mark>hostile</mark>" in hit["snippet"].lower()
    assert hit["title"] == "Hostile <b>markup</b>"  # titles are data; the caller escapes them
    assert re.sub(r"</?mark>", "", hit["snippet"]).count("<") == 0


def test_at_most_three_fragments(index_dir: Path) -> None:
    hit = search(index_dir, SearchRequest("migration", {"country": ("MY",), "type": ("session-notes",)}))[
        "hits"
    ][0]
    assert hit["id"] == "long-notes"
    assert 1 <= hit["snippet"].count(" … ") + 1 <= 3
    assert hit["snippet"].count("<mark>") >= 2


def test_fuzzy_matches_are_highlighted(index_dir: Path) -> None:
    hit = search(index_dir, SearchRequest("deportaton~"))["hits"][0]
    assert "<mark>deportation</mark>" in hit["snippet"]


def test_snippet_without_body_match_is_the_escaped_lead(index_dir: Path) -> None:
    hit = search(index_dir, SearchRequest("title:hostile"))["hits"][0]
    assert hit["snippet"].startswith("A hostile &lt;script&gt;")


def test_sort_by_date_newest_first(index_dir: Path) -> None:
    hits = search(index_dir, SearchRequest("", sort="date", limit=50))["hits"]
    dates = [h["date"] for h in hits]
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == "2003"


@pytest.mark.parametrize("sort", ["date", "relevance"])
@pytest.mark.parametrize("q", ["", "migrants OR police OR health OR workers"])
def test_pages_do_not_overlap_and_cover_everything(index_dir: Path, sort: str, q: str) -> None:
    everything = [h["id"] for h in search(index_dir, SearchRequest(q, sort=sort, limit=50))["hits"]]
    seen = []
    for page in (1, 2, 3):
        answer = search(index_dir, SearchRequest(q, sort=sort, limit=2, page=page))
        assert answer["total"] == len(everything) and answer["pages"] == -(-len(everything) // 2)
        again = search(index_dir, SearchRequest(q, sort=sort, limit=2, page=page))
        assert again["hits"] == answer["hits"]  # the same page every time
        seen += [h["id"] for h in answer["hits"]]
    assert seen == everything[:6] and len(set(seen)) == len(seen)
    assert search(index_dir, SearchRequest(q, sort=sort, limit=3, page=4))["hits"] == []


def test_suggestion_when_nothing_matches(index_dir: Path) -> None:
    answer = search(index_dir, SearchRequest("deportatoin"))
    assert answer["total"] == 0
    assert answer["suggestion"] == "deportation"
    assert search(index_dir, SearchRequest("police"))["suggestion"] is None


@pytest.mark.parametrize(
    "q",
    ['"unclosed', "(a OR", "a OR)", "title:", "police AND", "AND OR", "OR police", "()", "x" * 5000, "a NOT"],
)
def test_malformed_queries_raise_query_error(index_dir: Path, q: str) -> None:
    with pytest.raises(QueryError) as info:
        search(index_dir, SearchRequest(q))
    assert isinstance(info.value, CrossingsError)
    assert str(info.value)


@pytest.mark.parametrize(
    "request_",
    [
        SearchRequest("x", limit=0),
        SearchRequest("x", limit=1000),
        SearchRequest("x", page=0),
        SearchRequest("x", sort="title"),
        SearchRequest("x", {"year": ("2005", "2001")}),
    ],
)
def test_out_of_range_requests(index_dir: Path, request_: SearchRequest) -> None:
    with pytest.raises(QueryError):
        search(index_dir, request_)


def test_odd_but_valid_queries_do_not_fail(index_dir: Path) -> None:
    for q in [
        "12:30",
        "*",
        "*:*",
        "NOT police",
        "migrant's",
        "ไทย",
        "性工作者",
        '"note: police"',
        "a?c",
        "[note]",
    ]:
        search(index_dir, SearchRequest(q))


def test_synonyms_expand_queries(index_dir: Path) -> None:
    class Settings:
        synonyms = Synonyms.parse(
            "expulsion, deportation\nsex worker, 性工作者, trafficking\n", "synonyms.csv"
        )
        boosts = None

    assert ids(index_dir, "expulsion") == set()
    answer = search(index_dir, SearchRequest("expulsion"), settings=Settings())
    assert {h["id"] for h in answer["hits"]} == {"thailand-report"}
    assert "<mark>deportation</mark>" in answer["hits"][0]["snippet"]
    # A multi-word entry typed without quotes, and the group inside a larger query.
    assert ids(index_dir, "sex worker") == {"hong-kong-police"}
    answer = search(index_dir, SearchRequest("sex worker NOT police"), settings=Settings())
    assert {h["id"] for h in answer["hits"]} == {"law-paper"}
    assert answer["query"] == "sex worker NOT police"


def test_synonym_rewrite_leaves_query_syntax_alone() -> None:
    def alts(words: str) -> list[str]:
        return ["b c"] if words == "a" else []

    assert (
        rewrite_synonyms('a AND title:a "a" a* (x)', alts)
        == '("a" OR "b c") AND title:("a" OR "b c") ("a" OR "b c") a* (x)'
    )


def test_synonym_rewrite_keeps_each_mark_on_what_it_was_written_against() -> None:
    def alts(words: str) -> list[str]:
        return ["b c"] if words in ("a", "a d") else []

    rewrite = lambda q: rewrite_synonyms(q, alts)  # noqa: E731
    assert rewrite('title:"a d"') == 'title:("a d" OR "b c")'
    assert rewrite("body:(a x)") == 'body:(("a" OR "b c") x)'
    assert rewrite("(a)^2") == '(("a" OR "b c"))^2'
    assert rewrite('("a d") x') == '(("a d" OR "b c")) x'
    assert rewrite("a^2 x") == '("a" OR "b c")^2 x'
    assert rewrite('"a d"~3^2') == '("a d"~3 OR "b c"~3)^2'
    assert rewrite('country:a id:"a" a* a~ x') == 'country:a id:"a" a* a~ x'  # codes, patterns


class _Synonyms:
    """Search settings with synonyms only."""

    synonyms = Synonyms.parse("expulsion, deportation\npolice, 警察\n", "synonyms.csv")
    boosts = None


@pytest.mark.parametrize(
    "q",
    [
        'section:"police raids"',
        "section:(police raids)",
        "(expulsion)^2",
        "expulsion^2",
        "body:expulsion",
        '"expulsion"~2',
        "(expulsion OR nothing)^3 bangkok",
    ],
)
def test_a_word_keeps_its_synonyms_and_its_field_boost_or_group(index_dir: Path, q: str) -> None:
    """A field, a boost or a slop written against a word, a phrase or a group still applies to
    it once synonyms are added: ``section:"police raids"`` searched the word "section",
    ``(expulsion)^2`` the word "2", and ``expulsion^2`` lost its synonyms."""
    answer = search(index_dir, SearchRequest(q, limit=50), settings=_Synonyms())
    assert {h["id"] for h in answer["hits"]} == {"thailand-report"}


def test_a_one_word_phrase_weighs_its_fields_as_the_word_does(index_dir: Path) -> None:
    """ "police" (and every one-word synonym, searched as a phrase) counts a title three times
    as the word police does; Whoosh's phrase of one word had dropped the field weights."""

    def scores(q: str) -> dict[str, float]:
        return {h["id"]: h["score"] for h in search(index_dir, SearchRequest(q, limit=50))["hits"]}

    assert scores('"policing"') == scores("policing") != {}
    with_synonyms = search(index_dir, SearchRequest("police", limit=50), settings=_Synonyms())
    assert {h["id"]: h["score"] for h in with_synonyms["hits"]} == scores("police OR 警察")
