"""Quick exit in a real browser: no archive page or query one Back away, the keys, the blank page.

Each walk starts on a neutral page of a second local server (another origin, standing for whatever
the reader had open before the archive), goes through the archive the way a reader does (home,
country, document, a search with a query), leaves by the button, Escape or Shift pressed three
times, then reads the tab's whole history as the browser itself lists it and goes Back: no entry
may be an archive page or carry the query. The neutral sites Quick exit leaves for are answered by
the test (nothing leaves 127.0.0.1).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, NEUTRAL, Outside
from tests.chromium import history_urls

pytestmark = [pytest.mark.browser, pytest.mark.slow]
QUERY = "police"
EXIT_SITES = {
    "en": "https://en.wikipedia.org/",
    "zh-hant": "https://zh.wikipedia.org/zh-hant/",
    "zh-hans": "https://baike.baidu.com/",
    "th": "https://th.wikipedia.org/",
    "vi": "https://vi.wikipedia.org/",
}


@pytest.fixture
def page(browser: Any, outside: Outside) -> Iterator[Any]:
    """A fresh tab in its own context (no shared history or storage), errors collected."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(NEUTRAL, outside)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(f"{error}\n{error.stack}"))
    tab.on("console", lambda m: "Content Security Policy" in m.text and errors.append(m.text))
    yield tab
    context.close()
    assert errors == []


def walk_to_a_search(page: Any, start: str, server: str, lang: str = "en") -> None:
    """Start page, then home -> countries -> Thailand -> a document -> search box with a query.

    At every step the tab's history holds exactly one archive entry: the page on show.
    """
    page.goto(start)
    page.goto(f"{server}/{lang}/index.html")
    steps = [
        ('.crossings-sidebar-browse a[href$="countries/index.html"]', r"/countries/index\.html$"),
        ('article a[href="th.html"]', r"/countries/th\.html$"),
        ('article a[href*="documents/"]', r"/documents/[^/]+\.html$"),
    ]
    for link, arrived in steps:
        page.locator(link).first.click()
        page.wait_for_url(re.compile(arrived))
        assert archive_entries(page, server) == [page.url]
    page.locator("input.sidebar-search").fill(QUERY)
    page.keyboard.press("Enter")
    # The box opens the archive's search page (issue 18), which keeps to the same one entry.
    page.wait_for_url(re.compile(rf"/search-service\.html\?q={QUERY}"))
    page.wait_for_selector("#cs-results li.cs-hit")
    assert archive_entries(page, server) == [page.url]


def archive_entries(page: Any, server: str) -> list[str]:
    """The entries of the tab's history that are archive pages."""
    return [url for url in history_urls(page) if url.startswith(server)]


def assert_no_archive_in(history: list[str], server: str) -> None:
    """No entry is an archive page, and none carries the query."""
    assert [url for url in history if url.startswith(server) or QUERY in url] == [], history


def leave(page: Any, how: str) -> None:
    """Quick exit by the button, by Escape (focus outside any field) or by Shift three times."""
    if how == "button":
        page.locator("#crossings-quick-exit").click()
    elif how == "escape":
        assert page.evaluate("document.activeElement.tagName") == "BODY"  # not typing in a field
        page.keyboard.press("Escape")
    else:
        for _ in range(3):
            page.keyboard.press("Shift")


@pytest.mark.parametrize(
    ("how", "lang"), [("button", "en"), ("escape", "th"), ("shift", "zh-hant"), ("button", "vi")]
)
def test_after_an_exit_no_history_entry_is_an_archive_page(
    page: Any, server: str, start_site: str, outside: Outside, how: str, lang: str
) -> None:
    walk_to_a_search(page, start_site, server, lang)
    leave(page, how)
    page.wait_for_url(EXIT_SITES[lang])
    history = history_urls(page)
    assert history[-1] == EXIT_SITES[lang] and start_site in history
    assert_no_archive_in(history, server)
    # Back from the neutral site leads to the page before the archive, and no further back is the archive.
    page.go_back()
    assert page.url == start_site
    while page.go_back() is not None:
        assert not page.url.startswith(server), page.url
    assert set(outside.answered) == {EXIT_SITES[lang]}  # nothing else left 127.0.0.1


def test_search_service_queries_and_results_stay_in_one_entry(
    page: Any, server: str, start_site: str
) -> None:
    page.goto(start_site)
    page.goto(f"{server}/en/search-service.html")
    page.get_by_label("Search for").fill(QUERY)
    page.keyboard.press("Enter")
    page.wait_for_selector("#cs-results li.cs-hit")
    page.locator("#cs-pages a[rel=next]").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert archive_entries(page, server) == [page.url]
    page.wait_for_selector("#cs-results li.cs-hit")
    page.locator("#cs-results li.cs-hit h2 a").first.click()
    page.wait_for_url(re.compile(r"/en/documents/.+\.html#.+"))
    assert archive_entries(page, server) == [page.url]
    # The site's own Back link returns to the results, the query with it.
    back = page.locator(".crossings-back-link")
    assert "Search the archive" in back.inner_text()
    back.click()
    page.wait_for_url(re.compile(rf"search-service\.html\?q={QUERY}&page=2$"))
    page.wait_for_selector("#cs-results li.cs-hit")
    leave(page, "button")
    page.wait_for_url(EXIT_SITES["en"])
    assert_no_archive_in(history_urls(page), server)


def test_escape_in_the_search_boxes_keeps_the_text_and_stays(page: Any, server: str) -> None:
    page.goto(f"{server}/en/search-service.html")
    box = page.get_by_label("Search for")
    box.fill(QUERY)
    box.press("Escape")
    assert box.input_value() == QUERY  # a search field would clear itself on Escape
    page.goto(f"{server}/en/documents/th-thailand.html")
    sidebar = page.locator("input.sidebar-search")
    sidebar.fill(QUERY)
    sidebar.press("Escape")
    assert sidebar.input_value() == QUERY
    # Neither Escape left; Shift used for capitals while typing does not count towards an exit.
    sidebar.press_sequentially("Sex Workers Need Rights")
    page.wait_for_timeout(300)
    assert page.url == f"{server}/en/documents/th-thailand.html"
    assert page.evaluate("document.body.style.display") == ""


# Injected by the test (outside the page's policy): the page's state when a navigation starts.
WATCH = """
navigation.addEventListener("navigate", (event) => {
  const style = getComputedStyle(document.body);
  const blank = style.display === "none" || style.visibility === "hidden";
  const state = {to: event.destination.url, blank: blank, search: location.search, title: document.title};
  console.log("crossings-test " + JSON.stringify(state));
});
"""


@pytest.mark.parametrize("how", ["button", "escape", "shift"])
def test_the_page_is_blank_before_it_starts_to_leave(page: Any, server: str, how: str) -> None:
    seen: list[dict[str, object]] = []
    page.on(
        "console", lambda m: m.text.startswith("crossings-test ") and seen.append(json.loads(m.text[15:]))
    )
    page.add_init_script(WATCH)
    page.goto(f"{server}/en/search-service.html?q={QUERY}")
    page.wait_for_selector("#cs-results li.cs-hit")
    leave(page, how)
    page.wait_for_url(EXIT_SITES["en"])
    # When the browser is told to go, nothing of the page shows, nor the query in its address or title.
    leaving = [state for state in seen if state["to"] == EXIT_SITES["en"]]
    assert leaving == [{"to": EXIT_SITES["en"], "blank": True, "search": "", "title": "en.wikipedia.org"}]


# Injected by the test before any script of the page runs: the site's storage as the page finds it.
SNAPSHOT = (
    "window.crossingsTestStorage = "
    "JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)]);"
)


def test_the_search_words_are_not_left_in_the_browser(page: Any, server: str, start_site: str) -> None:
    walk_to_a_search(page, start_site, server)
    leave(page, "button")
    page.wait_for_url(EXIT_SITES["en"])
    # Someone types the archive's address into the same tab afterwards: its storage (the tab's
    # sessionStorage included) holds nothing of the visit, and no cookie was ever set.
    page.add_init_script(SNAPSHOT)
    page.goto(f"{server}/en/safety.html")
    stored = page.evaluate("window.crossingsTestStorage")
    assert QUERY not in stored and "documents/" not in stored and "countries/" not in stored, stored
    assert page.context.cookies() == []


def storage(page: Any) -> str:
    """The page's localStorage and sessionStorage, as JSON."""
    return str(page.evaluate("JSON.stringify([localStorage, sessionStorage].map(Object.entries))"))


def test_the_built_in_search_keeps_the_words_in_the_tab_only(
    page: Any, static_server: str, start_site: str
) -> None:
    # Sphinx's search (the fallback on a static host) files the words for the next page to mark
    # them in localStorage, which outlives the tab and the browser.
    page.goto(start_site)
    page.goto(f"{static_server}/en/search.html?q={QUERY}")
    page.wait_for_selector("#search-results li a")
    assert QUERY not in page.evaluate("JSON.stringify(Object.entries(localStorage))")
    # The result it leads to still marks the words, and then nothing keeps them.
    page.locator("#search-results li a").first.click()
    page.wait_for_load_state("load")
    page.wait_for_selector("span.highlighted")
    assert QUERY not in storage(page)
    # Searched, then left for another site without a quick exit: the next visit from another
    # tab of this browser finds nothing of the words.
    page.goto(f"{static_server}/en/search.html?q={QUERY}")
    page.wait_for_selector("#search-results li a")
    page.goto(start_site)
    later = page.context.new_page()
    later.add_init_script(SNAPSHOT)
    later.goto(f"{static_server}/en/safety.html")
    assert QUERY not in later.evaluate("window.crossingsTestStorage")
    assert later.locator("span.highlighted").count() == 0


def test_the_sites_back_link_walks_back_inside_the_archive(page: Any, server: str, start_site: str) -> None:
    walk_to_a_search(page, start_site, server)
    expected = [
        r"/documents/[^/]+\.html$",
        r"/countries/th\.html$",
        r"/countries/index\.html$",
        r"/index\.html$",
    ]
    for pattern in expected:
        page.locator(".crossings-back-link").click()
        page.wait_for_url(re.compile(pattern))
    assert page.locator(".crossings-back-link").count() == 0  # the first page of the visit
    assert archive_entries(page, server) == [page.url]


def test_the_language_switcher_replaces_the_entry_too(page: Any, server: str, start_site: str) -> None:
    page.goto(start_site)
    page.goto(f"{server}/en/documents/th-thailand.html")
    page.locator('a[rel="alternate"][hreflang="th"]').first.click()
    page.wait_for_url(f"{server}/th/documents/th-thailand.html")
    leave(page, "button")
    page.wait_for_url(EXIT_SITES["th"])
    assert_no_archive_in(history_urls(page), server)


def test_links_that_name_this_tab_another_way_replace_the_entry_too(
    page: Any, server: str, start_site: str
) -> None:
    # The route diagram is an inline SVG whose links Graphviz writes with target="_top": the same
    # tab when the page is not framed, so it keeps the one entry like any other link of the site.
    page.goto(start_site)
    page.goto(f"{server}/en/routes.html")
    node = page.locator('svg a[target="_top"]').first
    node.scroll_into_view_if_needed()
    node.click()
    page.wait_for_url(re.compile(r"/en/countries/[a-z]+\.html$"))
    assert archive_entries(page, server) == [page.url]
    assert page.locator(".crossings-back-link").count() == 1  # the way back crossed with it
    leave(page, "button")
    page.wait_for_url(EXIT_SITES["en"])
    assert_no_archive_in(history_urls(page), server)


def test_a_link_to_another_site_leaves_no_archive_page_behind(
    page: Any, server: str, start_site: str, outside: Outside
) -> None:
    # Leaving by a link of a document (another site, which has no Quick exit): Back from there
    # must not lead to the archive page the reader left.
    page.goto(start_site)
    page.goto(f"{server}/en/documents/au-australia.html")
    link = page.locator('article a.reference.external[href^="https://"]').first
    address = link.get_attribute("href")
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_url(address)
    history = history_urls(page)
    assert history[-1] == address and start_site in history
    assert_no_archive_in(history, server)
    page.go_back()
    assert page.url == start_site


def test_without_javascript_the_exit_is_a_plain_link(browser: Any, server: str, outside: Outside) -> None:
    context = browser.new_context(java_script_enabled=False)
    context.route(NEUTRAL, outside)
    tab = context.new_page()
    tab.goto(f"{server}/th/documents/th-thailand.html")
    tab.locator("#crossings-quick-exit").click()
    tab.wait_for_url(EXIT_SITES["th"])
    context.close()


@pytest.mark.parametrize("how", ["button", "escape"])
def test_a_missing_page_has_the_exit_in_the_readers_language(
    page: Any, server: str, start_site: str, how: str
) -> None:
    page.goto(start_site)
    response = page.goto(f"{server}/th/documents/old/withdrawn-report.html")
    assert response is not None and response.status == 404
    assert page.locator("html").get_attribute("lang") == "th"
    bar = page.locator("#crossings-quick-exit")
    assert bar.is_visible()
    # The theme's style sheet loaded from the language folder, not from the missing address's.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.crossings-exit-row')).position") == "fixed"
    )
    home = page.locator("#not-found a").first.get_attribute("href")
    assert page.evaluate(f"new URL({json.dumps(home)}, document.baseURI).pathname") == "/th/index.html"
    leave(page, how)
    page.wait_for_url(EXIT_SITES["th"])
    assert_no_archive_in(history_urls(page), server)


# Every kind of page, at the top and as readers use it on a phone.
LAYOUT_PAGES = (
    "index.html",
    "documents/th-thailand.html",
    "countries/th.html",
    f"search-service.html?q={QUERY}",
    f"search.html?q={QUERY}",
    "safety.html",
    "genindex.html",
    "no/such/page.html",  # the 404 page, answered at any depth
)
DRAWER_PAGE = "documents/th-thailand.html"  # it has both drawers: navigation and contents
OVERLAPS = Path(__file__).with_name("overlaps.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [320, 360])
@pytest.mark.parametrize("lang", list(EXIT_SITES))
def test_the_bar_overlaps_no_other_control(browser: Any, server: str, lang: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 640})
    tab = context.new_page()
    problems = []
    for name in LAYOUT_PAGES:
        tab.goto(f"{server}/{lang}/{name}")
        tab.wait_for_load_state("load")
        problems += [f"{name} at the top: {p}" for p in tab.evaluate(OVERLAPS)]
        if name == DRAWER_PAGE:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(ARTIFACTS / f"quick-exit-{lang}-{width}.png"))
        tab.evaluate("window.scrollTo({top: document.documentElement.scrollHeight / 2, behavior: 'instant'})")
        tab.mouse.wheel(0, -120)  # scrolling up shows the theme's "back to top" button
        tab.wait_for_timeout(300)
        problems += [f"{name} scrolled: {p}" for p in tab.evaluate(OVERLAPS)]
        if name != DRAWER_PAGE:
            continue  # the drawers are the same on every page
        tab.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")
        for toggle in ("label.nav-overlay-icon", "label.toc-overlay-icon"):
            icon = tab.locator(f".mobile-header {toggle}")
            if icon.count() and icon.first.is_visible():
                icon.first.click()
                tab.wait_for_timeout(400)  # the drawer slides in
                problems += [f"{name} with {toggle} open: {p}" for p in tab.evaluate(OVERLAPS)]
                tab.goto(f"{server}/{lang}/{name}")  # closed again
    context.close()
    assert problems == []


# Run in the page: the words of the bar's two links that the layout cuts across lines ("Stayi-ng",
# "A-n to-àn"), found with the browser's own word segmenter (Thai and Chinese words too), and
# whether each link's text fits the width of its box.
CUT_WORDS = """
() => ["crossings-quick-exit", "crossings-safety-link"].map((id) => {
  const link = document.getElementById(id);
  const segmenter = new Intl.Segmenter(document.documentElement.lang || "en", {granularity: "word"});
  const cut = [];
  for (const node of link.childNodes) {
    if (node.nodeType !== Node.TEXT_NODE) { continue; }
    for (const part of segmenter.segment(node.data)) {
      if (!part.isWordLike) { continue; }
      const range = document.createRange();
      range.setStart(node, part.index);
      range.setEnd(node, part.index + part.segment.length);
      const boxes = [...range.getClientRects()].filter((box) => box.width > 0);
      const lines = new Set(boxes.map((box) => Math.round(box.top)));
      if (lines.size > 1) { cut.push(part.segment); }
    }
  }
  const fits = link.scrollWidth <= link.clientWidth;
  return {id, cut, fits};
})
"""


@pytest.mark.parametrize("width", [160, 180])
@pytest.mark.parametrize("lang", list(EXIT_SITES))
def test_the_bar_holds_at_200_percent_zoom_on_a_phone(
    browser: Any, server: str, lang: str, width: int
) -> None:
    # A 360 px phone zoomed to 200% lays the page out 180 px wide, a 320 px one 160 px: the safety
    # link stays readable beside the button (it had shrunk to a few pixels behind an ellipsis, in
    # Vietnamese; at 160 px "Thoát nhanh" left it 16 px, half off the top, and English read
    # "Stayi / ng safe"). No word of either link is cut across two lines.
    context = browser.new_context(viewport={"width": width, "height": 640})
    tab = context.new_page()
    problems: list[Any] = []
    for name in (DRAWER_PAGE, f"search-service.html?q={QUERY}", "no/such/page.html"):
        tab.goto(f"{server}/{lang}/{name}")
        tab.wait_for_load_state("load")
        problems += [f"{name}: {p}" for p in tab.evaluate(OVERLAPS)]
        link = tab.locator("#crossings-safety-link")
        width_shown = link.bounding_box()["width"]
        fits = link.evaluate("element => element.scrollWidth <= element.clientWidth")
        if width_shown < 24 or not fits:
            problems.append(f"{name}: the safety link is {width_shown} px wide, its text fits: {fits}")
        problems += [
            f"{name}: {state}" for state in tab.evaluate(CUT_WORDS) if state["cut"] or not state["fits"]
        ]
        if name == DRAWER_PAGE:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(ARTIFACTS / f"quick-exit-zoom-{lang}-{width}.png"))
    context.close()
    assert problems == []
