"""Every entry of the facet registry, through every way in: ``crossings search``, /api/search and
/api/facets, and the search page the Sphinx build writes.

The values come from the test corpus (tests/web/conftest.py), so a new registry entry is
exercised without touching this file; it fails until the entry is wired everywhere and the
corpus holds a value of it that only some documents have.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from starlette.testclient import TestClient

from crossings.archive import Archive
from crossings.cli import main
from crossings.init import create_archive
from crossings.publish.sphinx_build import build_site
from crossings.search.registry import Facet, facets
from crossings.sphinx import catalogs
from crossings.web.app import create_app
from tests.facets import example as facet_example
from tests.web.conftest import CORPUS, Built

ENTRIES = {facet.name: facet for facet in facets()}


def example(facet: Facet) -> tuple[dict[str, str], set[str]]:
    """Parameters picking one value of *facet* in the test corpus, and the documents they find."""
    return facet_example(facet, CORPUS, "CORPUS in tests/web/conftest.py")


def hit_ids(answer: dict[str, Any]) -> set[str]:
    """The documents of an answer."""
    return {hit["id"] for hit in answer["hits"]}


@pytest.fixture
def client(built: Built) -> Iterator[TestClient]:
    """A client of the app over the built archive."""
    with TestClient(create_app(built.archive)) as test_client:
        yield test_client


@pytest.mark.parametrize("name", ENTRIES)
def test_every_facet_filters_through_the_command_line(built: Built, name: str) -> None:
    params, expected = example(ENTRIES[name])
    options = [part for param, value in params.items() for part in (f"--{param}", value)]
    result = CliRunner().invoke(
        main, ["search", "", *options, "--limit", "50", "--json", "--archive", str(built.archive.root)]
    )
    assert result.exit_code == 0, result.output
    assert hit_ids(json.loads(result.output)) == expected


@pytest.mark.parametrize("name", ENTRIES)
def test_every_facet_filters_through_the_api(client: TestClient, name: str) -> None:
    params, expected = example(ENTRIES[name])
    response = client.get("/api/search", params={"q": "", "limit": "50", **params})
    assert response.status_code == 200, response.text
    assert hit_ids(response.json()) == expected
    narrowed = client.get("/api/facets", params=params).json()
    assert narrowed["total"] == len(expected)


@pytest.mark.parametrize("name", ENTRIES)
def test_every_counted_facet_is_counted_in_the_answer(client: TestClient, name: str) -> None:
    facet = ENTRIES[name]
    params, expected = example(facet)
    counts = client.get("/api/facets").json()["facets"]
    if not facet.counted:
        assert facet.name not in counts  # a filter only: the answer's facets stay those of the contract
        return
    value = facet.display(next(iter(params.values())).lower())
    assert counts[facet.name][value] == len(expected)


def test_a_bad_value_of_every_facet_is_a_400_naming_it(client: TestClient) -> None:
    for facet in facets():
        for param in facet.params:
            response = client.get("/api/search", params={"q": "x", param: "<bad value>"})
            assert response.status_code == 400 and param in response.json()["error"]


class Page(HTMLParser):
    """The attributes of every element of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Remember the element."""
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def find(self, tag: str, **wanted: str) -> list[dict[str, str]]:
        """Attributes of every *tag* element whose attributes include *wanted*."""
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in wanted.items())]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Page:
    """search-service.html of a new archive's English build."""
    root = tmp_path_factory.mktemp("site") / "archive"
    create_archive(root, "Every facet")
    archive = Archive.at(root)
    build_site(archive, "html", "public", "en")
    parsed = Page()
    html = archive.edition_dir("public") / "html" / "en" / "search-service.html"
    parsed.feed(html.read_text(encoding="utf-8"))
    return parsed


@pytest.mark.parametrize("name", ENTRIES)
def test_the_search_page_has_every_facet(page: Page, name: str) -> None:
    facet = ENTRIES[name]
    (root,) = page.find("section", id="crossings-search")
    declared = {entry["name"]: entry for entry in json.loads(root["data-facets"])}
    assert declared[name] == facet.as_json()  # what the script reads: parameters and kind
    groups = page.find("fieldset", **{"data-param": facet.control})
    assert len(groups) == (1 if facet.counted else 0)
    labels = json.loads(root["data-labels"])
    assert (name in labels) == (facet.counted and bool(facet.vocabulary))


@pytest.mark.parametrize("language", catalogs.languages())
def test_every_facet_label_is_translated(language: str) -> None:
    path = catalogs.SOURCE / language / "LC_MESSAGES" / "crossings.po"
    with Path(path).open("rb") as handle:
        translated = {str(m.id) for m in read_po(handle) if m.id and m.string}
    missing = [facet.label for facet in facets() if facet.label not in translated]
    assert not missing, f"add to {path}: {missing}"
