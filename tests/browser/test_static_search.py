"""Sphinx's static search page finds Thai and Chinese words in a real browser (Chromium).

Words are split with ICU when the index is built and with Intl.Segmenter in the page
(crossings.sphinx.static_search); Sphinx's own search finds neither language.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from crossings.archive import Archive
from crossings.publish.sphinx_build import build_site
from tests.chromium import chromium
from tests.i18n.archive import make_archive

pytestmark = [pytest.mark.slow, pytest.mark.browser]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files without logging every request to stderr."""

    def log_message(self, format: str, *args: object) -> None:
        """Say nothing."""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The English, Thai, Traditional Chinese and Vietnamese builds of the test archive, on 127.0.0.1."""
    archive = Archive.at(make_archive(tmp_path_factory.mktemp("search") / "archive"))
    for lang in ("en", "th", "zh-Hant", "vi"):
        build_site(archive, "html", "public", lang)
    handler = functools.partial(QuietHandler, directory=str(archive.edition_dir("public") / "html"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium through Playwright."""
    with chromium() as browser:
        yield browser


def search(browser: object, url: str) -> list[str]:
    """Open a search page and return the result links (href) once the search has finished."""
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(url)
        page.wait_for_function(
            "() => { const r = document.querySelector('#search-results');"
            " return r && r.querySelector('h2') && !r.classList.contains('searching')"
            " && document.querySelectorAll('#search-results ul.search li').length + "
            " (r.querySelector('p.search-summary').innerText.length > 0 ? 1 : 0) > 0; }",
            timeout=20000,
        )
        links = page.eval_on_selector_all(
            "#search-results ul.search li > a", "els => els.map(e => e.getAttribute('href'))"
        )
    finally:
        page.close()
    assert not errors, errors
    return [str(link) for link in links]


def pages(links: list[str]) -> set[str]:
    """The pages of result links (anchors dropped)."""
    return {link.split("#")[0] for link in links}


def test_thai_build_finds_a_thai_word(browser: object, site_url: str) -> None:
    # "service" occurs only inside an unspaced Thai sentence of th-health; Sphinx's own splitting misses it.
    found = search(browser, f"{site_url}/th/search.html?q={quote('บริการ')}")
    assert pages(found) == {"documents/th-health.html"}, found


def test_thai_build_finds_nothing_for_an_absent_word(browser: object, site_url: str) -> None:
    assert search(browser, f"{site_url}/th/search.html?q={quote('ทะเลทราย')}") == []


def test_chinese_build_finds_a_two_character_word(browser: object, site_url: str) -> None:
    found = search(browser, f"{site_url}/zh-hant/search.html?q={quote('外展')}")
    assert pages(found) == {"documents/hk-chinese.html"}, found


def test_chinese_quotation_in_an_english_document_is_found(browser: object, site_url: str) -> None:
    found = search(browser, f"{site_url}/zh-hant/search.html?q={quote('罪犯')}")
    assert pages(found) == {"documents/hk-outreach.html"}, found


@pytest.mark.parametrize("query", ["mại dâm", "mai dam", "MAI DAM", "phòng khám"])
def test_vietnamese_build_finds_a_vietnamese_word_with_or_without_its_marks(
    browser: object, site_url: str, query: str
) -> None:
    found = search(browser, f"{site_url}/vi/search.html?q={quote(query)}")
    assert pages(found) == {"documents/vi-health.html"}, found


def test_english_build_stems_english_and_finds_chinese(browser: object, site_url: str) -> None:
    # "leaflet" finds "leaflets" (English stemming, index and browser agree).
    assert pages(search(browser, f"{site_url}/en/search.html?q=leaflet")) == {"documents/hk-outreach.html"}
    found = search(browser, f"{site_url}/en/search.html?q={quote('外展')}")
    assert pages(found) == {"documents/hk-chinese.html"}, found
