"""The HTML site of the test-site root: browse pages, document pages, routes, safety, sitemap."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from crossings.archive import Archive
from crossings.catalog import DocumentMeta, Vocabularies
from crossings.catalog.frontmatter import read_document
from crossings.publish.sphinx_build import BuildResult, build_site
from tests.sphinx.htmltools import css_urls, documents_listed, external, read, target

pytestmark = pytest.mark.slow


def published(site: BuildResult) -> dict[str, DocumentMeta]:
    """Front matter of every staged (published) document, by docname."""
    found = {}
    for path in sorted((site.srcdir / "documents").glob("*.md")):
        meta, problems, _body = read_document(path, path.name)
        assert meta is not None, problems
        found[f"documents/{path.stem}"] = meta
    return found


def test_every_country_page_lists_exactly_its_documents(site: BuildResult) -> None:
    docs = published(site)
    countries = {c for meta in docs.values() for c in meta.countries}
    assert countries == {"TH", "HK", "CN", "MY", "SG"}
    for code in countries:
        expected = {name for name, meta in docs.items() if code in meta.countries}
        assert documents_listed(site.outdir, f"countries/{code.lower()}.html") == expected, code


def test_every_theme_page_lists_exactly_its_documents(site: BuildResult) -> None:
    docs = published(site)
    for theme in Vocabularies.load().themes:
        expected = {name for name, meta in docs.items() if theme.id in meta.themes}
        assert documents_listed(site.outdir, f"themes/{theme.id}.html") == expected, theme.id


def test_countries_index_groups_by_region_with_counts(site: BuildResult) -> None:
    page = read(site.outdir / "countries/index.html")
    sections = {s.attrs["id"]: s for s in page.find("section") if s.attrs.get("id", "").startswith("region-")}
    assert set(sections) == {"region-east-asia", "region-south-east-asia"}
    east = [a for a in page.find("a") if any(p.attrs.get("id") == "region-east-asia" for p in a.parents)]
    assert {a.attrs["href"] for a in east} == {"cn.html", "hk.html", "jp.html"}
    assert "Thailand (2)" in " ".join(sections["region-south-east-asia"].text.split())


def test_event_page_shows_sessions_in_order(site: BuildResult) -> None:
    page = read(site.outdir / "events/hk2001.html")
    order = [s.attrs["id"] for s in page.find("section") if s.attrs.get("id", "").startswith("session-")]
    assert order == ["session-s1-opening", "session-s2-routes"]
    assert documents_listed(site.outdir, "events/hk2001.html") == {
        "documents/opening",
        "documents/th-report",
        "documents/th-report-th",
        "documents/hk-report",
    }


def test_type_and_language_pages(site: BuildResult) -> None:
    assert documents_listed(site.outdir, "types/paper.html") == {"documents/my-health"}
    assert documents_listed(site.outdir, "languages/th.html") == {"documents/th-report-th"}


def test_document_page_has_citation_meta_tags(site: BuildResult) -> None:
    page = read(site.outdir / "documents/th-report.html")
    assert page.meta("citation_title") == ["Thailand: report"]
    assert page.meta("citation_author") == ["Ann Lee", "陳美 (Chan Mei)"]
    assert page.meta("citation_conference_title") == ["Building an Effective Network (Hong Kong 2001)"]
    assert page.meta("citation_publication_date") == ["2001/06/09"]
    assert page.meta("citation_date") == []
    assert page.meta("DC.language") == ["en"]
    # The archive's publisher (its settings), never an organisation of the event's vocabulary.
    assert page.meta("citation_publisher") == page.meta("DC.publisher") == ["Sample Press"]


def test_document_page_links_a_downloadable_bibtex(site: BuildResult) -> None:
    page = read(site.outdir / "documents/th-report.html")
    links = [a.attrs["href"] for a in page.find("a", "crossings-cite-bib")]
    assert links == ["../_cite/th-report.bib"]
    bib = (site.outdir / target("documents/th-report.html", links[0])).read_text("utf-8")
    assert bib.startswith("@inproceedings{th-report,")
    assert "Ann Lee" in bib
    assert "publisher = {Sample Press}" in bib and "address = {Sample Town}" in bib
    ris = (site.outdir / "_cite/th-report.ris").read_text("utf-8")
    assert "PB  - Sample Press\n" in ris and "CY  - Sample Town\n" in ris
    csl = (site.outdir / "_cite/th-report.json").read_text("utf-8")
    assert '"publisher": "Sample Press"' in csl


def test_metadata_panel_links_country_and_theme_pages(site: BuildResult) -> None:
    page = read(site.outdir / "documents/hk-report.html")
    hrefs = {a.attrs["href"] for a in page.find("a") if a.inside("crossings-panel")}
    assert {"../countries/hk.html", "../countries/cn.html", "../themes/law-and-policy.html"} <= hrefs
    assert all((site.outdir / target("documents/hk-report.html", h)).is_file() for h in hrefs)


def test_related_documents_and_translations(site: BuildResult) -> None:
    page = read(site.outdir / "documents/th-report.html")
    related = {
        target("documents/th-report.html", a.attrs["href"])
        for a in page.find("a")
        if a.inside("crossings-related")
    }
    assert related == {"documents/hk-report.html"}  # shares law-and-policy; the Thai version is a translation
    translations = {a.attrs["href"] for a in page.find("a") if a.inside("crossings-translations")}
    assert translations == {"th-report-th.html"}


def test_routes_page_draws_every_route(site: BuildResult) -> None:
    page = read(site.outdir / "routes.html")
    assert page.find("svg"), "no inline SVG"
    titles = {e.text for e in page.find("title")}
    assert {"TH", "MY", "SG", "JP", "HK", "CN"} <= titles
    labels = {e.text for e in page.find("text") if e.inside("node")}
    assert {"Thailand", "Malaysia", "Singapore", "Japan", "Hong Kong", "Mainland China"} <= labels
    for edge in ("TH->MY", "MY->SG", "TH->JP", "CN->HK", "TH->HK"):
        assert edge in titles, edge
    rows = page.find("tr")
    assert len(rows) == 1 + 4  # header + one row per distinct route


def test_country_page_shows_its_routes(site: BuildResult) -> None:
    page = read(site.outdir / "countries/my.html")
    titles = {e.text for e in page.find("title")}
    assert {"TH->MY", "MY->SG"} <= titles
    assert "CN->HK" not in titles


def test_list_directive_fills_hand_written_page(site: BuildResult) -> None:
    lists = documents_listed(site.outdir, "about.html", "crossings-list")
    assert lists == {"documents/th-report", "documents/th-report-th", "documents/hk-report"}


def test_home_page_links_browse_pages(site: BuildResult) -> None:
    page = read(site.outdir / "index.html")
    hrefs = {a.attrs["href"] for a in page.find("a") if a.inside("crossings-browse")}
    assert {"countries/index.html", "themes/index.html", "routes.html", "events/index.html"} <= hrefs
    sidebar = {a.attrs["href"] for a in page.find("a") if a.inside("crossings-sidebar-browse")}
    assert "countries/index.html" in sidebar


def all_pages(out: Path) -> list[Path]:
    """Every HTML page of a build."""
    return sorted(out.rglob("*.html"))


def test_site_loads_nothing_from_outside(site: BuildResult) -> None:
    for path in all_pages(site.outdir):
        for url in read(path).loads():
            assert not external(url), f"{path.relative_to(site.outdir)} loads {url}"
    for css in site.outdir.rglob("*.css"):
        for url in css_urls(css.read_text("utf-8")):
            assert not external(url), f"{css.relative_to(site.outdir)} loads {url}"


def test_quick_exit_is_first_on_every_page(site: BuildResult) -> None:
    for path in all_pages(site.outdir):
        page = read(path)
        controls = [
            e for e in page.elements if e.tag in {"a", "button", "input"} and not e.inside("visually-hidden")
        ]
        first, second = controls[0], controls[1]
        assert first.attrs.get("id") == "crossings-quick-exit", path
        assert first.attrs["href"] == "https://en.wikipedia.org/"
        # The safety page is next to it, in the same bar, and exists.
        assert second.attrs.get("id") == "crossings-safety-link" and second.inside("crossings-exit-bar"), path
        relative = path.relative_to(site.outdir).as_posix()
        href = second.attrs["href"]
        assert (site.outdir / (relative if href == "#" else target(relative, href))).is_file(), path
        scripts = [e.attrs.get("src", "").split("?")[0] for e in page.find("script")]
        # The search page loads its scripts joined in one file (crossings.sphinx.searchassets).
        joined = "".join(
            (path.parent / s).read_text("utf-8") for s in scripts if s.endswith("crossings-search-page.js")
        )
        for script in ("crossings-quick-exit.js", "crossings-one-entry.js"):
            found = any(s.endswith(script) for s in scripts) or f"/* _static/{script} */" in joined
            assert found, (path, script)
        assert page.meta("referrer") == ["no-referrer"], path


def test_restricted_document_is_nowhere(site: BuildResult) -> None:
    assert not (site.srcdir / "documents/testimony.md").exists()
    roots = [site.outdir, site.outdir.parent.parent / "doctrees"]
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file():
                assert b"CANARY-RESTRICTED" not in path.read_bytes(), path
    assert not (site.outdir / "countries/tw.html").exists()


def test_no_sources_and_doctrees_outside_output(site: BuildResult) -> None:
    assert not (site.outdir / "_sources").exists()
    assert not list(site.outdir.rglob("*.doctree"))
    assert list((site.outdir.parent.parent / "doctrees" / "html" / "en").rglob("*.doctree"))


def test_sitemap_and_robots(site: BuildResult) -> None:
    import xml.etree.ElementTree as ET

    tree = ET.parse(site.outdir / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    base = "https://archive.example.org/test/en/"  # crossings_base_url of the root, then the language
    locs = {e.text or "" for e in tree.getroot().findall("s:url/s:loc", ns)}
    assert all(loc.startswith(base) for loc in locs), locs  # absolute, as sitemaps.org requires
    pages = {loc.removeprefix(base) for loc in locs}
    assert {"index.html", "countries/th.html", "documents/th-report.html", "routes.html"} <= pages
    assert not any("testimony" in page for page in pages)
    assert all((site.outdir / page).is_file() for page in pages)
    robots = (site.outdir / "robots.txt").read_text("utf-8")
    assert robots.startswith("User-agent: *") and f"Sitemap: {base}sitemap.xml" in robots


def test_without_a_base_url_there_is_no_sitemap(make_root: Callable[[str], Archive]) -> None:
    archive = make_root("site")
    conf = archive.root / "conf.py"
    conf.write_text(
        conf.read_text("utf-8").replace("crossings_base_url =", "# crossings_base_url ="), "utf-8"
    )
    built = build_site(archive)
    assert (built.outdir / "index.html").is_file()
    assert not (built.outdir / "sitemap.xml").exists()
    assert "Sitemap:" not in (built.outdir / "robots.txt").read_text("utf-8")


def test_build_has_no_warnings(site: BuildResult) -> None:
    assert site.warnings == []


def test_sidebar_lists_pages_not_every_document(site: BuildResult) -> None:
    page = read(site.outdir / "documents/th-report.html")
    sidebar = [a.attrs["href"] for a in page.find("a") if a.inside("sidebar-tree")]
    assert "../about.html" in sidebar and "../countries/index.html" in sidebar
    assert not [href for href in sidebar if "documents/" in href or href.endswith("-report.html")]
