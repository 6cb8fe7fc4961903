"""axe-core over every kind of page of the demo archive, in every interface language.

axe-core (the npm package, installed by scripts/install-axe.sh) is injected into each page as
Chromium shows it and run with the WCAG 2.0-2.2 A and AA rules plus axe's best practices (region,
landmark-unique, heading-order, landmark-one-main, page-has-heading-one...). Any violation fails
the test, naming the rule, the page and the first elements at fault.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, LANGUAGES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = ARTIFACTS / "axe" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]

# Every template of the site, each by one page of the demo (paths inside a language's folder).
PAGES = {
    "home": "index.html",
    "browse hub": "browse.html",
    "countries by region": "countries/index.html",
    "country with its routes": "countries/th.html",
    "theme": "themes/police-and-violence.html",
    "themes index": "themes/index.html",
    "event and its sessions": "events/hk-2001.html",
    "type": "types/country-report.html",
    "language": "languages/th.html",
    "routes": "routes.html",
    "document with a table and translations": "documents/au-australia.html",
    "document with footnotes, Han text and citations": "documents/hk-hong-kong.html",
    "document with passages in other scripts": "documents/kr-south-korea.html",
    "Thai document": "documents/paper-th-outreach.html",
    "domain index": "crossings-countries.html",
    "general index": "genindex.html",
    "search with results": "search-service.html?q=police",
    "search with no result": "search-service.html?q=zzqxjv",
    "search with an error": "search-service.html?q=%22unclosed",
    "fallback search": "search.html?q=police",
    "404": "404.html",
    "safety": "safety.html",
}

RUN_AXE = """async (tags) => {
  const options = { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] };
  const result = await axe.run(document, options);
  return result.violations.map((v) => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  }));
}"""


def folder(tag: str) -> str:
    """The output folder of an interface language."""
    return tag.lower()


@pytest.fixture(scope="module")
def axe_source() -> str:
    """The axe-core script; missing, the test fails with the command that installs it."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run scripts/install-axe.sh (make setup-test does)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A browser context that lets the test inject axe (the site's policy forbids inline scripts)."""
    made = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    yield made
    made.close()


def ready_selector(path: str) -> str | None:
    """What shows that a page's script has finished drawing."""
    if path.startswith("search-service.html"):
        return "#cs-status:not(:empty)"
    if path.startswith("search.html"):
        return "#search-results ul.search li, #search-results p.search-summary"
    return None


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_kind_of_page_has_no_axe_violation(
    context: Any, server: str, axe_source: str, lang: str, width: int
) -> None:
    found: list[str] = []
    for kind, path in PAGES.items():
        url = f"{server}/{folder(lang)}/{path}"
        for violation in violations_at(context, url, axe_source, ready_selector(path), width):
            found.append(
                f"{violation['rule']} ({violation['impact']}) on {kind} [{lang}, {width}px] {url}: "
                f"{violation['help']}; {', '.join(violation['nodes'])}"
            )
    report = ARTIFACTS / f"axe-{lang}-{width}.json"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")
    assert found == [], "axe-core violations:\n" + "\n".join(found)


def violations_at(
    context: Any, url: str, axe_source: str, ready: str | None, width: int
) -> list[dict[str, Any]]:
    """axe's violations on *url* in a viewport *width* pixels wide, once it has loaded (and *ready*
    is shown, for the pages a script draws)."""
    page = context.new_page()
    try:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if ready:
            page.wait_for_selector(ready, timeout=20_000)
        page.add_script_tag(content=axe_source)
        return list(page.evaluate(RUN_AXE, TAGS))
    finally:
        page.close()


def test_axe_finds_a_violation_it_should(context: Any, server: str, axe_source: str) -> None:
    """The check can fail: an image-role SVG without a name is reported."""
    page = context.new_page()
    try:
        page.goto(f"{server}/en/index.html")
        page.evaluate(
            "() => document.querySelector('article').insertAdjacentHTML('beforeend',"
            ' \'<svg role="img" width="20" height="20"><circle r="5" cx="10" cy="10"/></svg>\')'
        )
        page.add_script_tag(content=axe_source)
        rules = {violation["rule"] for violation in page.evaluate(RUN_AXE, TAGS)}
    finally:
        page.close()
    assert "svg-img-alt" in rules
