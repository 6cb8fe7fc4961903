"""The demo archive of the repository: every country and theme page lists exactly what the catalog says."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from crossings.archive import Archive
from crossings.catalog import DocumentMeta
from crossings.catalog.load import load_catalog
from crossings.publish.sphinx_build import BuildResult, build_site
from tests.sphinx.htmltools import documents_listed, read

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
PARTS = ("conf.py", "source", "vocabularies", "reports", "locales")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Archive, BuildResult]:
    """A copy of the demo archive (without its build/ or ingested documents), ingested and built once."""
    root = tmp_path_factory.mktemp("demo") / "archive"
    for name in PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("documents"))
        elif source.is_file():
            root.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    ingest = subprocess.run(
        [sys.executable, "-m", "crossings", "ingest", "--archive", str(root)], capture_output=True, text=True
    )
    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    archive = Archive.at(root)
    return archive, build_site(archive)


def public_documents(archive: Archive) -> list[DocumentMeta]:
    """Catalogued public documents that ingest has written."""
    catalog = load_catalog(archive, check_files=False)
    return [d for d in catalog.documents if not d.restricted and (archive.documents / f"{d.id}.md").is_file()]


def test_country_and_theme_pages_match_the_catalog(demo: tuple[Archive, BuildResult]) -> None:
    archive, site = demo
    docs = public_documents(archive)
    assert docs
    for code in {c for d in docs for c in d.countries}:
        expected = {f"documents/{d.id}" for d in docs if code in d.countries}
        assert documents_listed(site.outdir, f"countries/{code.lower()}.html") == expected, code
    for theme in {t for d in docs for t in d.themes}:
        expected = {f"documents/{d.id}" for d in docs if theme in d.themes}
        assert documents_listed(site.outdir, f"themes/{theme}.html") == expected, theme


def test_routes_page_draws_every_demo_route(demo: tuple[Archive, BuildResult]) -> None:
    archive, site = demo
    page = read(site.outdir / "routes.html")
    assert page.find("svg")
    edges = {e.text for e in page.find("title")}
    for doc in public_documents(archive):
        for route in doc.routes:
            for start, end in zip(route.stops, route.stops[1:], strict=False):
                assert f"{start}->{end}" in edges, f"{doc.id}: {route}"


def test_restricted_demo_documents_are_not_published(demo: tuple[Archive, BuildResult]) -> None:
    archive, site = demo
    catalog = load_catalog(archive, check_files=False)
    for doc in catalog.documents:
        if doc.restricted:
            assert not (site.outdir / "documents" / f"{doc.id}.html").exists(), doc.id
            assert not (site.outdir / "_cite" / f"{doc.id}.bib").exists(), doc.id
