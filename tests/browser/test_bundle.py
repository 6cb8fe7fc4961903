"""The offline bundle opened from file:// in Chromium: pages, images, the language switcher, and
the offline search in Thai and Chinese (crossings bundle, crossings/bundle/)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlparse

import pytest

from crossings.bundle.page import CANNOT, LIMITS, NOT_BUNDLED
from crossings.search.text.fold import fold_text
from crossings.sphinx.catalogs import translate
from tests.browser.conftest import copy_demo, run
from tests.chromium import chromium, history_urls, require_chromium
from tests.serving import CROSSINGS

pytestmark = [pytest.mark.slow, pytest.mark.browser]

BUDGET = 300 * 1024  # bytes loaded before the first result (issue 22)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo archive, ingested and built in English, Thai and Traditional Chinese (public edition)."""
    require_chromium()
    root = tmp_path_factory.mktemp("bundle") / "archive"
    copy_demo(root)
    run("ingest", "--archive", str(root))
    for lang in ("en", "th", "zh-Hant"):
        run("build", "html", "--lang", lang, "--archive", str(root))
    run("build", "epub", "--lang", "th", "--archive", str(root))
    return root


def bundle(archive: Path, lang: str) -> tuple[dict[str, Any], Path]:
    """Run `crossings bundle --lang LANG --json`; its report and the folder it was unzipped to."""
    done = subprocess.run(
        [CROSSINGS, "bundle", "--lang", lang, "--json", "--archive", str(archive)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    target = archive.parent / f"unzipped-{lang}"
    with zipfile.ZipFile(report["path"]) as zipped:
        zipped.extractall(target)
    return report, target


@pytest.fixture(scope="module")
def thai(archive: Path) -> tuple[dict[str, Any], Path]:
    """The Thai bundle, unzipped."""
    return bundle(archive, "th")


@pytest.fixture(scope="module")
def every(archive: Path) -> tuple[dict[str, Any], Path]:
    """The bundle of every language built (English, Thai and Traditional Chinese), unzipped."""
    return bundle(archive, "all")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium."""
    with chromium() as running:
        yield running


def expected(archive: Path, lang: str, query: str) -> set[str]:
    """Documents whose title, heading or text holds *query* (folded as the index folds it)."""
    wanted = fold_text(query)
    found = set()
    for line in (archive / "build" / "public" / "corpus" / f"{lang}.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        if any(wanted in fold_text(str(record.get(f) or "")) for f in ("title", "section", "text")):
            found.add(record["id"])
    return found


def results(browser: Any, root: Path, lang: str, query: str) -> tuple[list[str], str]:
    """The document ids the bundle's search page lists for *query*, and its status line."""
    page = browser.new_page()
    try:
        page.goto(f"{(root / lang / 'offline-search.html').as_uri()}?q={quote(query)}")
        page.wait_for_selector("#offline-search-status:not(:empty)")
        hrefs = page.eval_on_selector_all("#offline-search-results a", "links => links.map(a => a.href)")
        status = page.inner_text("#offline-search-status")
    finally:
        page.close()
    return [Path(urlparse(href).path).stem for href in hrefs], status


def test_pages_and_images_open_from_file(browser: Any, thai: tuple[dict[str, Any], Path]) -> None:
    """From the front page to a document with a figure, every file loads from file://."""
    _, root = thai
    page = browser.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto((root / "index.html").as_uri())
    page.click('a[hreflang="th"]')
    page.wait_for_load_state("load")
    assert page.url.endswith("/th/index.html")
    page.goto((root / "th" / "documents" / "handbook-ch1-outreach.html").as_uri())
    page.wait_for_load_state("load")
    widths = page.eval_on_selector_all("main img, article img", "imgs => imgs.map(i => i.naturalWidth)")
    assert widths and all(width > 0 for width in widths), widths
    page.close()
    assert not [url for url in failed if url.startswith("file:")], failed


def test_switcher_leads_to_a_note_or_to_the_bundled_language(
    browser: Any, thai: tuple[dict[str, Any], Path], every: tuple[dict[str, Any], Path]
) -> None:
    """In the Thai bundle the Chinese link says it is not bundled; in the bundle of all it opens."""
    page = browser.new_page()
    page.goto((thai[1] / "th" / "documents" / "closing-statement.html").as_uri())
    page.click('a[hreflang="zh-Hant"]')
    assert page.url.endswith("/not-bundled.html")
    assert page.inner_text("h1") == translate(NOT_BUNDLED, "th") != NOT_BUNDLED  # said in Thai first
    assert page.locator('section[lang="th"]').count() == 1
    page.goto((every[1] / "th" / "documents" / "closing-statement.html").as_uri())
    page.click('a[hreflang="zh-Hant"]')
    assert unquote(page.url).endswith("/zh-hant/documents/closing-statement.html")
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    page.close()


@pytest.mark.parametrize("query", ["ถุงยางอนามัย", "แรงงานข้ามชาติ", "พนักงานบริการ"])
def test_thai_search_finds_every_document_holding_the_words(
    browser: Any, archive: Path, thai: tuple[dict[str, Any], Path], query: str
) -> None:
    """A Thai query finds at least every document whose text holds it as written."""
    found, status = results(browser, thai[1], "th", query)
    wanted = expected(archive, "th", query)
    assert wanted, f"the demo should hold {query}"
    assert wanted <= set(found), wanted - set(found)
    assert str(len(found)) in status


@pytest.mark.parametrize(
    ("query", "document"),
    [("農村婦女", "cn-mainland-china"), ("农村妇女", "cn-mainland-china"), ("出賣性服務", "hk-hong-kong"),
     ("出卖性服务", "hk-hong-kong")],
)  # fmt: skip
def test_chinese_search_folds_traditional_and_simplified(
    browser: Any, every: tuple[dict[str, Any], Path], query: str, document: str
) -> None:
    """A Chinese query finds its document whichever script either is written in, in both bundles'
    languages (the Simplified report is found by a Traditional query and the reverse)."""
    for lang in ("th", "zh-hant"):
        found, _ = results(browser, every[1], lang, query)
        assert document in found, (lang, query, found)


def test_site_search_box_opens_the_offline_search(browser: Any, thai: tuple[dict[str, Any], Path]) -> None:
    """The site's own search box leads to the offline search, which says what it cannot do."""
    root = thai[1]
    assert not list(root.rglob("search-service.html")), "the page that needs `crossings serve` is left out"
    for html in (root / "th").rglob("*.html"):
        assert "search-service.html" not in html.read_text("utf-8"), html
    page = browser.new_page()
    page.goto((root / "th" / "documents" / "closing-statement.html").as_uri())
    form = page.locator('form[role="search"]').first
    assert form.get_attribute("action") == "../offline-search.html"
    form.locator('input[name="q"]').fill("ฮ่องกง")
    form.locator('input[name="q"]').press("Enter")
    page.wait_for_selector("#offline-search-results li")
    assert page.url.split("?")[0].endswith("/th/offline-search.html")
    said = page.inner_text("[role=main]")  # the main landmark: the site frame's <article>
    for message in (CANNOT, *LIMITS):  # what it cannot do, in the language of the bundle
        assert translate(message, "th") in said and message not in said, message
    page.close()


def test_phone_header_search_opens_the_offline_search_with_the_focus_in_its_box(
    browser: Any, thai: tuple[dict[str, Any], Path]
) -> None:
    root = thai[1]
    assert not list(root.rglob("crossings-search-page.js")), "the script of the page left out goes too"
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True)
    page = context.new_page()
    page.goto((root / "th" / "documents" / "closing-statement.html").as_uri())
    link = page.locator(".mobile-header #crossings-header-search")
    assert link.get_attribute("href") == "../offline-search.html?q="
    link.click()
    page.wait_for_url(lambda url: url.endswith("/th/offline-search.html?q="))
    assert page.evaluate("document.activeElement.id") == "offline-q"
    page.goto((root / "th" / "offline-search.html").as_uri())  # opened otherwise: the focus is left alone
    assert page.evaluate("document.activeElement.tagName") == "BODY"
    context.close()


def test_search_page_within_budget(browser: Any, thai: tuple[dict[str, Any], Path]) -> None:
    """What the search page loads before its first result stays within 300 KB (and the report says so)."""
    report, root = thai
    page = browser.new_page()
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto((root / "th" / "offline-search.html").as_uri() + "?q=" + quote("ถุงยางอนามัย"))
    page.wait_for_selector("#offline-search-results li")
    page.close()
    size = sum(Path(unquote(urlparse(url).path)).stat().st_size for url in loaded if url.startswith("file:"))
    assert size <= BUDGET, size
    assert report["languages"][0]["search_page_bytes"] == size


def test_manifest_lists_every_file_with_its_checksum(thai: tuple[dict[str, Any], Path]) -> None:
    """MANIFEST.sha256 names every other file of the zip, each with its right checksum."""
    report, root = thai
    lines = (root / "MANIFEST.sha256").read_text("utf-8").splitlines()
    listed = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in lines}
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} - {"MANIFEST.sha256"}
    assert set(listed) == files
    for name, digest in listed.items():
        assert hashlib.sha256((root / name).read_bytes()).hexdigest() == digest, name
    assert report["files"] == len(files) + 1
    assert report["languages"][0]["books"] == ["th/_books/proceedings.epub"]
    assert 'href="th/_books/proceedings.epub"' in (root / "index.html").read_text("utf-8")
    assert hashlib.sha256(Path(report["path"]).read_bytes()).hexdigest() == report["sha256"]


def test_refuses_internal_edition_and_unbuilt_language(archive: Path) -> None:
    """The internal edition and a language whose site was not built are refused, saying why."""
    internal = subprocess.run(
        [CROSSINGS, "bundle", "--lang", "th", "--edition", "internal", "--archive", str(archive)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert internal.returncode == 1 and "never bundled" in internal.stderr
    unbuilt = subprocess.run(
        [CROSSINGS, "bundle", "--lang", "vi", "--archive", str(archive)], capture_output=True, text=True
    )
    assert unbuilt.returncode == 1 and "crossings build html --lang vi" in unbuilt.stderr


def test_parallel_view_two_columns_wide_alternating_on_phones(
    browser: Any, every: tuple[dict[str, Any], Path]
) -> None:
    """The Thai closing statement links to its side-by-side page: original and translation in two
    columns on a wide screen, one under the other on a phone, each passage in its own language."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((every[1] / "th" / "documents" / "closing-statement.html").as_uri())
    page.click("p.crossings-parallel a")
    page.wait_for_load_state("load")
    assert page.url.endswith("closing-statement.parallel-en.html")
    assert set(page.eval_on_selector_all(".pair > .original", "e => e.map(x => x.lang)")) == {"en"}
    assert set(page.eval_on_selector_all(".pair > .translation", "e => e.map(x => x.lang)")) == {"th"}
    assert "aligned by section only" not in page.inner_text("article")
    assert page.locator(".crossings-quick-exit").first.is_visible()
    fonts = {
        side: page.eval_on_selector(f".pair:not(.heading) > .{side}", "e => getComputedStyle(e).fontFamily")
        for side in ("original", "translation")
    }
    assert "Noto Sans Thai" in fonts["translation"] and "Noto Sans Thai" not in fonts["original"], fonts
    row = page.locator(".pair:not(.heading)").nth(3)
    left, right = row.locator(".original").bounding_box(), row.locator(".translation").bounding_box()
    assert left and right and right["x"] > left["x"] + left["width"] - 1 and abs(right["y"] - left["y"]) < 2
    page.set_viewport_size({"width": 375, "height": 800})
    left, right = row.locator(".original").bounding_box(), row.locator(".translation").bounding_box()
    assert left and right and abs(right["x"] - left["x"]) < 2 and right["y"] >= left["y"] + left["height"] - 1
    page.close()


def test_refuses_a_site_holding_a_withheld_name(archive: Path, tmp_path: Path) -> None:
    """A withheld name planted in a built page stops the bundle: nothing is written."""
    copy = tmp_path / "archive"
    shutil.copytree(archive, copy)
    page = copy / "build" / "public" / "html" / "th" / "about.html"
    page.write_text(
        page.read_text("utf-8").replace("</article>", "<p>Mali Sample-Srisuk</p></article>", 1), "utf-8"
    )
    (copy / "build" / "public" / "bundle").mkdir(exist_ok=True)
    for old in (copy / "build" / "public" / "bundle").glob("*.zip"):
        old.unlink()
    done = subprocess.run(
        [CROSSINGS, "bundle", "--lang", "th", "--archive", str(copy)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 1
    assert "restricted text" in done.stderr and "th/about.html" in done.stderr
    assert "Mali" not in done.stderr
    assert not list((copy / "build" / "public" / "bundle").glob("*.zip"))


NEUTRAL = re.compile(r"^https?://")
THAI_EXIT = "https://th.wikipedia.org/"


@pytest.mark.parametrize(
    ("start", "how"),
    [("index.html", "button"), ("not-bundled.html", "shift"), ("th/index.html", "escape")],
)
def test_the_bundles_own_pages_have_quick_exit_and_leave_no_entry(
    browser: Any, thai: tuple[dict[str, Any], Path], tmp_path: Path, start: str, how: str
) -> None:
    """The front page, the note and the offline search (where the reader's words are) have the
    Quick exit bar in Thai; from any of them, through a search typed in the offline search's own
    box, an exit leaves no bundle page and no query word in the tab's history."""
    root = thai[1]
    before = tmp_path / "recipes.html"
    before.write_text("<!doctype html><title>Recipes</title><p>Rice, water, salt.</p>", "utf-8")
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    left: list[str] = []
    context.route(
        NEUTRAL, lambda route: left.append(route.request.url) or route.fulfill(body="<p>Weather</p>")
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(before.as_uri())
    page.goto((root / start).as_uri())
    exit_link = page.locator("#crossings-quick-exit")
    assert exit_link.is_visible() and exit_link.inner_text() == translate("Quick exit", "th")
    assert page.locator("#crossings-safety-link").is_visible()
    if start == "not-bundled.html":
        page.locator('a[href="index.html"]').first.click()
        page.wait_for_url(re.compile(r"/index\.html$"))
    if not start.startswith("th/"):
        page.click('a[hreflang="th"]')
        page.wait_for_url(re.compile(r"/th/index\.html$"))
    page.click(".mobile-header #crossings-header-search")
    page.wait_for_url(re.compile(r"offline-search\.html\?q=$"))
    assert page.locator("#crossings-quick-exit").is_visible()
    page.fill("#offline-q", "ถุงยางอนามัย")
    page.press("#offline-q", "Enter")
    page.wait_for_selector("#offline-search-results li")
    assert "/th/offline-search.html?q=" in page.url
    bundle_entries = [url for url in history_urls(page) if url.startswith(root.as_uri())]
    assert bundle_entries == [page.url]  # one entry for the whole visit, as on the site
    if how == "button":
        page.click("#crossings-quick-exit")
    elif how == "escape":
        page.locator("h1").first.click()
        page.keyboard.press("Escape")
    else:
        page.locator("h1").first.click()
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(THAI_EXIT)
    history = history_urls(page)
    assert history[-1] == THAI_EXIT and before.as_uri() in history
    assert [url for url in history if url.startswith(root.as_uri()) or "%E0%B8" in url] == [], history
    assert set(left) == {THAI_EXIT} and errors == []
    context.close()
