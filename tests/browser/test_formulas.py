"""Formulas in a real browser: MathML laid out by Chromium under the site's CSP, nothing from elsewhere."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from crossings.publish.sphinx_build import build_site
from tests.chromium import require_chromium
from tests.formulas.archive import make_formula_site
from tests.serving import crossings_serve, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PAGE = "/en/documents/formulas.html"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`crossings serve` (with its Content-Security-Policy) over the formula archive's English site."""
    require_chromium()
    archive = make_formula_site(tmp_path_factory.mktemp("formulas") / "archive")
    build_site(archive)
    with serving(crossings_serve(archive.root), PAGE) as served:
        yield served.base


def test_formulas_render_as_mathml_and_nothing_loads_from_elsewhere(browser: Any, server: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.goto(server + PAGE)
    page.wait_for_load_state("networkidle")

    structure = page.evaluate(
        """() => {
        const maths = [...document.querySelectorAll('math')];
        const frac = maths[0].querySelector('mfrac');
        const [top, bottom] = [...frac.children].map(c => c.getBoundingClientRect());
        const block = maths.find(m => m.getAttribute('display') === 'block');
        return {
          count: maths.length,
          namespace: maths[0].namespaceURI,
          fraction: [...frac.children].map(c => c.textContent),
          numeratorAbove: top.bottom <= bottom.top + 1,
          sameColumn: Math.abs((top.left + top.right) - (bottom.left + bottom.right)) < 4,
          blockWidth: block.getBoundingClientRect().width,
          blockCentred: getComputedStyle(block).display,
          sumScripts: maths[1].querySelector('msubsup, munderover').children.length,
        };
    }"""
    )
    context.close()
    assert structure["count"] == 5
    assert structure["namespace"] == "http://www.w3.org/1998/Math/MathML"
    assert structure["fraction"] == ["a", "b"]
    assert structure["numeratorAbove"] and structure["sameColumn"]  # laid out as a fraction, not text
    assert structure["blockWidth"] > 0 and structure["blockCentred"] == "block math"
    assert structure["sumScripts"] == 3
    outside = [url for url in requested if not url.startswith(server)]
    assert outside == []
    assert problems == []  # no CSP violation, no script error
