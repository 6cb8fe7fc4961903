"""Citation formats of crossings.sphinx.cite, without Sphinx: each export parses back to its values.

The fuzz generates titles and author lists full of control characters and every format's
specials. Each row is either refused by the catalog, naming the row and column, or exported in
all four formats and read back by real parsers (bibtexparser and pylatexenc for BibTeX, the RIS
line grammar, json, html.parser) to exactly the values that went in.
"""

from __future__ import annotations

import json
import random
import re
from html.parser import HTMLParser
from typing import Any

import bibtexparser
import pytest
import rispy
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from crossings.catalog import DocumentMeta, Location, parse_row
from crossings.sphinx.cite import (
    Citation,
    bibtex,
    bibtex_all,
    csl_json,
    csl_json_all,
    meta_html,
    meta_tags,
    one_line,
    ris,
    ris_all,
)
from tests.citations import read_bibtex_entries, render_csl

META = DocumentMeta(
    id="th-report",
    title="Thailand: 50% {report}",
    type="country-report",
    event="hk2001",
    authors=("Ann Lee", "陳美"),
    organisations=("Example Group (sample)",),
    language="en",
    date="2001-06-09",
)
URL = "https://archive.example.org/en/documents/th-report.html"
CITE = Citation(
    META,
    conference="Building an Effective Network",
    publisher="Sample Publisher",
    place="Sample Town",
    url=URL,
    event_place="Hong Kong",
)
RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


def _latex_decoder() -> LatexNodes2Text:
    """A LaTeX-to-text decoder that knows the text-companion macros the export writes."""
    db = get_default_latex_context_db()
    db.add_context_category(
        "crossings-test",
        prepend=True,
        macros=[
            MacroTextSpec("textbraceleft", "{"),
            MacroTextSpec("textbraceright", "}"),
            MacroTextSpec("textasciicircum", "^"),
        ],
    )
    return LatexNodes2Text(latex_context=db, math_mode="verbatim", strict_latex_spaces=True)


DECODE = _latex_decoder()


def read_bibtex(text: str) -> dict[str, Any]:
    """The one entry of *text*; its fields as bibtexparser reads them."""
    entries = read_bibtex_entries(text)
    assert len(entries) == 1, text
    return entries[0]


def bibtex_authors(value: str) -> list[str]:
    """Split an author field at " and " outside braces, as BibTeX does; decode each name."""
    names, depth, start = [], 0, 0
    for index, char in enumerate(value):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and value.startswith(" and ", index):
            names.append(value[start:index])
            start = index + 5
    names.append(value[start:])
    return [bibtex_text(name) for name in names]


def bibtex_text(value: str) -> str:
    """A BibTeX value as text: outer braces off, LaTeX decoded, spaces as BibTeX collapses them."""
    while value.startswith("{") and value.endswith("}") and _balanced(value[1:-1]):
        value = value[1:-1]
    return " ".join(DECODE.latex_to_text(value).split())


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def read_ris(text: str) -> list[tuple[str, str]]:
    """(tag, value) of every line, checking the RIS line grammar and the record's frame."""
    lines = text.splitlines()
    pairs = []
    for line in lines:
        match = RIS_LINE.match(line)
        assert match, f"not an RIS line: {line!r}"
        pairs.append((match.group(1), match.group(2) or ""))
    assert pairs[0][0] == "TY" and pairs[-1] == ("ER", "")
    assert [tag for tag, _ in pairs].count("ER") == 1
    return pairs


class MetaReader(HTMLParser):
    """The name and content of every <meta> element."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta":
            self.tags.append((values.get("name") or "", values.get("content") or ""))


def read_meta(html: str) -> list[tuple[str, str]]:
    reader = MetaReader()
    reader.feed(html)
    return reader.tags


def test_bibtex_reads_back_with_every_special_written_as_itself() -> None:
    fields = read_bibtex(bibtex(CITE))
    assert fields["ENTRYTYPE"] == "inproceedings" and fields["ID"] == "th-report"
    assert bibtex_text(fields["title"]) == "Thailand: 50% {report}"
    assert bibtex_authors(fields["author"]) == ["Ann Lee", "陳美"]
    assert bibtex_text(fields["booktitle"]) == "Building an Effective Network"
    assert fields["year"] == "2001" and fields["month"] == 6  # the macro jun, resolved
    assert bibtex_text(fields["publisher"]) == "Sample Publisher"
    assert bibtex_text(fields["address"]) == "Sample Town"
    assert fields["url"] == URL and fields["language"] == "en"


@pytest.mark.parametrize("month", range(1, 13))
def test_bibtex_months_are_the_unbraced_macros(month: int) -> None:
    meta = DocumentMeta(id="x", title="T", type="paper", date=f"2001-{month:02d}-09")
    text = bibtex(Citation(meta, conference="C"))
    macro = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"][month - 1]
    assert f"  month = {macro},\n" in text
    assert read_bibtex(text)["month"] == month
    raw = bibtexparser.parse_string(text).entries[0].fields_dict["month"].value
    assert raw == macro  # a macro, not a braced string


def test_bibtex_without_a_month_has_none() -> None:
    meta = DocumentMeta(id="x", title="T", type="paper", date="2001")
    assert "month" not in read_bibtex(bibtex(Citation(meta, conference="C")))


def test_bibtex_address_falls_back_to_the_events_place() -> None:
    fields = read_bibtex(bibtex(Citation(META, conference="C", event_place="Hong Kong")))
    assert bibtex_text(fields["address"]) == "Hong Kong"


def test_bibtex_without_event_is_misc() -> None:
    assert bibtex(Citation(META)).startswith("@misc{th-report,")


def test_bibtex_cannot_be_broken_out_of() -> None:
    hostile = DocumentMeta(
        id="x", title="x}}} @misc(evil, title={pwned}", type="paper", authors=("a} and {b",)
    )
    text = bibtex(Citation(hostile))
    fields = read_bibtex(text)  # one entry, nothing injected
    assert bibtex_text(fields["title"]) == hostile.title
    assert bibtex_authors(fields["author"]) == ["a} and {b"]


def test_ris_has_one_line_per_author_and_ends_with_er() -> None:
    lines = ris(CITE).splitlines()
    assert lines[0] == "TY  - CPAPER"
    assert [line for line in lines if line.startswith("AU  - ")] == ["AU  - Ann Lee", "AU  - 陳美"]
    assert "DA  - 2001/06/09/" in lines and "T2  - Building an Effective Network" in lines
    assert lines[-1] == "ER  - "


def test_ris_reads_back_with_rispy_as_a_conference_paper() -> None:
    (record,) = rispy.loads(ris(CITE))
    assert record["type_of_reference"] == "CPAPER"
    assert record["title"] == META.title and record["authors"] == ["Ann Lee", "陳美"]
    assert record["secondary_title"] == "Building an Effective Network"  # T2
    assert record["urls"] == [URL]  # UR
    assert record["year"] == "2001" and record["date"] == "2001/06/09/"
    assert record["place_published"] == "Sample Town" and record["publisher"] == "Sample Publisher"
    assert record["language"] == "en"


@pytest.mark.parametrize(("date", "expected"), [("2001", "2001///"), ("2001-06", "2001/06//")])
def test_ris_dates_leave_unknown_parts_empty(date: str, expected: str) -> None:
    meta = DocumentMeta(id="x", title="T", type="paper", date=date)
    (record,) = rispy.loads(ris(Citation(meta, conference="C")))
    assert record["date"] == expected and record["year"] == "2001"


def test_ris_folds_line_breaks_a_front_matter_value_might_bring() -> None:
    sneaky = DocumentMeta(id="x", title="A\nER  - \nTY  - JOUR", type="paper", authors=("B\r\nAU  - C",))
    pairs = read_ris(ris(Citation(sneaky)))
    assert [tag for tag, _ in pairs].count("TY") == 1 and [tag for tag, _ in pairs].count("AU") == 1


def test_csl_json_is_valid_with_date_parts() -> None:
    (item,) = json.loads(csl_json(CITE))
    assert item["type"] == "paper-conference"
    assert item["issued"] == {"date-parts": [[2001, 6, 9]]}
    assert item["author"] == [{"literal": "Ann Lee"}, {"literal": "陳美"}]
    assert item["container-title"] == item["event-title"] == "Building an Effective Network"
    assert item["event-place"] == "Hong Kong" and item["publisher-place"] == "Sample Town"
    assert item["publisher"] == "Sample Publisher" and item["URL"] == URL and item["language"] == "en"


def test_csl_json_renders_in_a_standard_style() -> None:
    (entry,) = render_csl(csl_json(CITE))
    assert META.title in entry and "Building an Effective Network" in entry
    assert "Sample Town: Sample Publisher" in entry and URL in entry and "2001" in entry


def test_the_whole_archives_files_hold_every_citation_sorted_by_id() -> None:
    other = Citation(DocumentMeta(id="a-first", title="First", type="paper", date="1999"), conference="C")
    cites = [CITE, other]
    assert [e["ID"] for e in read_bibtex_entries(bibtex_all(cites))] == ["a-first", "th-report"]
    assert [r["id"] for r in rispy.loads(ris_all(cites))] == ["a-first", "th-report"]
    assert [i["id"] for i in json.loads(csl_json_all(cites))] == ["a-first", "th-report"]
    assert bibtex_all(cites) == bibtex(other) + "\n" + bibtex(CITE)


def test_meta_tags_for_google_scholar_and_zotero() -> None:
    tags = meta_tags(CITE)
    names = [name for name, _ in tags]
    assert names.count("citation_author") == 2
    assert ("citation_conference_title", "Building an Effective Network") in tags
    assert ("citation_publication_date", "2001/06/09") in tags
    assert "citation_date" not in names  # Zotero reads the last date tag: one is enough
    assert ("citation_publisher", "Sample Publisher") in tags
    assert ("DC.creator", "陳美") in tags
    assert read_meta(meta_html(CITE)) == tags


def test_publisher_falls_back_to_organisations() -> None:
    assert ("citation_publisher", "Example Group (sample)") in meta_tags(Citation(META))


# What the fuzz draws from: controls and separators a catalog cell can carry, each format's
# specials, quotes and backslashes, TeX ligature pairs, and letters of the archive's scripts.
CONTROLS = ["\n", "\r", "\t", "\x00", "\x1b", "\x7f", "\u0085", "\u2028", "\u2029", "\u202e", "\u2066"]
SPECIALS = [
    *list("{}\\%&$#_^~@,=\"'`-?!;<>[]()|*/"),
    "ER  - ",
    "TY  - ",
    "@misc{",
    "}}}",
    " and ",
    "--",
    "''",
]
LETTERS = list("abcXYZ019 ") + list("陳美香港") + list("สมศรีใจดี") + list("Ñguyễné") + ["😀"]


def _text(rng: random.Random) -> str:
    pool = rng.choice([LETTERS, LETTERS + SPECIALS, LETTERS + SPECIALS + CONTROLS])
    return "".join(rng.choice(pool) for _ in range(rng.randint(1, 40)))


def _row(rng: random.Random) -> dict[str, str]:
    authors = [_text(rng).replace(";", "") for _ in range(rng.randint(0, 3))]
    return {
        "file": "a.txt",
        "id": "fuzz",
        "title": _text(rng),
        "type": "paper",
        "language": "en",
        "access": "public",
        "authors": ";".join(authors),
        "date": "2001-06",
    }


def _exports_read_back(meta: DocumentMeta) -> None:
    """Every export of *meta* parses back to its title and authors."""
    cite = Citation(meta, conference="Conference {x} & y", publisher="P%", place="Hong Kong")
    fields = read_bibtex(bibtex(cite))
    assert bibtex_text(fields["title"]) == " ".join(meta.title.split())
    if meta.authors:
        assert bibtex_authors(fields["author"]) == [" ".join(a.split()) for a in meta.authors]
    pairs = read_ris(ris(cite))
    assert [v for t, v in pairs if t == "TI"] == [meta.title]
    assert [v for t, v in pairs if t == "AU"] == list(meta.authors)
    (item,) = json.loads(csl_json(cite))
    assert item["title"] == meta.title and [a["literal"] for a in item.get("author", [])] == list(
        meta.authors
    )
    tags = read_meta(meta_html(cite))
    assert ("citation_title", meta.title) in tags
    assert [v for n, v in tags if n == "citation_author"] == list(meta.authors)


@pytest.mark.parametrize("seed", range(10))
def test_fuzzed_catalog_rows_are_refused_with_their_position_or_export_faithfully(seed: int) -> None:
    rng = random.Random(seed)
    refused = exported = 0
    for number in range(1, 101):  # 10 seeds x 100 rows: 1,000 generated titles and author lists
        row = _row(rng)
        where = Location("reports/catalog.csv", line=number + 1, row=number)
        meta, problems = parse_row(row, where)
        if meta is None:
            refused += 1
            assert all(p.file == "reports/catalog.csv" and p.row == number for p in problems)
            assert any(p.field in ("title", "authors") and "character" in p.message for p in problems)
            continue
        exported += 1
        _exports_read_back(meta)
    assert refused and exported  # both branches ran on this seed


# Values a hostile catalog row or settings file could carry into any field of a citation.
HOSTILE = [
    "x}}} @misc(evil, title={pwned}",
    "@misc(evil, title=pwned)",
    "a\nER  - \nTY  - JOUR\nTI  - injected",
    'say "hi" \\ and \\} and \\{ and \'',
    "\u202eright-to-left\u202c \u2067isolate\u2069 override",
    "line\r\nUR  - https://evil.example/\u2028AU  - Mallory",
    "}",
    "{",
    '"},\n  url = {https://evil.example/',
]
FIELDS = {"title", "author", "booktitle", "year", "month", "publisher", "address", "language", "url"}
RIS_TAGS = ["TY", "TI", "AU", "AU", "T2", "PY", "DA", "PB", "CY", "LA", "UR", "ID", "ER"]


def _hostile(value: str, doc_id: str = "x") -> Citation:
    meta = DocumentMeta(id=doc_id, title=value, type="paper", authors=(value, "B"), date="2001-06")
    url = f"https://archive.example.org/en/documents/{doc_id}.html"
    return Citation(meta, conference=value, publisher=value, place=value, url=url, event_place=value)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_metadata_adds_no_entry_field_or_tag(value: str) -> None:
    cite = _hostile(value)
    flat = " ".join(one_line(value).split())
    fields = read_bibtex(bibtex(cite))
    assert set(fields) - {"ID", "ENTRYTYPE"} == FIELDS and fields["ID"] == "x"
    assert fields["url"] == cite.url and fields["ENTRYTYPE"] == "inproceedings"
    for name in ("title", "booktitle", "publisher", "address"):
        assert bibtex_text(fields[name]) == flat, name
    assert bibtex_authors(fields["author"]) == [flat, "B"]
    pairs = read_ris(ris(cite))
    assert [tag for tag, _ in pairs] == RIS_TAGS
    assert dict(pairs)["UR"] == cite.url and dict(pairs)["TI"] == one_line(value)
    (item,) = json.loads(csl_json(cite))
    assert item["title"] == item["container-title"] == item["event-place"] == value
    assert item["URL"] == cite.url
    # The whole archive's files: exactly one entry or record per document, whatever they hold.
    cites = [_hostile(value, "b"), _hostile(value, "a"), CITE]
    assert [e["ID"] for e in read_bibtex_entries(bibtex_all(cites))] == ["a", "b", "th-report"]
    assert [r["id"] for r in rispy.loads(ris_all(cites))] == ["a", "b", "th-report"]
    records = ris_all(cites).split("\n\n")
    assert [[tag for tag, _ in read_ris(record)].count("TY") for record in records] == [1, 1, 1]
    assert [i["id"] for i in json.loads(csl_json_all(cites))] == ["a", "b", "th-report"]
    assert len(render_csl(csl_json_all(cites))) == 3
