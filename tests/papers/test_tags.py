"""The page tags of one citation, read as Google Scholar and Zotero read them (no build)."""

from __future__ import annotations

from crossings.catalog import DocumentMeta
from crossings.sphinx.cite import Citation, PageTags, meta_html
from tests.papers.readers import meta_tags, scholar_problems, values, zotero_item

URL = "https://archive.example.org/documents/th-report.html"
META = DocumentMeta(
    id="th-report",
    title="Thailand: report",
    type="country-report",
    event="hk2001",
    authors=("Ann Lee", "陳美 (Chan Mei)"),
    language="en",
    date="2001-06-09",
    themes=("migration-routes",),
)
CITE = Citation(
    META, conference="Building an Effective Network", publisher="Sample Press", place="Sample Town", url=URL
)
PAGE = PageTags(
    proceedings="Proceedings test archive",
    pdf_url="https://archive.example.org/documents/th-report.pdf",
    keywords=("Migration routes", "Thailand", "Migration routes"),
)


def page(cite: Citation = CITE, tags: PageTags = PAGE) -> str:
    """A page head holding the tags."""
    return f"<html><head>{meta_html(cite, tags)}</head><body></body></html>"


def test_scholar_finds_everything_once() -> None:
    tags = meta_tags(page())
    assert scholar_problems(tags, URL) == []
    assert values(tags, "citation_author") == ["Ann Lee", "陳美 (Chan Mei)"]
    assert values(tags, "citation_publication_date") == ["2001/06/09"]
    assert values(tags, "citation_keywords") == ["Migration routes", "Thailand"]  # each once


def test_scholar_reader_objects_to_a_pdf_elsewhere() -> None:
    elsewhere = PageTags(pdf_url="https://archive.example.org/_papers/th-report.pdf")
    problems = scholar_problems(meta_tags(page(tags=elsewhere)), URL)
    assert len(problems) == 1 and problems[0].startswith("PDF https://archive.example.org/_papers/")


def test_no_pdf_tag_without_a_pdf() -> None:
    assert values(meta_tags(page(tags=PageTags())), "citation_pdf_url") == []


def test_zotero_makes_a_conference_paper() -> None:
    item = zotero_item(meta_tags(page()))
    assert item.item_type == "conferencePaper"
    assert item.fields["conferenceName"] == "Building an Effective Network"
    assert item.fields["proceedingsTitle"] == "Proceedings test archive"
    assert item.fields["place"] == "Sample Town"
    assert item.fields["date"] == "2001/06/09"
    assert item.fields["url"] == URL
    assert item.fields["language"] == "en"
    assert item.fields["publisher"] == "Sample Press"
    assert item.creators == ["Ann Lee", "陳美 (Chan Mei)"]
    assert item.attachments == [PAGE.pdf_url]


def test_without_an_event_zotero_does_not_call_it_a_conference_paper() -> None:
    item = zotero_item(meta_tags(page(Citation(META, url=URL), PageTags())))
    assert item.item_type != "conferencePaper"
    assert "conferenceName" not in item.fields
