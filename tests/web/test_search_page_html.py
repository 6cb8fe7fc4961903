"""The search page the Sphinx build writes: real form controls, labels, texts, no inline script."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from crossings.archive import Archive
from crossings.publish import build_site
from crossings.search.registry import counted
from crossings.web.csp import THEME_SCRIPTS


class Page(HTMLParser):
    """Collects the elements, attributes and inline scripts of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.inline_scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Remember the element; note when an inline script starts."""
        values = {name: value or "" for name, value in attrs}
        self.elements.append((tag, values))
        self._in_script = tag == "script" and "src" not in values
        if self._in_script:
            self.inline_scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        """An inline script ends."""
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        """Text inside an inline script."""
        if self._in_script:
            self.inline_scripts[-1] += data

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
    parsed.feed((archive.edition_dir("public") / "html" / "en" / "search-service.html").read_text("utf-8"))
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
    assert all(" ".join(script.split()) in THEME_SCRIPTS for script in page.inline_scripts)


def test_the_script_and_style_are_linked_from_this_origin(page: Page) -> None:
    scripts = [a["src"] for a in page.find("script") if "src" in a]
    assert any(src.startswith("_static/crossings-search.js") for src in scripts)
    styles = [a["href"] for a in page.find("link", rel="stylesheet")]
    assert any(href.startswith("_static/crossings-search.css") for href in styles)
    assert not [url for url in scripts + styles if "//" in url]
