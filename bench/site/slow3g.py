"""The search page on a slow phone connection: bytes transferred and seconds to the first results.

Starts `crossings serve` on a free port of 127.0.0.1, opens ``/<lang>/search-service.html?q=...``
in Debian's Chromium (Playwright) with the network throttled as DevTools' "Slow 3G" profile (2 s
round trip, 50 KB/s down, 50 KB/s up, empty cache), and measures, until the first hit is shown,
the bytes that crossed the network (headers and bodies, compressed as sent), the seconds since
navigation began, and the round trips: how many requests deep the longest chain is, a request
counting one deeper than every response that had begun to arrive when it was sent (the page is
one; the files and the API call its head asks for, two). Issue 18's budget: at most 80 KB and 5 s::

    python -m bench.site.slow3g --archive DIR [--lang en] [--query police]

The archive must be built (HTML) and indexed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
CHROMIUM = "/usr/bin/chromium"
# DevTools' "Slow 3G": 400 ms latency times 5, 500 kbit/s times 0.8, in bytes per second.
SLOW_3G = {"offline": False, "latency": 2000, "downloadThroughput": 50_000, "uploadThroughput": 50_000}
BUDGET_KB = 80.0
BUDGET_SECONDS = 5.0


@dataclass(frozen=True)
class Figures:
    """One load of the search page with its first results."""

    kilobytes: float
    seconds: float
    requests: int
    round_trips: int

    @property
    def network_seconds(self) -> float:
        """What the emulated network alone costs at most: each round trip's latency in full, then
        every byte at the profile's speed one after the other (the browser's own work not counted,
        nor bytes that arrive while a later round trip waits). Deterministic, unlike ``seconds``."""
        latency = SLOW_3G["latency"] / 1000
        return self.round_trips * latency + self.kilobytes * 1024 / SLOW_3G["downloadThroughput"]


def round_trips(sent: dict[str, float], answered: dict[str, float]) -> int:
    """The longest chain of requests: each is one deeper than the deepest request whose response
    began before it was sent (*sent* and *answered*: times by request)."""
    depth: dict[str, int] = {}
    for request in sorted(sent, key=sent.__getitem__):
        before = [depth[other] for other in depth if answered.get(other, float("inf")) <= sent[request]]
        depth[request] = 1 + max(before, default=0)
    return max(depth.values(), default=0)


def free_port() -> int:
    """A port of 127.0.0.1 nobody listens on now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def served(archive: Path) -> Iterator[str]:
    """`crossings serve` over *archive*; its base URL once /healthz answers."""
    port = free_port()
    command = [sys.executable, "-m", "crossings", "serve", "--archive", str(archive), "--host", HOST]
    process = subprocess.Popen(
        [*command, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("crossings serve did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def load(base: str, lang: str, query: str) -> Figures:
    """Open the search page throttled in a Chromium of its own (see load_in)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        try:
            return load_in(browser, base, lang, query)
        finally:
            browser.close()


def load_in(browser: Any, base: str, lang: str, query: str) -> Figures:
    """Open the search page throttled in *browser*; figures at the moment the first hit is drawn."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.setCacheDisabled", {"cacheDisabled": True})
        session.send("Network.emulateNetworkConditions", SLOW_3G)
        received: dict[str, int] = {}
        sent: dict[str, float] = {}
        answered: dict[str, float] = {}

        def started(event: dict[str, Any]) -> None:
            if not str(event["request"]["url"]).startswith("data:"):  # no network: the CSS's icons
                sent.setdefault(str(event["requestId"]), float(event["timestamp"]))

        def responded(event: dict[str, Any]) -> None:
            answered.setdefault(str(event["requestId"]), float(event["timestamp"]))

        def finished(event: dict[str, Any]) -> None:
            received[str(event["requestId"])] = int(event.get("encodedDataLength", 0))

        session.on("Network.requestWillBeSent", started)
        session.on("Network.responseReceived", responded)
        session.on("Network.loadingFinished", finished)
        url = f"{base}/{lang.lower()}/search-service.html?q={urllib.request.quote(query)}"
        start = time.monotonic()
        page.goto(url, wait_until="commit", timeout=120_000)
        page.wait_for_selector("#cs-results li.cs-hit", timeout=120_000)
        seconds = time.monotonic() - start
        trips = round_trips(sent, answered)
        page.wait_for_timeout(100)  # the last loadingFinished events
        return Figures(sum(received.values()) / 1024, seconds, len(received), trips)
    finally:
        context.close()


def measure(archive: Path, lang: str = "en", query: str = "police") -> Figures:
    """Serve *archive* and load its search page once, throttled."""
    with served(archive) as base:
        load(base, lang, query)  # the service warms its index; the browser cache is off anyway
        return load(base, lang, query)


def main(argv: list[str] | None = None) -> int:
    """Print the figures as JSON; exit 1 when over the budget."""
    parser = argparse.ArgumentParser(prog="python -m bench.site.slow3g", description=__doc__)
    parser.add_argument("--archive", type=Path, default=Path.cwd())
    parser.add_argument("--lang", default="en")
    parser.add_argument("--query", default="police")
    args = parser.parse_args(argv)
    figures = measure(args.archive, args.lang, args.query)
    print(json.dumps({**asdict(figures), "network_seconds": round(figures.network_seconds, 3)}))
    return 0 if figures.kilobytes <= BUDGET_KB and figures.seconds <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
