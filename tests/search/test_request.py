"""SearchRequest.from_params: the one reading of a request, for the API and the command line."""

from __future__ import annotations

import pytest

from crossings.search.registry import Kind, facets
from crossings.search.request.errors import QueryError
from crossings.search.request.limits import DEFAULT_LIMIT, MAX_LIMIT, MAX_VALUES
from crossings.search.request.search_request import RequestError, SearchRequest


def test_every_facet_parameter_lands_in_the_filters_under_the_facet_name() -> None:
    params: dict[str, str | list[str]] = {"q": "police"}
    for facet in facets():
        if facet.kind is Kind.YEARS:
            params.update(dict.fromkeys(facet.params, "2001"))
        else:
            params[facet.params[0]] = ["ab", "cd"] if facet.kind is Kind.KEYWORDS else "ab"
    request = SearchRequest.from_params(params)
    assert set(request.filters) == {facet.name for facet in facets()}
    for facet in facets():
        if facet.kind is Kind.YEARS:
            assert request.years(facet.name) == (2001, 2001)
        else:
            assert request.values(facet.name) == (("ab", "cd") if facet.kind is Kind.KEYWORDS else ("ab",))


def test_defaults_and_empty_values() -> None:
    request = SearchRequest.from_params(
        {"q": "", "country": ["", "TH"], "type": "", "from": "", "to": "1999"}
    )
    assert request.values("country") == ("TH",) and "type" not in request.filters
    assert request.years("year") == (None, 1999)
    assert (request.sort, request.limit, request.page) == ("relevance", DEFAULT_LIMIT, 1)


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"type": ["a", "b"]}, "--type may be given only once"),
        ({"country": ["TH"] * (MAX_VALUES + 1)}, f"the limit is {MAX_VALUES}"),
        ({"limit": str(MAX_LIMIT + 1)}, f"--limit must be a whole number from 1 to {MAX_LIMIT}"),
        ({"lang": "<x>"}, "--lang='<x>' is not a language tag"),
        ({"country": "T H"}, "--country='T H' is not a valid code"),
        ({"country": "TH\n"}, "--country='TH\\n' is not a valid code"),
        ({"lang": "en\n"}, "--lang='en\\n' is not a language tag"),
        ({"from": "2001\n"}, "--from must be a four-digit year"),
        ({"from": "99"}, "--from must be a four-digit year"),
        ({"from": "2003", "to": "2001"}, "is empty; swap them"),
        ({"bogus": "1"}, "unknown parameter '--bogus'"),
        ({"q": "police\udcff"}, "QUERY is not valid text at character 7"),
        ({"q": "x" * 501}, "QUERY is 501 characters long"),
    ],
)
def test_a_bad_parameter_is_named_as_the_caller_spells_it(params: dict[str, str], fragment: str) -> None:
    with pytest.raises(RequestError) as caught:
        SearchRequest.from_params(params, spell=lambda p: "QUERY" if p == "q" else f"--{p}")
    assert fragment in str(caught.value)


def test_extra_parameters_are_the_callers() -> None:
    assert SearchRequest.from_params({"q": "x", "ui": "th"}, extra=("ui",)).q == "x"
    with pytest.raises(RequestError, match="unknown parameter 'ui'"):
        SearchRequest.from_params({"q": "x", "ui": "th"})


def test_a_filter_no_facet_declares_is_refused() -> None:
    with pytest.raises(QueryError, match="no facet 'colour'"):
        SearchRequest("x", {"colour": ("red",)}).check()
    with pytest.raises(QueryError, match="swap from and to"):
        SearchRequest("x", {"year": ("2005", "2001")}).check()
