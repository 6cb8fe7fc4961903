"""End to end, as an editor works: a hand-edited document is withdrawn and a title corrected in the catalog.

Real originals through real `crossings ingest` (pandoc), `build all` (Sphinx, xelatex, EPUB),
`index` (Whoosh) and `search`. After the catalog says restricted, nothing of the document is in
any public artifact, and the internal edition still has it; the corrected title is what the H1,
the page title, search results and the PDF show.
"""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from crossings.catalog.csvfile import write_catalog
from crossings.catalog.model import COLUMNS
from crossings.init import create_archive
from tests.editions.artifacts import artifact_texts, holding, normal, pdf_text

pytestmark = pytest.mark.slow

ORIGINAL_SENTENCE = "The volunteers met every Thursday behind the noodle stall near the ferry pier."
EDITED_SENTENCE = "The editor added that the clinic opened its side door after midnight for them."
WITHDRAWN_TITLE = "Notes on the ferry pier outreach (sample)"
OLD_TITLE = "Notes from the night market (sample)"
NEW_TITLE = "Outreach notes: the night market revisited (sample)"


def row(file: str, doc_id: str, title: str, access: str = "public") -> dict[str, str]:
    values = dict.fromkeys(COLUMNS, "")
    values.update(file=file, id=doc_id, title=title, type="paper", language="en", access=access)
    values.update(
        countries="TH", themes="organising-and-networks", date="2001-06-16", authors="Sample Author"
    )
    return values


def crossings(root: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "crossings", *args, "--archive", str(root)], capture_output=True, text=True
    )
    assert done.returncode == 0, f"crossings {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


class Headings(HTMLParser):
    """The text of the page's <title> and <h1>."""

    def __init__(self) -> None:
        super().__init__()
        self.open: str | None = None
        self.found: dict[str, str] = {"title": "", "h1": ""}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.found and not self.found[tag]:
            self.open = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self.open:
            self.open = None

    def handle_data(self, data: str) -> None:
        if self.open:
            self.found[self.open] += data


def headings(page: Path) -> dict[str, str]:
    parser = Headings()
    parser.feed(page.read_text("utf-8"))
    return {key: " ".join(value.replace("#", "").split()) for key, value in parser.found.items()}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Published once with both documents public; then edited, restricted, retitled and republished."""
    root = tmp_path_factory.mktemp("withdrawal") / "archive"
    create_archive(root, "Withdrawal test", contact="archive@example.org")  # OAI-PMH on: /oai, oai-static.xml
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\ncrossings_base_url = "https://archive.example.org/"\n')  # for sitemap.xml
    (root / "reports" / "papers").mkdir()
    (root / "reports" / "papers" / "pier.txt").write_text(
        f"{ORIGINAL_SENTENCE}\n\nThey brought leaflets in three languages.\n", "utf-8"
    )
    (root / "reports" / "papers" / "market.md").write_text(
        "Outreach at the night market went on all year.\n", "utf-8"
    )
    rows = [row("papers/pier.txt", "pier", WITHDRAWN_TITLE), row("papers/market.md", "market", OLD_TITLE)]
    write_catalog(root / "reports" / "catalog.csv", rows)
    crossings(root, "ingest")
    crossings(root, "build", "all")
    crossings(root, "index")
    assert holding(root / "build" / "public", ORIGINAL_SENTENCE)  # published first, as in real life
    crossings(root, "export", "archive")  # and handed out: the bulk download and an offline bundle
    crossings(root, "bundle", "--lang", "en")
    handed_out = holding(root / "build" / "public", ORIGINAL_SENTENCE)
    assert any(name.startswith("export/") for name in handed_out), handed_out
    assert any(name.startswith("bundle/") for name in handed_out), handed_out

    document = root / "source" / "documents" / "pier.md"
    document.write_text(document.read_text("utf-8") + f"\n{EDITED_SENTENCE}\n", "utf-8")  # the editor's hand
    rows = [
        row("papers/pier.txt", "pier", WITHDRAWN_TITLE, "restricted"),
        row("papers/market.md", "market", NEW_TITLE),
    ]
    write_catalog(root / "reports" / "catalog.csv", rows)
    report = json.loads(crossings(root, "ingest", "--json"))
    statuses = {doc["id"]: doc["status"] for doc in report["documents"]}
    assert statuses == {"pier": "metadata-updated", "market": "updated"}
    crossings(root, "build", "all")
    crossings(root, "index")
    crossings(root, "build", "html", "--edition", "internal")
    crossings(root, "index", "--edition", "internal")
    return root


@pytest.mark.parametrize("text", [ORIGINAL_SENTENCE, EDITED_SENTENCE, WITHDRAWN_TITLE, "documents/pier"])
def test_nothing_of_the_withdrawn_document_is_in_any_public_artifact(archive: Path, text: str) -> None:
    assert holding(archive / "build" / "public", text) == []


def test_what_was_handed_out_before_the_withdrawal_is_gone(archive: Path) -> None:
    """The zips made before the catalog said restricted (the bulk download, the offline bundle)
    hold the document: the first build under the new protection state removes them."""
    assert not (archive / "build" / "public" / "export").exists()
    assert not (archive / "build" / "public" / "bundle").exists()


def test_every_kind_of_public_artifact_was_looked_at(archive: Path) -> None:
    names = list(artifact_texts(archive / "build" / "public"))
    for kind in ("html/en/documents/market.html", "searchindex.js", "objects.inv", "sitemap.xml", ".pdf"):
        assert any(kind in name for name in names), kind
    for kind in (
        ".epub!",
        "corpus/en.jsonl",
        "src/en/documents/market.md",
        "_cite/market.ris",
        "oai/en.json",
        "_cite/all_documents.bib",
    ):
        assert any(kind in name for name in names), kind
    for kind in ("html/en/oai-static.xml",):
        assert any(kind in name for name in names), kind
    assert "search (stored fields)" in names


def test_the_oai_records_drop_the_withdrawn_document_from_public_only(archive: Path) -> None:
    for edition, expected in (("public", {"market"}), ("internal", {"market", "pier"})):
        records = json.loads((archive / "build" / edition / "oai" / "en.json").read_text("utf-8"))
        assert {record["id"] for record in records["records"]} == expected, edition
    public = json.loads((archive / "build" / "public" / "oai" / "en.json").read_text("utf-8"))
    titles = [f["value"] for f in public["records"][0]["fields"] if f["name"] == "title"]
    assert titles == [NEW_TITLE]


def test_the_leak_scan_and_the_catalog_check_agree(archive: Path) -> None:
    crossings(archive, "check", "--leaks")
    crossings(archive, "check")  # no disagreement is left after ingest


def test_search_no_longer_finds_it_in_public_but_does_in_internal(archive: Path) -> None:
    public = json.loads(crossings(archive, "search", "noodle", "--json"))
    assert public["total"] == 0
    internal = json.loads(crossings(archive, "search", "noodle", "--edition", "internal", "--json"))
    assert [hit["id"] for hit in internal["hits"]] == ["pier"]


def test_the_internal_edition_still_has_the_edited_text(archive: Path) -> None:
    page = archive / "build" / "internal" / "html" / "en" / "documents" / "pier.html"
    text = normal(page.read_text("utf-8"))
    assert normal(ORIGINAL_SENTENCE) in text and normal(EDITED_SENTENCE) in text


def test_the_corrected_title_is_the_h1_the_page_title_and_the_search_title(archive: Path) -> None:
    found = headings(archive / "build" / "public" / "html" / "en" / "documents" / "market.html")
    assert found["h1"] == NEW_TITLE
    assert found["title"].startswith(NEW_TITLE)
    answer = json.loads(crossings(archive, "search", "night market", "--json"))
    assert {hit["title"] for hit in answer["hits"] if hit["id"] == "market"} == {NEW_TITLE}


def test_the_corrected_title_is_in_the_pdf_and_the_old_one_nowhere(archive: Path) -> None:
    (pdf,) = (archive / "build" / "public" / "latex" / "en").glob("*.pdf")
    assert normal(NEW_TITLE) in normal(pdf_text(pdf))
    assert holding(archive / "build" / "public", OLD_TITLE) == []
