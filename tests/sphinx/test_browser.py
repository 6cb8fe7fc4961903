"""In Chromium, pages opened from a folder: nothing requested outside the site; quick exit and its setting."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from crossings.archive import Archive
from crossings.publish.sphinx_build import build_site
from tests.chromium import chromium, history_urls, require_chromium

pytestmark = [pytest.mark.slow, pytest.mark.browser]
PAGES = ("index.html", "documents/th-report.html", "countries/th.html", "routes.html", "search.html")
NEUTRAL = "https://neutral.example.org/"


@pytest.fixture
def make_site(make_root: Callable[[str], Archive]) -> Callable[..., Path]:
    """Build the test-site (its quick exit going to NEUTRAL, which the browser tests answer)."""
    require_chromium()
    archive = make_root("site")

    def make(**overrides: object) -> Path:
        return build_site(archive, overrides={"crossings_quick_exit_url": NEUTRAL, **overrides}).outdir

    return make


@pytest.fixture
def tab() -> Iterator[Any]:
    """A browser tab whose requests outside the machine are answered by a neutral page."""
    with chromium() as browser:
        context = browser.new_context()
        context.route(
            re.compile(r"^https?://"), lambda route: route.fulfill(body="<title>Weather</title>sunny")
        )
        yield context.new_page()
        context.close()


def test_pages_request_only_their_own_files(make_site: Callable[..., Path]) -> None:
    outdir = make_site()
    requested: list[str] = []
    with chromium() as browser:
        page = browser.new_page()
        page.on("request", lambda request: requested.append(request.url))
        for name in PAGES:
            page.goto((outdir / name).as_uri())
            page.wait_for_load_state("networkidle")
    assert requested
    outside = [
        url for url in requested if not url.startswith(outdir.as_uri()) and not url.startswith("data:")
    ]
    assert outside == []


def test_quick_exit_is_first_in_tab_order_and_escape_leaves(make_site: Callable[..., Path], tab: Any) -> None:
    outdir = make_site()
    tab.goto((outdir / "countries/th.html").as_uri())
    tab.locator('article a[href$="documents/th-report.html"]').first.click()
    tab.wait_for_url(re.compile(r"th-report\.html$"))
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.id") == "crossings-quick-exit"
    tab.keyboard.press("Escape")
    tab.wait_for_url(NEUTRAL)
    # Opened from a folder too, the visit was one entry, which the exit replaced.
    assert [url for url in history_urls(tab) if url.startswith(outdir.as_uri())] == []


def test_with_one_entry_off_the_browser_keeps_its_history(make_site: Callable[..., Path], tab: Any) -> None:
    outdir = make_site(crossings_one_history_entry=False)
    tab.goto((outdir / "countries/th.html").as_uri())
    tab.locator('article a[href$="documents/th-report.html"]').first.click()
    tab.wait_for_url(re.compile(r"th-report\.html$"))
    tab.locator("#crossings-quick-exit").click()
    tab.wait_for_url(NEUTRAL)
    # The exit replaced only the page on show; the page before it is one Back away, as the setting says.
    assert [url for url in history_urls(tab) if url.startswith(outdir.as_uri())] == [
        (outdir / "countries/th.html").as_uri()
    ]
    tab.go_back()
    assert tab.url == (outdir / "countries/th.html").as_uri()
