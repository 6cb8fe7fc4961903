"""In Chromium: pages request nothing outside the site, and the quick exit leaves without a way back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from crossings.archive import Archive
from crossings.build import build_site
from tests.chromium import chromium, require_chromium

pytestmark = [pytest.mark.slow, pytest.mark.browser]
PAGES = ("index.html", "documents/th-report.html", "countries/th.html", "routes.html", "search.html")


@pytest.fixture
def site(make_root: Callable[[str], Archive], tmp_path: Path) -> tuple[Path, str]:
    """The test-site built with a quick exit to a local page (no network in tests)."""
    require_chromium()
    neutral = tmp_path / "neutral.html"
    neutral.write_text("<!doctype html><title>Weather</title><p>Sunny.</p>", encoding="utf-8")
    result = build_site(make_root("site"), overrides={"crossings_quick_exit_url": neutral.as_uri()})
    return result.outdir, neutral.as_uri()


def test_pages_request_only_their_own_files(site: tuple[Path, str]) -> None:
    outdir, _neutral = site
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


def test_quick_exit_is_first_in_tab_order_and_escape_leaves(site: tuple[Path, str]) -> None:
    outdir, neutral = site
    with chromium() as browser:
        page = browser.new_page()
        page.goto((outdir / "index.html").as_uri())
        page.goto((outdir / "documents/th-report.html").as_uri())
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "crossings-quick-exit"
        page.keyboard.press("Escape")
        page.wait_for_url(neutral)
        page.go_back()
        # The document was replaced in the history: Back skips it.
        assert not page.url.endswith("th-report.html")
