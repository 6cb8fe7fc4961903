"""The search page the Sphinx build writes: real form controls, labels, texts, no inline script but
the one starting the first search; its styles inline and its scripts in one file."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from crossings.archive import Archive
from crossings.publish.sphinx_build import build_site
from crossings.search.registry import counted
from crossings.search.request.limits import DEFAULT_LIMIT
from crossings.sphinx.searchassets import SCRIPT
from crossings.web import firstsearch
from crossings.web.csp import THEME_SCRIPTS


class Page(HTMLParser):
    """Collects the elements, attributes and inline scripts of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.inline_scripts: list[str] = []
        self.styles: list[str] = []
        self._in_script = False
        self._in_style = False
        self.folder = Path()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Remember the element; note when an inline script starts."""
        values = {name: value or "" for name, value in attrs}
        self.elements.append((tag, values))
        self._in_script = tag == "script" and "src" not in values
        if self._in_script:
            self.inline_scripts.append("")
        self._in_style = tag == "style"
        if self._in_style:
            self.styles.append("")

    def handle_endtag(self, tag: str) -> None:
        """An inline script ends."""
        if tag == "script":
            self._in_script = False
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        """Text inside an inline script or a style element."""
        if self._in_script:
            self.inline_scripts[-1] += data
        if self._in_style:
            self.styles[-1] += data

    def find(self, tag: str, **wanted: str) -> list[dict[str, str]]:
        """Attributes of every *tag* element whose attributes include *wanted*."""
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in wanted.items())]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Page:
    """search-service.html of a new archive's English build."""
    from crossings.init import create_archive

    root = tmp_path_factory.mktemp("site") / "archive"
    create_archive(root, "Search page test")
    archive = Archive.at(root)
    build_site(archive, "html", "public", "en")
    parsed = Page()
    parsed.folder = archive.edition_dir("public") / "html" / "en"
    parsed.feed((parsed.folder / "search-service.html").read_text("utf-8"))
    return parsed


def test_the_form_has_labelled_controls(page: Page) -> None:
    assert page.find("form", id="cs-form", method="get", role="search")
    assert page.find("input", id="cs-q", name="q", type="search")
    assert page.find("label", **{"for": "cs-q"})
    assert page.find("select", id="cs-sort", name="sort") and page.find("label", **{"for": "cs-sort"})
    assert page.find("button", type="submit")
    facets = {a["data-param"] for a in page.find("fieldset") if "data-param" in a}
    # One group per counted facet of the registry; these five are the page's contract.
    assert facets == {facet.control for facet in counted()} >= {"country", "theme", "type", "lang", "year"}
    assert page.find("p", id="cs-status", role="status")


def test_texts_and_labels_travel_as_data_not_script(page: Page) -> None:
    (root,) = page.find("section", id="crossings-search")
    assert json.loads(root["data-texts"])["offline"]
    labels = json.loads(root["data-labels"])
    named = {facet.name for facet in counted() if facet.vocabulary}
    assert labels["theme"]["migration-routes"] and set(labels) == named >= {
        "country",
        "theme",
        "type",
        "language",
    }
    assert root["data-api"] == "../api/search" and root["data-static-search"] == "search.html"
    # Inline: the theme's script, and the one starting the first search (crossings.web.csp allows
    # both by their hashes), exactly as written.
    assert [script for script in page.inline_scripts if script == firstsearch.SCRIPT] == [firstsearch.SCRIPT]
    others = [script for script in page.inline_scripts if script != firstsearch.SCRIPT]
    assert others and all(" ".join(script.split()) in THEME_SCRIPTS for script in others)


def test_the_first_search_starts_in_the_head_before_any_stylesheet(page: Page) -> None:
    (first,) = page.find("script", id="crossings-first-search")
    assert first == {
        "id": "crossings-first-search",
        "data-api": "../api/search",
        "data-limit": str(DEFAULT_LIMIT),
        "data-ui": "en",
    }
    head = page.elements[: [tag for tag, _ in page.elements].index("body")]
    before = head[: head.index(("script", first))]
    assert not [tag for tag, attrs in before if tag == "style" or attrs.get("rel") == "stylesheet"]


def test_one_script_from_this_origin_and_the_styles_inline(page: Page) -> None:
    scripts = [a for a in page.find("script") if "src" in a]
    assert [a["src"].split("?v=")[0] for a in scripts] == [f"_static/{SCRIPT}"]
    assert scripts[0]["defer"] == "defer"
    joined = (page.folder / "_static" / SCRIPT).read_text("utf-8")
    parts = ("crossings-search.js", "crossings-quick-exit.js", "crossings-one-entry.js", "scripts/furo.js")
    for name in parts:
        text = (page.folder / "_static" / name).read_text("utf-8").split("//# sourceMappingURL")[0].strip()
        assert text in joined, name
    assert joined.index("crossings-search.js") < joined.index("crossings-quick-exit.js")
    assert page.find("link", rel="stylesheet") == []
    (style,) = [text for text in page.styles if "crossings-search.css" in text]
    for name in ("styles/furo.css", "crossings.css", "crossings-search.css", "crossings-language.css"):
        rules = (page.folder / "_static" / name).read_text("utf-8").split("/*# sourceMappingURL")[0].strip()
        assert rules in style, name
    assert style.index("styles/furo.css") < style.index("crossings-search.css")
