"""Every input gets an answer: every operator works or is refused naming the character at fault,
unknown and internal fields are refused, and no generated hostile query raises anything else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.search.hostile import hostile_queries
from crossings.search.api import search
from crossings.search.language.syntax import read_query
from crossings.search.request.budget import Budget
from crossings.search.request.errors import QueryError
from crossings.search.request.search_request import SearchRequest


def ids(index_dir: Path, q: str, **options: Any) -> set[str]:
    """The document ids a query finds."""
    return {hit["id"] for hit in search(index_dir, SearchRequest(q, limit=50, **options))["hits"]}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("police AND raids", {"thailand-report"}),
        ("hiv OR trafficking", {"health-handbook", "law-paper"}),
        ("police NOT bangkok", {"hong-kong-police"}),
        ("police ANDNOT bangkok", {"hong-kong-police"}),
        ("police ANDMAYBE bangkok", {"thailand-report", "hong-kong-police"}),
        ("(hiv OR trafficking) AND debt", {"law-paper"}),
        ('"police violence"', {"hong-kong-police"}),
        ('"police reported"~10', {"hong-kong-police"}),
        ('"police reported"~2', set()),
        ("'police violence'", {"hong-kong-police"}),
        ("traffick*", {"law-paper"}),
        ("deport?tion", {"thailand-report"}),
        ("*portation", {"thailand-report"}),
        ("deportaton~", {"thailand-report"}),
        ("deportaton~2/3", {"thailand-report"}),
        ("deportaton~2^2", {"thailand-report"}),
        ("deportaton~^3 OR hiv", {"thailand-report", "health-handbook"}),
        ("section:raids~1/2^2", {"thailand-report"}),
        ("police^3 OR health", {"thailand-report", "hong-kong-police", "health-handbook"}),
        ('"police raids"^2', {"thailand-report"}),
        ("title:handbook", {"health-handbook"}),
        ("Title:Handbook", {"health-handbook"}),
        ("section:raids", {"thailand-report"}),
        ("body:bondage", {"law-paper"}),
        ("country:HK", {"hong-kong-police"}),
        ("countries:hk", {"hong-kong-police"}),
        ("theme:health-and-hiv", {"health-handbook"}),
        ("type:handbook", {"health-handbook"}),
        ("lang:en police bangkok", {"thailand-report"}),
        ("year:1999", {"hong-kong-police"}),
        ("year:[1999 TO 2000]", {"hong-kong-police", "law-paper"}),
        ("year:[2003 TO]", {"health-handbook"}),
        ("year:[1999 TO 2000]^2", {"hong-kong-police", "law-paper"}),
        ("date:[2003 TO 2004]^2 hiv", {"health-handbook"}),
        ("date:[2003 TO 2004]", {"health-handbook"}),
        ("id:law-paper", {"law-paper"}),
        (
            "*:*",
            {"thailand-report", "hong-kong-police", "health-handbook", "law-paper", "hostile", "long-notes"},
        ),
        ("（police）ＡＮＤ　“police raids”", {"thailand-report"}),
        ("hiv AND *:*", {"health-handbook"}),
        ("*:* (hiv OR trafficking)", {"health-handbook", "law-paper"}),
        ("hiv AND (*:* OR police)", {"health-handbook"}),
        ("*:*^2 hiv", {"health-handbook"}),
    ],
)
def test_every_operator_of_the_syntax_works(index_dir: Path, q: str, expected: set[str]) -> None:
    assert ids(index_dir, q) == expected


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ('"police raids"~2', "bangkok"),  # Whoosh's matchers: the right side's first match comes first
        ('"police raids"~2', "thailand OR bangkok"),
        ("police", "bangkok"),
        ("police OR migrant", "title:thailand OR body:hong"),
        ("*:*", "police"),
    ],
)
def test_andnot_finds_what_and_not_finds(index_dir: Path, left: str, right: str) -> None:
    """ANDNOT is AND NOT: Whoosh's own AndNot matcher kept the first match of the left side
    when the right side had matched an earlier section."""
    assert ids(index_dir, f"({left}) ANDNOT ({right})") == ids(index_dir, f"({left}) AND NOT ({right})")


@pytest.mark.parametrize(
    ("q", "same_as"),
    [
        ("-police", "NOT police"),
        ("migrant -police", "migrant NOT police"),
        ("migrant -Police", "migrant NOT police"),
        ('migrant -"police violence"', 'migrant NOT "police violence"'),
        ("(migrant -police) OR raids", "(migrant NOT police) OR raids"),
        ("migrant -(police OR deportation)", "migrant NOT (police OR deportation)"),
        ("migrant -country:th", "migrant NOT country:th"),
        ("migrant -polic*", "migrant NOT polic*"),
    ],
)
def test_a_minus_sign_before_a_word_excludes_it(index_dir: Path, q: str, same_as: str) -> None:
    """``-police`` is NOT police, as search engines read it (Whoosh's parser dropped the sign and
    searched FOR the word: the opposite); a hyphen inside a word stays part of the word."""
    assert ids(index_dir, q) == ids(index_dir, same_as)
    assert ids(index_dir, q) != ids(index_dir, q.replace("-", "", 1))


def test_a_hyphen_inside_or_alone_is_no_minus_sign(index_dir: Path) -> None:
    assert ids(index_dir, "co-operation") == ids(index_dir, "co operation")
    assert ids(index_dir, "migrant - police") == ids(index_dir, "migrant police")


@pytest.mark.parametrize(
    ("q", "same_as"),
    [
        ("migrant \u2013police", "migrant NOT police"),  # en dash: what word processors make of "-"
        ("migrant \u2212police", "migrant NOT police"),  # the minus sign
        ("migrant \u2010police", "migrant NOT police"),  # the Unicode hyphen
        ("migrant !police", "migrant NOT police"),  # NOT as Lucene writes it
        ('!"police raids"', 'NOT "police raids"'),
        ("hiv || trafficking", "hiv OR trafficking"),  # OR as Lucene writes it
        ("hiv | trafficking", "hiv OR trafficking"),  # and as Google does
        ("police && raids", "police AND raids"),
        ("hiv | trafficking | police", "hiv OR trafficking OR police"),  # several signs in one query
        ("(hiv || trafficking) && !police", "(hiv OR trafficking) AND NOT police"),
    ],
)
def test_operators_typed_as_other_engines_write_them_keep_their_meaning(
    index_dir: Path, q: str, same_as: str
) -> None:
    """Whoosh's parser dropped these signs as punctuation and searched FOR the word after a
    dash or ``!`` (the opposite of what was asked), and for both words of ``hiv || trafficking``."""
    assert ids(index_dir, q) == ids(index_dir, same_as)


@pytest.mark.parametrize(
    ("q", "read"),
    [
        ("a | b | c", "a OR b OR c"),
        ("(a || b) && !c", "(a OR b) AND NOT c"),
        ("a && b && c || -d", "a AND b AND c OR NOT d"),
    ],
)
def test_signs_are_replaced_in_place_however_many(q: str, read: str) -> None:
    """Each sign becomes its word where it stands: ``|`` is shorter than ``OR``, so a second sign
    was once written over the wrong characters ("a OR bOR| c")."""
    assert read_query(q) == read


def test_dashes_inside_words_stay_part_of_the_word(index_dir: Path) -> None:
    assert ids(index_dir, "co\u2010operation") == ids(index_dir, "co-operation")
    assert ids(index_dir, "migrant \u2013 police") == ids(index_dir, "migrant police")
    assert ids(index_dir, "health!") == ids(index_dir, "health")


@pytest.mark.parametrize(
    ("q", "fragment"),
    [
        ('police "raids', 'quote (") at character 8'),
        ("(police OR raids", "parenthesis at character 1 is never closed"),
        ("police OR raids)", "never opened at character 16"),
        ("police ()", "empty parentheses () at character 8"),
        ("police AND", "AND at character 8 must be followed"),
        ("AND police", "AND at character 1 must come between"),
        ("police OR OR raids", "OR at character 8 must be followed"),
        ("police ANDNOT", "ANDNOT at character 8"),
        ("ANDMAYBE police", "ANDMAYBE at character 1"),
        ("police NOT", "NOT at character 8"),
        ("NOT NOT police", "NOT at character 5 follows another NOT"),
        ("police AND NOT NOT raids", "NOT at character 16 follows another NOT"),
        ("NOT -police", "- at character 5 follows NOT"),
        ("-NOT police", "NOT at character 2 follows -"),
        ("police -AND raids", "- at character 8 must be followed by a word"),
        ("police || ", "|| at character 8 must be followed"),
        ("| police", "| at character 1 must come between"),
        ("migrant title:-police", "- after title: at character 15 would be dropped"),
        ("migrant country:!th", "-country:th"),
        ('"police raids"~0', "~ after a phrase at character 15 takes the words allowed between, 1 to"),
        ("police title:", "nothing follows title: at character 8"),
        ("police^", "^ at character 7"),
        ("police^x", "^ at character 7"),
        ("police^1000", "boost at character 7"),
        ("police~5", "edit distance at character 7"),
        ("pol~ice", "~ at character 4"),
        ("police*~", "both a pattern"),
        ('"police raids"~x', "~ after a phrase at character 15"),
        ("title:[a TO c]", "range at character 7 works only after year: or date:"),
        ("[a TO c]", "range at character 1 works only after year:"),
        ("year:[20 TO 2001]", "four-digit years"),
        ("year:[1999 2001]", "range at character 6 must read"),
        ("(" * 11 + "a" + ")" * 11, "nest more than 10 deep at character 11"),
        ("a* b* c* d* e* f* g* h* i*", "9 words with * ? or ~"),
        ("police\x07", "control character (U+0007) at character 7"),
        ("police\x00", "NUL character at character 7"),
        ('police ""', 'empty phrase "" at character 8'),
    ],
)
def test_malformed_queries_name_the_character_at_fault(index_dir: Path, q: str, fragment: str) -> None:
    with pytest.raises(QueryError) as info:
        search(index_dir, SearchRequest(q))
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    "q",
    [
        "spell_body:性工作者",
        "spell_title:police",
        "key:x",
        "hash:abc",
        "url:x",
        "year_key:2001",
        "nosuch:x",
        "a:b:c",
    ],
)
def test_unknown_and_internal_fields_are_refused(index_dir: Path, q: str) -> None:
    with pytest.raises(QueryError) as info:
        search(index_dir, SearchRequest(q))
    assert "unknown field" in str(info.value) and "character 1" in str(info.value)


def test_text_with_a_colon_is_searched_in_quotes_and_times_stay_text(index_dir: Path) -> None:
    assert read_query("12:30") == "12:30"
    search(index_dir, SearchRequest('"note: police"'))


def test_generated_hostile_queries_answer_or_are_refused(index_dir: Path) -> None:
    """Every hostile query gets an answer or a QueryError, never another exception."""
    refused = 0
    for q in hostile_queries(400):
        try:
            answer = search(index_dir, SearchRequest(q))
        except QueryError as exc:
            refused += 1
            assert str(exc) and "Traceback" not in str(exc)
            continue
        assert {"total", "hits", "facets", "suggestion", "suggestion_skipped", "budget_exhausted"} <= set(
            answer
        )
    assert 0 < refused < 400  # the suite holds both kinds


def test_a_spent_budget_stops_the_search_with_a_message(index_dir: Path) -> None:
    with pytest.raises(QueryError, match="more than its 2 s; make the query more specific"):
        search(index_dir, SearchRequest("migrants OR police"), budget=Budget(0.0, 2.0))
