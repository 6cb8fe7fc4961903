"""While a document is withheld, no other served file names it: pages without their links to it,
the search index without its title's words, the inventory, /healthz and the OAI sets
(crossings.web.unlinked, crossings.web.derived). End to end: tests/web/test_withdrawal_crawl.py.
"""

from __future__ import annotations

import zlib
from html.parser import HTMLParser

import pytest
from starlette.testclient import TestClient

from crossings import searchindex
from crossings.oai.repository import Field, Record, Repository, SetInfo
from crossings.web.unlinked import without_links
from crossings.web.withheld import Withheld
from tests.web.conftest import Built
from tests.web.test_withheld import GONE, restrict

PIER = Withheld(frozenset({"documents/pier"}), frozenset({"pier"}))
LISTS = """<html><head><link rel="next" title="Ferry pier notes" href="pier.html">
<link rel="prev" title="Home" href="../index.html"></head><body>
<ul class="crossings-documents">
<li><a href="../documents/pier.html" lang="en">Ferry pier notes</a> <span>2001-06-16</span></li>
<li><a href="../documents/market.html" lang="en">Market notes</a> <span>2001-06-16</span></li>
</ul>
<div class="crossings-related docutils container">
<p class="rubric">Related documents</p>
<ul class="simple">
<li><p><a class="reference internal" href="pier.html#top" title="Ferry pier notes">
<span>Ferry pier notes</span></a></p></li>
</ul>
</div>
<ul><li>See <a href="/th/documents/PIER.html">Ferry pier notes</a>
and <a href="market.html">Market notes</a></li>
<li><a href="https://archive.example.org/en/documents/pi%65r.pdf">PDF</a></li></ul>
<div class="related-pages">
  <a class="next-page" href="pier.html"><div class="title">Ferry pier notes</div></a>
  <a class="prev-page" href="../index.html"><div class="title">Home</div></a>
</div>
</body></html>
"""
DOMAIN_INDEX = """<table class="indextable modindextable">
  <tr class="cap" id="cap-T"><td></td><td><strong>T</strong></td><td></td></tr>
  <tr>
    <td><img src="_static/minus.png" class="toggler"
              id="toggle-1" style="display: none" alt="-" /></td>
    <td>
        <code class="xref">Thailand</code></td><td>
    <em>2</em></td>
  </tr>
  <tr class="cg-1">
    <td></td>
    <td>&#160;&#160;&#160;
        <a href="documents/pier.html#"><code class="xref">Ferry pier notes</code></a></td><td>
    <em></em></td>
  </tr>
  <tr class="cg-1">
    <td></td>
    <td>&#160;&#160;&#160;
        <a href="documents/market.html#"><code class="xref">Market notes</code></a></td><td>
    <em></em></td>
  </tr>
  <tr>
    <td><img src="_static/minus.png" class="toggler" id="toggle-2" style="display: none" alt="-" /></td>
    <td><code class="xref">Hong Kong</code></td><td><em>1</em></td>
  </tr>
  <tr class="cg-2"><td></td>
    <td><a href="documents/pier.html#"><code class="xref">Ferry pier notes</code></a></td></tr>
</table>
"""


class _Visible(HTMLParser):
    """The text a reader sees, the addresses of the links, and the items of the lists."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.hrefs: list[str] = []
        self.items: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [value or "" for name, value in attrs if name == "href"]
        self.items += [tag] if tag in ("li", "tr", "ul") else []

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read(page: str) -> _Visible:
    visible = _Visible()
    visible.feed(page)
    return visible


def test_links_to_a_withheld_document_go_with_their_text_and_items() -> None:
    served = read(without_links(LISTS, "/en/documents/market.html", PIER))
    assert "pier" not in "".join(served.text).lower()
    assert not [href for href in served.hrefs if "pier" in href.lower()]
    assert "Related documents" not in "".join(served.text)  # its only item went: the box goes too
    assert served.hrefs.count("../documents/market.html") == 1 and "market.html" in served.hrefs
    assert "See" in "".join(served.text)  # an item with another link keeps it, without the withheld one
    assert served.items == ["ul", "li", "ul", "li"]  # no empty item left to count
    assert without_links(LISTS, "/en/documents/market.html", Withheld()) == LISTS


def test_a_domain_index_counts_only_what_is_left() -> None:
    served = without_links(DOMAIN_INDEX, "/en/crossings-countries.html", PIER)
    assert "pier" not in served.lower() and "Hong Kong" not in served  # a term with none left goes
    assert "<em>1</em>" in served and "<em>2</em>" not in served and "Market notes" in served
    assert "\n\n" not in served  # no blank line where a row was


@pytest.fixture
def client(watching: TestClient) -> TestClient:
    """The watching client (tests/web/conftest.py)."""
    return watching


def test_served_pages_lose_their_links_to_it_and_are_kept_nowhere(built: Built, client: TestClient) -> None:
    home = built.html / "en" / "index.html"
    page = home.read_text("utf-8").replace(
        "<h1", f'<ul><li><a href="documents/{GONE}.html">Hong Kong police</a></li></ul>\n<h1'
    )
    home.write_text(page, "utf-8")
    assert "Hong Kong police" in client.get("/en/").text
    restrict(built, GONE)
    for path in ("/en/", "/en/index.html"):
        answer = client.get(path)
        assert answer.status_code == 200 and "Hong Kong police" not in answer.text
        assert "<ul>" not in answer.text and answer.headers["cache-control"] == "no-store"
    other = client.get("/en/documents/thailand-report.html")  # unchanged, but sent alike
    assert other.text == (built.html / "en/documents/thailand-report.html").read_text("utf-8")
    assert other.headers["cache-control"] == "no-store" and "etag" not in other.headers


def test_the_search_index_loses_its_title_words_where_pages_linked_it(
    built: Built, client: TestClient
) -> None:
    home = built.html / "en" / "index.html"
    home.write_text(home.read_text("utf-8").replace("<h1", f'<a href="documents/{GONE}.html">Kowloon</a><h1'))
    data = {
        "docnames": [f"documents/{GONE}", "index", "documents/thailand-report"],
        "filenames": ["a.md", "index.md", "b.md"],
        "titles": ["Kowloon", "Home", "Thailand"],
        "terms": {"kowloon": [1, 2], "welcom": 1, "raid": [0, 2]},
        "titleterms": {"kowloon": 0, "home": 1, "thailand": 2},
        "alltitles": {"Kowloon": [[0, None]]},
        "indexentries": {},
        "objects": {},
        "objnames": {},
        "objtypes": {},
        "envversion": {},
    }
    (built.html / "en" / "searchindex.js").write_text(searchindex.dumps(data), "utf-8")
    restrict(built, GONE)
    served = searchindex.loads(client.get("/en/searchindex.js").text)
    assert served["docnames"] == ["index", "documents/thailand-report"]
    # The home page linked it: its word is gone from there; the report said it itself and keeps it.
    assert served["terms"] == {"kowloon": 1, "welcom": 0, "raid": 1}
    assert "Kowloon" not in served["titles"] and "kowloon" not in served["titleterms"]


def test_the_inventory_loses_its_entries(built: Built, client: TestClient) -> None:
    lines = (
        f"{GONE} crossings:document 1 documents/{GONE}.html Hong Kong police\n"
        f"police-raids std:label -1 documents/{GONE}.html#$ Police raids\n"
        "index std:doc -1 index.html Home\n"
    )
    header = b"# Sphinx inventory version 2\n# Project: P\n# Version: 1\n# compressed using zlib.\n"
    (built.html / "en" / "objects.inv").write_bytes(header + zlib.compress(lines.encode()))
    restrict(built, GONE)
    served = client.get("/en/objects.inv").content
    assert served.startswith(header)
    assert zlib.decompress(served[len(header) :]) == b"index std:doc -1 index.html Home\n"


def test_healthz_counts_leave_it_out(built: Built, client: TestClient) -> None:
    before = client.get("/healthz").json()["indexes"]["en"]
    restrict(built, GONE)
    after = client.get("/healthz").json()["indexes"]["en"]
    assert after["documents"] == before["documents"] - 1
    assert after["sections"] == before["sections"] - 1  # its one section
    assert after["generation"] == before["generation"]


def test_a_set_only_a_withheld_record_was_in_is_not_listed() -> None:
    def record(doc_id: str, *sets: str) -> Record:
        return Record(doc_id, "2001-01-01T00:00:00Z", (Field("title", doc_id),), sets)

    repository = Repository(
        "R",
        "a@example.org",
        "",
        "en",
        (record("pier", "country:hk", "type:paper"), record("market", "type:paper")),
        tuple(
            SetInfo(spec, name)
            for spec, name in (
                ("country", "C"),
                ("country:hk", "Hong Kong"),
                ("type", "T"),
                ("type:paper", "P"),
            )
        ),
    )
    left = repository.without({"pier"})
    assert [info.spec for info in left.sets] == ["type", "type:paper"]
    assert [r.id for r in left.records] == ["market"]
    assert repository.without({"nothing"}) is repository
