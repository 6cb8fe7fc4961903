"""The search page in a real browser: search, facets, results, languages, quick exit, fallback."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from crossings.search.registry import by_name, facets
from tests.browser.conftest import ARTIFACTS
from tests.facets import absent, example

expect = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extras").expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SEARCH_PAGE = "/en/search-service.html"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser page (its own context: no shared history or storage)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Nothing may leave 127.0.0.1; the quick exit's neutral site is answered here instead.
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), _neutral_site)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{error}\n{error.stack}"))
    # A blocked inline script or outside origin shows only as a console message.
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and errors.append(message.text)
    )
    yield page
    context.close()
    assert errors == []


def _neutral_site(route: Any) -> None:
    """Stand-in for the quick exit's outside site."""
    route.fulfill(status=200, content_type="text/html", body="<title>Neutral</title><p>neutral</p>")


def query_of(url: str) -> dict[str, list[str]]:
    """The parsed query string of *url*."""
    return parse_qs(urlsplit(url).query)


def search(page: Any, base: str, words: str) -> None:
    """Open the search page, type *words* and press Enter, then wait for the hits."""
    page.goto(base + SEARCH_PAGE)
    page.get_by_label("Search for").fill(words)
    page.keyboard.press("Enter")
    page.wait_for_selector("#cs-results li.cs-hit")


def test_search_from_the_page(page: Any, server: str) -> None:
    search(page, server, "police")
    assert query_of(page.url)["q"] == ["police"]
    assert page.locator("#cs-results li.cs-hit").count() == 10
    assert page.locator("#cs-results mark").count() > 0
    assert re.search(r"\d+ results", page.inner_text("#cs-status"))
    assert page.locator("#cs-pages a[rel=next]").count() == 1


def test_a_hit_is_a_document_with_its_matching_sections(page: Any, server: str) -> None:
    search(page, server, "police")
    headings = page.locator("#cs-results li.cs-hit h2 a").all()
    documents = [urlsplit(link.get_attribute("href") or "").path for link in headings]
    assert len(documents) == len(set(documents)) == 10  # ten documents, each once
    several = 0
    for hit in page.locator("#cs-results li.cs-hit").all():
        document = urlsplit(hit.locator("h2 a").get_attribute("href") or "").path
        names = [link.get_attribute("href") or "" for link in hit.locator(".cs-section-name").all()]
        assert all(urlsplit(name).path == document for name in names)
        sections = hit.locator(".cs-section").count()
        assert 1 <= sections <= 3
        several += sections > 1
    assert several  # some document shows more than one of its sections
    assert page.locator("#cs-results .cs-section .cs-snippet mark").count() > 0


def test_a_phrase_is_marked_as_a_whole(page: Any, server: str) -> None:
    search(page, server, '"migrant women"')
    marks = page.locator("#cs-results mark").all_inner_texts()
    assert marks and {" ".join(mark.lower().split()) for mark in marks} == {"migrant women"}


def test_did_you_mean_and_the_next_page(page: Any, server: str) -> None:
    page.goto(server + SEARCH_PAGE + "?q=polise")
    page.wait_for_selector("#cs-suggestion a")
    page.locator("#cs-suggestion a").click()
    page.wait_for_selector("#cs-results li.cs-hit")
    assert query_of(page.url)["q"] == ["police"]
    first = page.locator("#cs-results li.cs-hit h2 a").first.get_attribute("href")
    page.locator("#cs-pages a[rel=next]").click()
    page.wait_for_url(re.compile(r"page=2"))
    expect(page.locator("#cs-results h2 a").first).not_to_have_attribute("href", first or "")
    assert page.locator("#cs-pages a[rel=prev]").count() == 1


def test_tick_a_facet_with_the_keyboard(page: Any, server: str) -> None:
    search(page, server, "police")
    before = page.inner_text("#cs-status")
    box = page.locator("#cs-country-TH")
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"country=TH"))
    # Playwright's string predicates are eval()ed in the page, which the policy forbids: use expect.
    expect(page.locator("#cs-country-TH")).to_be_checked()
    # The new count (not "Searching…", not the old count): the hits below are the filtered ones.
    expect(page.locator("#cs-status")).to_have_text(re.compile(rf"^(?!{re.escape(before)}$)\d+ results?$"))
    metas = page.locator("#cs-results .cs-meta").all_inner_texts()
    assert metas and all("Thailand" in meta for meta in metas)
    # The URL carries the whole search: reopening it restores query, facet and hits.
    page.goto(page.url)
    page.wait_for_selector("#cs-results li.cs-hit")
    assert page.get_by_label("Search for").input_value() == "police"
    assert page.locator("#cs-country-TH").is_checked()


def corpus_records(demo: Path) -> list[dict[str, Any]]:
    """The records the English build of the demo wrote for the search."""
    path = demo / "build" / "public" / "corpus" / "en.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name", [facet.name for facet in facets()])
def test_every_facet_filters_the_page(page: Any, server: str, demo: Path, name: str) -> None:
    facet = by_name(name)
    # The demo may hold one value for every document (one event): a value nobody holds proves the
    # filter reaches the search.
    page.goto(server + SEARCH_PAGE + "?" + urlencode(absent(facet)))
    expect(page.locator("#cs-status")).to_have_text("No results.")
    records = corpus_records(demo)
    params, expected = example(facet, records, "the demo's English corpus", narrowing=False)
    page.goto(server + SEARCH_PAGE + "?" + urlencode(params))
    page.wait_for_selector("#cs-results li.cs-hit")
    total = len(expected)
    expect(page.locator("#cs-status")).to_have_text("1 result" if total == 1 else f"{total} results")
    shown = {
        urlsplit(link.get_attribute("href") or "").path.rsplit("/", 1)[-1].removesuffix(".html")
        for link in page.locator("#cs-results li.cs-hit h2 a").all()
    }
    assert shown == expected if total <= 10 else shown <= expected
    if facet.counted:  # its control shows the value ticked
        value = next(iter(params.values()))
        expect(page.locator(f'input[name="{facet.control}"][value="{value}"]')).to_be_checked()
        return
    # A filter without a control stays in the search when the reader ticks a facet.
    page.locator("#cs-facets input[type=checkbox]").first.check()
    page.wait_for_url(re.compile(r"country=|theme=|year=|from="))
    assert query_of(page.url)[facet.params[0]] == [params[facet.params[0]]]


def test_follow_a_result_to_its_section(page: Any, server: str) -> None:
    search(page, server, "police")
    link = page.locator("#cs-results li.cs-hit h2 a").first
    href = link.get_attribute("href")
    assert href and "#" in href, href
    link.click()
    page.wait_for_url(re.compile(r"/en/documents/.+\.html#.+"))
    anchor = urlsplit(page.url).fragment
    assert page.locator(f"[id='{anchor}']").count() == 1


def test_switch_language_keeps_the_search(page: Any, server: str, demo: Path) -> None:
    if not (demo / "build" / "public" / "html" / "th" / "index.html").is_file():
        pytest.skip("only one language is built; nothing to switch to")
    search(page, server, "police")
    page.locator('a[rel="alternate"][hreflang="th"]').first.click()
    page.wait_for_url(re.compile(r"/th/search-service\.html\?q=police"))
    page.wait_for_selector("#cs-results li.cs-hit")
    assert page.locator("html").get_attribute("lang") == "th"


def test_quick_exit_leaves_and_back_does_not_return(page: Any, server: str) -> None:
    search(page, server, "police")
    page.locator("#crossings-quick-exit").click()
    page.wait_for_url(re.compile(r"^https://en\.wikipedia\.org/"))
    page.go_back()
    assert "police" not in page.url and "search-service" not in page.url


def test_without_the_api_the_page_says_so_and_static_search_works(page: Any, static_server: str) -> None:
    page.goto(static_server + SEARCH_PAGE)
    page.wait_for_selector(".cs-offline #cs-offline-link")
    assert "cannot be reached" in page.inner_text("#cs-status")
    assert page.locator("#cs-filters").is_hidden()
    page.get_by_label("Search for").fill("police")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/en/search\.html\?q=police"))
    page.wait_for_selector("ul.search li", timeout=20_000)
    assert page.locator("ul.search li").count() > 0
    assert "Built-in search" in page.inner_text("#crossings-fallback")


def test_without_the_api_a_query_goes_on_to_the_fallback_with_its_words(
    page: Any, static_server: str
) -> None:
    page.goto(static_server + SEARCH_PAGE + "?q=police")
    page.wait_for_url(re.compile(r"/en/search\.html\?q=police$"))
    page.wait_for_selector("ul.search li", timeout=20_000)
    assert page.locator("input.sidebar-search").input_value() == "police"
    expect(page.locator("#crossings-fallback-link")).to_have_attribute("href", "search-service.html?q=police")


@pytest.mark.parametrize("width", [360, 1280])
def test_screenshots_and_no_sideways_scrolling(page: Any, server: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server + SEARCH_PAGE + "?q=police&country=TH")
    page.wait_for_selector("#cs-results li.cs-hit")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"search-page-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
