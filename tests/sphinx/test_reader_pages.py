"""What issue 18 changed in the built pages (a real Sphinx build of the test-site root): the one
search box, Sphinx's search as the labelled fallback, trimmed translations, lang scoping, the
footer, and one count of route hops for the site and the book."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from crossings.catalog import Route
from crossings.publish.sphinx_build import BuildResult
from crossings.sphinx.finish import trim_translations
from crossings.sphinx.graph import hop_counts, route_dot
from tests.sphinx.htmltools import read


@dataclass(frozen=True)
class Doc:
    """A document as the site and the book both name it."""

    docname: str


def test_every_search_box_opens_the_archive_search(site: BuildResult) -> None:
    for page in ("index.html", "documents/th-report.html", "countries/th.html", "search-service.html"):
        html = (site.outdir / page).read_text("utf-8")
        forms = re.findall(r'<form class="sidebar-search-container"[^>]*>', html)
        assert len(forms) == 1, page
        up = "../" * page.count("/")
        here = page == "search-service.html"  # the page itself: the form reloads it with the new words
        assert (' action="#"' if here else f' action="{up}search-service.html"') in forms[0], (page, forms[0])


def test_the_search_page_is_in_the_sidebar_navigation(site: BuildResult) -> None:
    html = (site.outdir / "countries/th.html").read_text("utf-8")
    assert re.search(
        r'<a class="reference internal crossings-search-link" href="\.\./search-service\.html">', html
    )


def test_sphinx_search_says_it_is_the_fallback(site: BuildResult) -> None:
    html = (site.outdir / "search.html").read_text("utf-8")
    assert 'id="crossings-fallback"' in html and "Built-in search" in html
    assert 'href="search-service.html"' in html and "crossings-fallback.js" in html
    assert "crossings-fallback" not in (site.outdir / "index.html").read_text("utf-8")


def test_the_search_page_loads_none_of_sphinxs_scripts(site: BuildResult) -> None:
    html = (site.outdir / "search-service.html").read_text("utf-8")
    joined = (site.outdir / "_static" / "crossings-search-page.js").read_text("utf-8")
    for name in ("doctools.js", "sphinx_highlight.js", "documentation_options.js", "pygments.css"):
        assert name not in html and name not in joined
    assert '<script defer="defer" src="_static/crossings-search-page.js?v=' in html
    assert "/* _static/crossings-search.js */" in joined and "/* _static/crossings-quick-exit.js */" in joined
    # Only the search page: every other page keeps the site's files, cached from page to page.
    assert "crossings-search-page.js" not in (site.outdir / "index.html").read_text("utf-8")


def test_every_page_has_a_search_link_in_the_phone_header(site: BuildResult) -> None:
    # The search page's own link too: a new, empty search (an empty href would repeat this one).
    pages = ["index.html", "documents/th-report.html", "countries/th.html", "search.html"]
    for page in [*pages, "search-service.html"]:
        header = read(site.outdir / page).find("header", "mobile-header")
        assert len(header) == 1, page
        html = (site.outdir / page).read_text("utf-8")
        links = re.findall(r'<a class="crossings-header-search" [^>]*>', html)
        up = "../" * page.count("/")
        assert links == [
            '<a class="crossings-header-search" id="crossings-header-search"'
            f' href="{up}search-service.html?q=" aria-label="Search the archive">'
        ], page


def test_footer_has_no_outside_link(site: BuildResult) -> None:
    for page in ("index.html", "documents/th-report.html", "routes.html"):
        html = (site.outdir / page).read_text("utf-8")
        footer = html[html.index("<footer>") : html.index("</footer>")]
        assert re.findall(r'href="https?://', footer) == [], page
        assert "sphinx-doc.org" not in html and "pradyunsg" not in html, page


def test_translations_keep_only_the_messages_scripts_use(tmp_path: Path) -> None:
    static = tmp_path / "_static"
    static.mkdir()
    (static / "searchtools.js").write_text('const a = _("Search Results"); const b = "Searching";\n', "utf-8")
    messages = {"Search Results": "搜尋結果", "Searching": "搜尋中", "Unused message": "沒有用"}
    (static / "translations.js").write_text(
        f"Object.assign(Documentation.TRANSLATIONS, {json.dumps(messages, ensure_ascii=False)});\n"
        'Documentation.LOCALE = "zh_TW";\n',
        "utf-8",
    )
    trim_translations(static)
    text = (static / "translations.js").read_text("utf-8")
    assert "Unused message" not in text and "搜尋結果" in text and "搜尋中" in text
    assert text.endswith('Documentation.LOCALE = "zh_TW";\n')


def test_a_hop_counts_each_document_once() -> None:
    th_my_sg, th_my = Route(("TH", "MY", "SG")), Route(("TH", "MY"))
    routes = {
        th_my_sg: [Doc("a"), Doc("b")],
        th_my: [Doc("a"), Doc("c")],  # "a" describes two routes through TH>MY: it counts once there
    }
    counts = hop_counts(routes)
    assert counts[("TH", "MY")] == 3
    assert counts[("MY", "SG")] == 2
    dot = route_dot(routes, str, lambda code: "", "Routes")
    assert 'TH -> MY [label="3"' in dot and 'MY -> SG [label="2"' in dot


def test_routes_page_says_what_the_numbers_count(site: BuildResult) -> None:
    page = read(site.outdir / "routes.html")
    captions = [e for e in page.find("figcaption") if e.inside("crossings-routes")]
    assert captions and "how many documents" in captions[0].text
    svgs = [e for e in page.find("svg", "crossings-routes-svg") if e.attrs.get("role") == "img"]
    assert svgs and svgs[0].attrs.get("aria-label")
