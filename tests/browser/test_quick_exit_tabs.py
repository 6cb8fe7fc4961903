"""Quick exit in one tab takes every tab of the archive along, in a real browser.

The reader has the archive open in several tabs of one browser (a document opened with a middle
click, the search page a link opened in a new tab, the same site in Thai), and a tab of another
site. Quick exit in one of them replaces every archive tab with its language's neutral site, the
way the exit itself does (the page blanked first, no archive entry left in the tab's history, the
tab's storage cleared), and leaves the other site alone. A tab that could not hear it at that
moment leaves as soon as it shows: one still loading, one kept in the back-forward cache, one
reached again by Back. A tab opened on the archive after the exit is a new visit and stays.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from babel.messages.pofile import read_po

from crossings.languages import sphinx_language
from tests.browser.conftest import NEUTRAL, Outside
from tests.browser.test_quick_exit import EXIT_SITES, QUERY, SNAPSHOT, WATCH, assert_no_archive_in, leave
from tests.chromium import history_urls, launch

pytestmark = [pytest.mark.browser, pytest.mark.slow]
# Injected by the test: each page's pageshow, and whether it came from the back-forward cache.
SHOWN = "addEventListener('pageshow', (e) => console.log(`crossings-shown ${e.persisted} ${location.href}`));"


@pytest.fixture(scope="module")
def cached_browser(browser: Any) -> Iterator[Any]:
    """A second Chromium beside the module's, with the back-forward cache on."""
    second = launch(browser.browser_type, back_forward_cache=True)
    yield second
    second.close()


class Tabs:
    """A browser context whose tabs the test opens, with what their pages logged and threw."""

    def __init__(self, browser: Any, outside: Outside) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.route(NEUTRAL, outside)
        self.errors: list[str] = []
        self.logged: list[tuple[Any, str]] = []
        self.context.on("page", self.watch)
        # The storage as each page finds it (a blank new tab has none to read).
        for script in (WATCH, f"try {{ {SNAPSHOT} }} catch (error) {{}}", SHOWN):
            self.context.add_init_script(script)

    def watch(self, page: Any) -> None:
        page.on("pageerror", lambda error: self.errors.append(f"{error}\n{error.stack}"))
        page.on("console", lambda message: self.note(page, message.text))

    def note(self, page: Any, text: str) -> None:
        if "Content Security Policy" in text:
            self.errors.append(text)
        self.logged.append((page, text))

    def open(self, url: str, **options: Any) -> Any:
        tab = self.context.new_page()
        tab.goto(url, **options)
        return tab

    def back_out(self, outside: str, page: str) -> Any:
        """A tab that went from the *outside* site to the archive's *page* and out again: the
        page one Back away."""
        tab = self.open(outside)
        tab.goto(page)
        tab.goto(outside)
        return tab

    def leaving(self, tab: Any) -> list[dict[str, Any]]:
        """How *tab*'s pages were when a navigation to a neutral site started."""
        states = [
            json.loads(text[15:])
            for page, text in self.logged
            if page is tab and text.startswith("crossings-test ")
        ]
        return [state for state in states if NEUTRAL.match(state["to"])]

    def shown_from_cache(self, tab: Any, prefix: str) -> bool:
        return any(
            page is tab and text.startswith(f"crossings-shown true {prefix}") for page, text in self.logged
        )


@pytest.fixture
def tabs(browser: Any, outside: Outside) -> Iterator[Tabs]:
    """Tabs in one context of the module's browser (back-forward cache off, as Playwright has it)."""
    opened = Tabs(browser, outside)
    yield opened
    opened.context.close()
    assert opened.errors == []


@pytest.fixture
def cached_tabs(cached_browser: Any, outside: Outside) -> Iterator[Tabs]:
    """Tabs in a browser that keeps pages in its back-forward cache."""
    opened = Tabs(cached_browser, outside)
    yield opened
    opened.context.close()
    assert opened.errors == []


def opened_by(tab: Any, link: str, **click: Any) -> Any:
    """The tab a click on *link* of *tab* opens, once its page is loaded."""
    with tab.context.expect_page() as opened:
        tab.locator(link).first.click(**click)
    page = opened.value
    page.wait_for_load_state("load")
    return page


def stayed_on_the_archive(tab: Any, server: str, url: str) -> None:
    tab.wait_for_timeout(700)
    assert tab.url == url and tab.url.startswith(server)
    assert tab.evaluate("getComputedStyle(document.body).display") != "none"


@pytest.mark.parametrize("how", ["button", "escape", "shift"])
def test_every_tab_of_the_archive_leaves_with_the_one_used(
    tabs: Tabs, server: str, start_site: str, outside: Outside, how: str
) -> None:
    used = tabs.open(start_site)
    used.goto(f"{server}/en/documents/th-thailand.html")
    # A country page opened with a middle click, the Thai page of this document from the language
    # switcher the same way, and the search page with a query through a link opening a new tab.
    country = opened_by(used, 'article a[href*="countries/"]', button="middle")
    thai = opened_by(used, 'a[rel="alternate"][hreflang="th"]', button="middle")
    used.evaluate(
        """query => {
          const link = document.querySelector('.crossings-sidebar-browse a[href$="search-service.html"]');
          link.href += "?q=" + query;
          link.target = "_blank";
        }""",
        QUERY,
    )
    search = opened_by(used, '.crossings-sidebar-browse a[target="_blank"]')
    search.wait_for_selector("#cs-results li.cs-hit")
    typed = tabs.open(f"{server}/vi/index.html")  # the archive typed into another tab
    elsewhere = tabs.open(start_site)
    assert [country.url, thai.url, search.url] == [
        f"{server}/en/countries/th.html",
        f"{server}/th/documents/th-thailand.html",
        f"{server}/en/search-service.html?q={QUERY}",
    ]
    used.bring_to_front()
    used.evaluate("document.activeElement.blur()")  # the links clicked keep no focus
    leave(used, how)
    used.wait_for_url(EXIT_SITES["en"])
    # The others leave too, without being shown, each for its own language's neutral site.
    for tab, lang in ((country, "en"), (thai, "th"), (search, "en"), (typed, "vi")):
        tab.wait_for_url(EXIT_SITES[lang], timeout=5000)
        # The same way: blank, the query gone from the address, no archive entry to go Back to.
        host = urlsplit(EXIT_SITES[lang]).hostname
        assert tabs.leaving(tab) == [{"to": EXIT_SITES[lang], "blank": True, "search": "", "title": host}]
        assert_no_archive_in(history_urls(tab), server)
    assert set(outside.answered) == {EXIT_SITES["en"], EXIT_SITES["th"], EXIT_SITES["vi"]}
    # The other site's tab is left alone.
    assert elsewhere.url == start_site and history_urls(elsewhere)[-1] == start_site
    assert elsewhere.evaluate("document.body.textContent") == "Rice, water, salt."
    # Each tab's own storage was cleared: the archive typed into it again finds nothing of the visit.
    for tab in (country, thai, search):
        tab.goto(f"{server}/en/safety.html")
        local, session = json.loads(tab.evaluate("window.crossingsTestStorage"))
        assert session == [] and QUERY not in json.dumps(local), (local, session)
        # ...and that is a new visit, which stays, reloaded too.
        stayed_on_the_archive(tab, server, f"{server}/en/safety.html")
        tab.reload()
        stayed_on_the_archive(tab, server, f"{server}/en/safety.html")


def test_without_broadcast_channels_the_other_tabs_still_leave(
    tabs: Tabs, server: str, start_site: str
) -> None:
    tabs.context.add_init_script("delete window.BroadcastChannel;")
    used = tabs.open(start_site)
    used.goto(f"{server}/zh-hant/documents/th-thailand.html")
    other = opened_by(used, 'article a[href*="countries/"]', button="middle")
    assert other.evaluate("typeof BroadcastChannel") == "undefined"
    leave(used, "button")
    used.wait_for_url(EXIT_SITES["zh-hant"])
    other.wait_for_url(EXIT_SITES["zh-hant"], timeout=5000)
    assert_no_archive_in(history_urls(other), server)


def test_a_tab_kept_in_the_back_forward_cache_leaves_when_shown_again(
    cached_tabs: Tabs, server: str, start_site: str
) -> None:
    # A tab where the reader read a document and then typed another site's address: the document
    # stays one Back away, kept whole in the back-forward cache, where no message reaches it.
    kept = cached_tabs.back_out(start_site, f"{server}/en/documents/th-thailand.html")
    used = cached_tabs.open(f"{server}/en/index.html")
    leave(used, "escape")
    used.wait_for_url(EXIT_SITES["en"])
    kept.go_back()
    kept.wait_for_url(EXIT_SITES["en"], timeout=5000)
    assert cached_tabs.shown_from_cache(kept, f"{server}/en/documents/th-thailand.html")
    assert [state["blank"] for state in cached_tabs.leaving(kept)] == [True]
    assert_no_archive_in(history_urls(kept), server)
    # A page of the archive opened after the exit and left the same way comes back as it was.
    again = cached_tabs.back_out(start_site, f"{server}/en/countries/th.html")
    again.go_back(wait_until="commit")  # a page shown from the cache fires no load event
    again.wait_for_timeout(300)
    assert cached_tabs.shown_from_cache(again, f"{server}/en/countries/th.html")
    stayed_on_the_archive(again, server, f"{server}/en/countries/th.html")


def test_a_tab_reached_again_by_back_leaves_at_once(tabs: Tabs, server: str, start_site: str) -> None:
    # Without the back-forward cache (or once the browser dropped the page, or discarded the whole
    # tab to save memory), the page is loaded again when it shows: it leaves as soon as it runs.
    kept = tabs.back_out(start_site, f"{server}/th/countries/th.html")
    used = tabs.open(f"{server}/en/index.html")
    leave(used, "shift")
    used.wait_for_url(EXIT_SITES["en"])
    kept.go_back()
    kept.wait_for_url(EXIT_SITES["th"], timeout=5000)
    assert not tabs.shown_from_cache(kept, server)
    assert_no_archive_in(history_urls(kept), server)


def test_a_tab_still_loading_leaves_when_it_can(tabs: Tabs, server: str) -> None:
    # Its scripts were still on their way (a slow connection) when the reader left in another tab.
    loading = tabs.context.new_page()
    held: list[Any] = []
    loading.route(re.compile(r"/_static/crossings-quick-exit\.js"), lambda route: held.append(route))
    loading.goto(f"{server}/vi/index.html", wait_until="commit")
    loading.wait_for_timeout(500)
    assert len(held) == 1
    used = tabs.open(f"{server}/en/index.html")
    leave(used, "button")
    used.wait_for_url(EXIT_SITES["en"])
    used.wait_for_timeout(300)
    for route in held:
        route.continue_()
    loading.wait_for_url(EXIT_SITES["vi"], timeout=5000)
    assert_no_archive_in(history_urls(loading), server)


# What the safety page says of the other tabs, by msgid (crossings/sphinx/safetypage.py), and the
# sentence it said before, which is no longer true.
SAYS = {
    "quick-exit": "At the same moment, every other tab or window of this browser in which this site is open",
    "what-quick-exit-cannot-do": "It cannot reach this site where it is open in a private window",
    "this-site": "After a quick exit, your browser keeps the time of the exit in this site's storage",
}
NO_LONGER = "It does not close other tabs or windows in which this site is open. Close them yourself."


def translated(tag: str, start: str) -> str:
    """The translation, in the tool's catalogue of *tag*, of the msgid that starts with *start*."""
    if tag == "en":
        return next(msgid for msgid in messages("vi") if msgid.startswith(start))
    return next(text for msgid, text in messages(sphinx_language(tag)).items() if msgid.startswith(start))


def messages(language: str) -> dict[str, str]:
    path = (
        Path(__file__).resolve().parents[2]
        / "crossings"
        / "locale"
        / language
        / "LC_MESSAGES"
        / "crossings.po"
    )
    with path.open("rb") as handle:
        return {str(m.id): str(m.string) for m in read_po(handle) if m.id and isinstance(m.id, str)}


@pytest.mark.parametrize("tag", ["en", "zh-Hant", "zh-Hans", "th", "vi"])
def test_the_safety_page_says_the_other_tabs_leave_too(tabs: Tabs, server: str, tag: str) -> None:
    page = tabs.open(f"{server}/{tag.lower()}/safety.html")
    texts = {section: " ".join(page.locator(f"section#{section}").inner_text().split()) for section in SAYS}
    for section, start in SAYS.items():
        sentence = " ".join(translated(tag, start).split())
        assert sentence and sentence in texts[section], (section, sentence)
    old = NO_LONGER if tag == "en" else messages(sphinx_language(tag)).get(NO_LONGER, NO_LONGER)
    assert old not in page.locator("section#staying-safe").inner_text()
