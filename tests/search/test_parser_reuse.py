"""One query parser serves every request: what it keeps between parses changes none of its queries."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from whoosh import query as wq
from whoosh.qparser import FuzzyTermPlugin

from crossings.search.engine.schema import make_schema
from crossings.search.language.parse import make_parser, parse_query, parse_text, parser_for

QUERIES = [
    "police",
    "migrant workers",
    '"police raids"~2',
    "health OR hiv",
    "police NOT raid",
    "migra*",
    "polise~",
    "title:police^2",
    "rights AND (health OR law)",
    "year:[1999 TO 2001]",
    "性工作者",
    "*:*",
]


def test_a_reused_parser_reads_every_query_as_a_new_one_does() -> None:
    schema = make_schema()
    reused = parser_for(schema)
    for _ in range(3):  # its taggers and filters were made at the first parse, kept since
        for q in QUERIES:
            assert parse_text(q, reused) == parse_text(q, make_parser(schema)), q
    assert reused.taggers() is reused.taggers() and reused.filters() is reused.filters()


def test_the_kept_taggers_and_filters_follow_the_plugins() -> None:
    parser = make_parser(make_schema())
    assert isinstance(parse_text("polise~", parser), wq.Or)  # fuzzy in each text field
    assert all(type(sub) is wq.FuzzyTerm for sub in parse_text("polise~", parser).subqueries)
    parser.remove_plugin_class(FuzzyTermPlugin)
    assert not any(type(sub) is wq.FuzzyTerm for sub in parse_text("polise~", parser).leaves())
    parser.add_plugin(FuzzyTermPlugin())  # back: made anew again
    assert all(type(sub) is wq.FuzzyTerm for sub in parse_text("polise~", parser).subqueries)


def test_threads_share_one_parser() -> None:
    schema = make_schema()
    expected = [parse_query(q, schema) for q in QUERIES]
    with ThreadPoolExecutor(4) as pool:
        for _ in range(3):
            assert list(pool.map(lambda q: parse_query(q, schema), QUERIES * 20)) == expected * 20


def test_each_boosts_setting_has_its_parser() -> None:
    schema = make_schema()
    heavy_title = parser_for(schema, {"title": 10.0})
    assert heavy_title is parser_for(schema, {"title": 10.0}) and heavy_title is not parser_for(schema)
    boosts = {sub.fieldname: sub.boost for sub in parse_text("police", heavy_title).subqueries}
    assert boosts == {"title": 10.0, "section": 1.0, "body": 1.0}
    defaults = {sub.fieldname: sub.boost for sub in parse_text("police", parser_for(schema)).subqueries}
    assert defaults == {"title": 3.0, "section": 2.0, "body": 1.0}
