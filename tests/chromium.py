"""Debian's Chromium driven by Playwright (no browser download), for every browser test."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> None:
    """Skip without Chromium or Playwright (fail in CI, where `make test` installs both)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI; `make test` installs it (scripts/test-packages.txt)")
        pytest.skip("Chromium is not installed; run scripts/install-browser.sh")
    pytest.importorskip("playwright.sync_api", reason="playwright is in the test extras")


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A running headless Chromium (Playwright's sync API allows one per thread at a time)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright.chromium)
        try:
            yield browser
        finally:
            browser.close()


def launch(browser_type: Any, *, back_forward_cache: bool = False) -> Any:
    """Debian's Chromium, started by Playwright's *browser_type* (``browser.browser_type`` starts a
    second one beside a running browser).

    Playwright turns the back-forward cache off; *back_forward_cache* keeps it on, as in the
    browsers readers use (a page left by Back or Forward kept whole, and shown again as it was)."""
    ignored = ["--disable-back-forward-cache"] if back_forward_cache else None
    return browser_type.launch(executable_path=str(CHROMIUM), args=ARGS, ignore_default_args=ignored)


def history_urls(page: Any) -> list[str]:
    """The URL of every entry of *page*'s tab history, as the browser itself lists them (DevTools)."""
    session = page.context.new_cdp_session(page)
    try:
        listed = session.send("Page.getNavigationHistory")
    finally:
        session.detach()
    return [str(entry["url"]) for entry in listed["entries"]]
