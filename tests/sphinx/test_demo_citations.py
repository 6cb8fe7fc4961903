"""The demo archive's citation files, read back the way reference managers read them.

The demo is ingested and built in English and Thai. Every per-document file and the whole
site's files (``_cite/all_documents.*``) are parsed by bibtexparser, rispy, json and
citeproc-py; their documents are exactly the catalogue's public ones; a real ``crossings serve``
gives them their media types and download names.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import rispy

from crossings.archive import Archive
from crossings.catalog import DocumentMeta
from crossings.catalog.load import load_catalog
from crossings.publish.sphinx_build import BuildResult, build_site
from tests.citations import read_bibtex_entries, render_csl
from tests.serving import crossings_serve, serving
from tests.sphinx.htmltools import read, target

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
PARTS = ("conf.py", "source", "vocabularies", "reports", "locales")
BASE = "https://crossings.example.org/"  # crossings_base_url of the demo's conf.py
BIBTEX_FIELDS = {"title", "author", "booktitle", "year", "month", "publisher", "address", "language", "url"}


@dataclass
class Demo:
    archive: Archive
    sites: dict[str, BuildResult]  # language folder -> its build


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """A copy of the demo archive, ingested and built in English and Thai."""
    root = tmp_path_factory.mktemp("demo-cite") / "archive"
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
    return Demo(archive, {lang: build_site(archive, lang=lang) for lang in ("en", "th")})


def public_documents(archive: Archive) -> dict[str, DocumentMeta]:
    """Catalogued public documents that ingest has written, by id."""
    catalog = load_catalog(archive, check_files=False)
    return {
        d.id: d
        for d in catalog.documents
        if not d.restricted and (archive.documents / f"{d.id}.md").is_file()
    }


def event_row(archive: Archive, event: str) -> dict[str, str]:
    """The row of *event* in the demo's vocabularies/events.csv."""
    with (archive.root / "vocabularies" / "events.csv").open(encoding="utf-8", newline="") as handle:
        return next(row for row in csv.DictReader(handle) if row["id"] == event)


def page_of(url: str, lang: str) -> str:
    """The output-relative page an absolute citation URL names in the *lang* site."""
    prefix = f"{BASE}{lang}/"
    assert url.startswith(prefix), url
    return url.removeprefix(prefix)


@pytest.mark.parametrize("lang", ["en", "th"])
def test_every_bibtex_file_is_an_inproceedings_with_what_a_reference_manager_needs(
    demo: Demo, lang: str
) -> None:
    site = demo.sites[lang].outdir
    documents = public_documents(demo.archive)
    assert documents
    for doc_id, meta in documents.items():
        (entry,) = read_bibtex_entries((site / "_cite" / f"{doc_id}.bib").read_text("utf-8"))
        assert entry["ENTRYTYPE"] == "inproceedings" and entry["ID"] == doc_id
        assert set(entry) - {"ID", "ENTRYTYPE"} == BIBTEX_FIELDS, doc_id
        assert entry["month"] == int(meta.date[5:7]) and entry["year"] == str(meta.year)
        url = str(entry["url"])
        assert url == f"{BASE}{lang}/documents/{doc_id}.html"
        assert (site / page_of(url, lang)).is_file()


@pytest.mark.parametrize("lang", ["en", "th"])
def test_every_ris_file_is_a_conference_paper_with_proceedings_and_url(demo: Demo, lang: str) -> None:
    site = demo.sites[lang].outdir
    for doc_id, meta in public_documents(demo.archive).items():
        (record,) = rispy.loads((site / "_cite" / f"{doc_id}.ris").read_text("utf-8"))
        assert record["type_of_reference"] == "CPAPER" and record["id"] == doc_id
        assert record["secondary_title"] and record["title"] == meta.title
        assert record["urls"] == [f"{BASE}{lang}/documents/{doc_id}.html"]
        assert record["date"] == meta.date.replace("-", "/") + "/"
        assert re.fullmatch(r"\d{4}/\d{2}/\d{2}/", record["date"]) and record["year"] == str(meta.year)
        assert record["place_published"] and record["publisher"] and record["language"] == meta.language


def test_csl_json_names_the_proceedings_in_the_readers_language(demo: Demo) -> None:
    event = event_row(demo.archive, "hk-2001")
    for lang, label, place in (("en", event["en"], event["place"]), ("th", event["th"], event["place_th"])):
        site = demo.sites[lang].outdir
        for doc_id, meta in public_documents(demo.archive).items():
            (item,) = json.loads((site / "_cite" / f"{doc_id}.json").read_text("utf-8"))
            assert item["type"] == "paper-conference" and item["id"] == doc_id
            assert item["container-title"] == item["event-title"] == label, (lang, doc_id)
            assert item["event-place"] == place
            assert item["publisher"] and item["publisher-place"]
            assert item["URL"] == f"{BASE}{lang}/documents/{doc_id}.html"
            assert item["language"] == meta.language
            assert item["issued"] == {"date-parts": [[int(p) for p in meta.date.split("-")]]}


@pytest.mark.parametrize("lang", ["en", "th"])
def test_the_whole_sites_files_hold_exactly_the_public_documents_sorted(demo: Demo, lang: str) -> None:
    site = demo.sites[lang].outdir
    expected = sorted(public_documents(demo.archive))
    restricted = [d.id for d in load_catalog(demo.archive, check_files=False).documents if d.restricted]
    assert restricted  # the demo has some: they must be nowhere
    bib = (site / "_cite/all_documents.bib").read_text("utf-8")
    entries = read_bibtex_entries(bib)
    assert [e["ID"] for e in entries] == expected
    assert all(e["ENTRYTYPE"] == "inproceedings" for e in entries)
    ris = (site / "_cite/all_documents.ris").read_text("utf-8")
    assert [r["id"] for r in rispy.loads(ris)] == expected
    csl = (site / "_cite/all_documents.json").read_text("utf-8")
    assert [i["id"] for i in json.loads(csl)] == expected
    for doc_id in expected:  # the same citation as the document's own file
        assert (site / "_cite" / f"{doc_id}.bib").read_text("utf-8") in bib
        assert (site / "_cite" / f"{doc_id}.ris").read_text("utf-8") in ris
    for text in (bib, ris, csl):
        assert not any(doc_id in text for doc_id in restricted)
    per_document = {p.stem for p in (site / "_cite").iterdir()} - {"all_documents"}
    assert per_document == set(expected)


def test_the_whole_site_renders_in_a_standard_citation_style(demo: Demo) -> None:
    documents = public_documents(demo.archive)
    rendered = render_csl((demo.sites["en"].outdir / "_cite/all_documents.json").read_text("utf-8"))
    assert len(rendered) == len(documents)
    for doc_id, meta in documents.items():
        (entry,) = [text for text in rendered if f"{BASE}en/documents/{doc_id}.html" in text]
        assert meta.title in entry and "Hong Kong" in entry and "2001" in entry


@pytest.mark.parametrize("lang", ["en", "th"])
def test_pages_link_the_citation_files_with_download_names(demo: Demo, lang: str) -> None:
    site = demo.sites[lang].outdir
    doc_id = sorted(public_documents(demo.archive))[0]
    page = f"documents/{doc_id}.html"
    links = {
        a.attrs["download"]: target(page, a.attrs["href"])
        for a in read(site / page).find("a")
        if a.inside("crossings-cite")
    }
    assert links == {
        f"{doc_id}.bib": f"_cite/{doc_id}.bib",
        f"{doc_id}.ris": f"_cite/{doc_id}.ris",
        f"{doc_id}.csl.json": f"_cite/{doc_id}.json",
    }
    for page in ("index.html", "browse.html", "search-service.html"):
        found = {
            a.attrs["download"]: target(page, a.attrs["href"])
            for a in read(site / page).find("a")
            if a.inside("crossings-cite-all")
        }
        assert found == {
            f"all_documents-{lang}.bib": "_cite/all_documents.bib",
            f"all_documents-{lang}.ris": "_cite/all_documents.ris",
            f"all_documents-{lang}.csl.json": "_cite/all_documents.json",
        }, page
        assert all((site / path).is_file() for path in found.values())
    label = read(site / "browse.html").find("p", "crossings-cite-all")
    assert label  # the label is in the site's language (crossings/locale), never English in Thai
    text = (site / "browse.html").read_text("utf-8")
    assert ("Citations of every document" in text) == (lang == "en")


MEDIA_TYPES = {
    "bib": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "json": "application/vnd.citationstyles.csl+json; charset=utf-8",
}


def test_a_running_server_gives_citations_their_media_types_and_names(demo: Demo) -> None:
    doc_id = sorted(public_documents(demo.archive))[0]
    with serving(crossings_serve(demo.archive.root), "/healthz") as served, httpx.Client() as client:
        for lang in ("en", "th"):
            for stem, name in ((doc_id, doc_id), ("all_documents", f"all_documents-{lang}")):
                for extension, media_type in MEDIA_TYPES.items():
                    url = f"{served.base}/{lang}/_cite/{stem}.{extension}"
                    response = client.get(url, headers={"accept-encoding": "gzip"})
                    assert response.status_code == 200, url
                    assert response.headers["content-type"] == media_type, url
                    saved = name + (".csl.json" if extension == "json" else f".{extension}")
                    assert response.headers["content-disposition"] == f'attachment; filename="{saved}"'
                    assert response.headers["x-content-type-options"] == "nosniff"
                    assert "content-security-policy" in response.headers
                    built = demo.sites[lang].outdir / "_cite" / f"{stem}.{extension}"
                    assert response.content == built.read_bytes()  # httpx undid the compression
                    if len(response.content) >= 500:
                        assert response.headers["content-encoding"] == "gzip", url
        page = client.get(f"{served.base}/en/documents/{doc_id}.html")
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert "content-disposition" not in page.headers
