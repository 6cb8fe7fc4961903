"""The parallel view of two small built pages: nothing of either page is dropped (footnotes,
glossaries, displayed formulas), and the combined page is one valid page: every id once, each
footnote link landing on its own side, each section's anchor on its row."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from crossings.archive import Archive
from crossings.catalog.frontmatter import dump
from crossings.languages import get
from crossings.parallel.align import align, page_sections
from crossings.parallel.page import parallel_article
from crossings.parallel.pages import Pair, find_pairs, parallel_name, write_parallel


def page(title: str, text: str, note: str, term: str) -> str:
    """A document page as Sphinx and MyST build it: a footnote (its list after the document's
    section), a displayed formula and a glossary."""
    return (
        '<html><body><article role="main"><section id="doc"><h1>'
        f'{title}<a class="headerlink" href="#doc">#</a></h1>'
        f'<p>{text}<a class="footnote-reference brackets" href="#id2" id="id1" role="doc-noteref">1</a></p>'
        f'<section id="part"><h2>{title} 2</h2><div class="math notranslate nohighlight">\\[x^2\\]</div>'
        f'<dl class="glossary simple"><dt id="term-0">{term}</dt><dd><p>{term}.</p></dd></dl>'
        '<p><a class="reference internal" href="#part">back</a></p></section></section>'
        '<aside class="footnote-list brackets"><aside class="footnote brackets" id="id2" role="doc-footnote">'
        '<span class="label"><a role="doc-backlink" href="#id1">1</a></span>'
        f"<p>{note}</p></aside></aside></article></body></html>"
    )


ENGLISH = page("Notes", "We met.", "The English footnote.", "Outreach worker")
THAI = page("บันทึก", "เราพบกัน", "เชิงอรรถภาษาไทย", "ผู้ทำงานภาคสนาม")


def view() -> BeautifulSoup:
    """The parallel view's article of the two pages."""
    alignment = align(page_sections(ENGLISH), page_sections(THAI))
    html = parallel_article("บันทึก", alignment, get("en"), get("th"), ("a.html", "b.html"), get("th"))
    return BeautifulSoup(html, "html.parser")


def test_footnotes_glossaries_and_formulas_are_shown_on_both_sides() -> None:
    """Every passage of either page is in the view, on its side, still paragraph by paragraph."""
    alignment = align(page_sections(ENGLISH), page_sections(THAI))
    assert alignment.by == "paragraph"
    soup = view()
    english = " ".join(div.get_text() for div in soup.select(".pair > .original"))
    thai = " ".join(div.get_text() for div in soup.select(".pair > .translation"))
    for words in ("The English footnote.", "Outreach worker", "x^2"):
        assert words in english
    for words in ("เชิงอรรถภาษาไทย", "ผู้ทำงานภาคสนาม", "x^2"):
        assert words in thai


def test_every_id_is_once_on_the_page_and_every_link_lands_on_its_own_side() -> None:
    """Both pages number their footnotes alike: the view's ids are unique, a footnote reference
    leads to the footnote of its own side and back, and a section's link lands on its row."""
    soup = view()
    ids = Counter(str(tag["id"]) for tag in soup.find_all(id=True))
    assert [key for key, count in ids.items() if count > 1] == []
    for link in soup.find_all("a", href=True):
        href = str(link["href"])
        if not href.startswith("#"):
            continue
        target = soup.find(id=href[1:])
        assert target is not None, href
        side = link.find_parent(class_=["original", "translation"])
        held = target.find_parent(class_=["original", "translation"])
        if held is not None:
            assert side is not None and held["class"] == side["class"], href
    row = soup.find(id="part")
    assert row is not None and "heading" in row["class"]


def test_only_translations_are_paired_with_a_document(tmp_path: Path) -> None:
    """``report-th`` (in Thai) and ``notes-thai`` (``translation_of: report``) translate
    ``report``; ``report-annex``, in Thai too, is a document of its own and gets no view."""
    archive = Archive(tmp_path)
    languages = {"report": "en", "report-th": "th", "notes-thai": "th", "report-annex": "th"}
    for doc, tag in languages.items():
        data: dict[str, object] = {"id": doc, "title": doc, "language": tag}
        if doc == "notes-thai":
            data["translation_of"] = "report"
        archive.documents.mkdir(parents=True, exist_ok=True)
        (archive.documents / f"{doc}.md").write_text(dump(data) + f"# {doc}\n", "utf-8")
        built = tmp_path / "html" / "en" / "documents" / f"{doc}.html"
        built.parent.mkdir(parents=True, exist_ok=True)
        built.write_text(ENGLISH, "utf-8")
    pairs = find_pairs(archive, tmp_path / "html", get("en"), languages)
    assert sorted((pair.original.stem, pair.doc) for pair in pairs) == [
        ("report", "notes-thai"),
        ("report", "report-th"),
    ]


def sections_page(*headings: tuple[str, str]) -> str:
    """A page of one section per (id, heading), each with one paragraph naming its heading."""
    inner = "".join(
        f'<section id="{key}"><h2>{text}</h2><p>{text} text.</p></section>' for key, text in headings
    )
    return f'<article role="main"><section id="top"><h1>Top</h1>{inner}</section></article>'


def test_two_documents_pair_their_sections_in_order_not_by_chance_ids() -> None:
    """``x`` and ``x-th`` are two documents: a heading of ``x`` written in Thai gets ``id1``, as
    does the first heading of ``x-th``; their sections pair in order, not by that id."""
    english = sections_page(("background", "Background"), ("id1", "ทางกลับ"), ("law", "Law"))
    thai = sections_page(("id1", "ภูมิหลัง"), ("id2", "ทางกลับ"), ("id3", "กฎหมาย"))
    alignment = align(page_sections(english), page_sections(thai), same_document=False)
    pairs = [(row.original, row.translation) for row in alignment.rows if row.heading]
    assert pairs[1:] == [(["Background"], ["ภูมิหลัง"]), (["ทางกลับ"], ["ทางกลับ"]), (["Law"], ["กฎหมาย"])]


def test_two_documents_with_different_sections_are_shown_whole_and_the_view_says_so() -> None:
    """A translation that leaves a section out cannot be paired section by section without
    guessing: both are shown whole, every passage kept, and the page says why."""
    english = sections_page(("background", "Background"), ("routes", "Routes"), ("law", "Law"))
    thai = sections_page(("id1", "ภูมิหลัง"), ("id2", "กฎหมาย"))
    alignment = align(page_sections(english), page_sections(thai), same_document=False)
    assert alignment.by == "document" and len(alignment.rows) == 1
    html = parallel_article("T", alignment, get("en"), get("th"), ("a.html", "b.html"), get("th"))
    soup = BeautifulSoup(html, "html.parser")
    assert "Routes text." in soup.select_one(".pair > .original").get_text()
    assert "กฎหมาย text." in soup.select_one(".pair > .translation").get_text()
    note = soup.select_one(".crossings-parallel-note")
    assert note is not None and "ไม่ได้จัดคู่" in note.get_text()


def built(path: Path, site: str, lang: str, title: str) -> Path:
    """A built page of the site in *site* holding a document in *lang* titled *title*."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'<html lang="{site}"><head><title>{title}</title></head><body><article role="main" lang="{lang}">'
        f'<section id="top"><h1>{title}</h1><p>{title}.</p></section></article></body></html>',
        "utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("original", "site", "expected"),
    [
        ("en", "en", "Route notes (Side by side: English original and Thai translation)"),
        ("zh-Hant", "en", "Side by side: Chinese (Traditional, Taiwan) original and Thai translation"),
    ],
)
def test_the_title_is_in_the_language_of_the_page(
    tmp_path: Path, original: str, site: str, expected: str
) -> None:
    """``x`` and ``x-th`` shown in the English site: the page is English (``<html lang>``), so its
    ``<title>`` is the English original's title, or only the label when neither side is English;
    the view's heading carries the language of the title it shows."""
    titles = {"en": "Route notes", "zh-Hant": "路線筆記"}
    documents = tmp_path / "html" / site / "documents"
    first = built(documents / "x.html", site, original, titles[original])
    second = built(documents / "x-th.html", site, "th", "บันทึกเส้นทาง")
    pair = Pair("x-th", first, get(original), second, get("th"), get(site))
    write_parallel(pair, documents)
    soup = BeautifulSoup((documents / parallel_name(pair)).read_text("utf-8"), "html.parser")
    assert soup.html is not None and soup.html["lang"] == site
    assert soup.title is not None and soup.title.get_text() == expected
    heading = soup.select_one(".crossings-parallel-view > h1")
    assert heading is not None
    assert (heading.get_text(), heading["lang"]) in {(titles[original], original), ("บันทึกเส้นทาง", "th")}
    if original == site:
        assert (heading.get_text(), heading["lang"]) == (titles[original], original)


def boxes(lang: str, related: str, cite: str) -> str:
    """The boxes a site adds to a document page, in the interface language *lang*."""
    return (
        f'<article role="main"><section id="top"><h1>T</h1><p>{lang} text.</p>'
        f'<div class="crossings-panel docutils container"><dl><dt>Countries</dt><dd>TH</dd></dl></div>'
        f'<div class="crossings-related docutils container"><p class="rubric">{related}</p>'
        '<ul class="simple"><li><p><a href="other.html">Other document</a></p></li></ul></div>'
        f'<div class="crossings-cite docutils container"><p class="rubric">{cite}</p></div>'
        "</section></article>"
    )


def test_the_sites_boxes_are_not_passages() -> None:
    """The original comes from the English site: its "Related documents" and "Cite this" boxes
    are interface, not text, and must not show in English in the Thai site's view."""
    english = boxes("en", "Related documents", "Cite this")
    thai = boxes("th", "เอกสารที่เกี่ยวข้อง", "อ้างอิงเอกสารนี้")
    sections = page_sections(english)
    assert [section.passages for section in sections] == [["<p>en text.</p>"]]
    alignment = align(sections, page_sections(thai))
    html = parallel_article("T", alignment, get("en"), get("th"), ("a.html", "b.html"), get("th"))
    assert "Related documents" not in html and "Cite this" not in html and "Countries" not in html


def test_footnotes_of_a_page_in_another_language_than_its_site_are_kept() -> None:
    """A document in another language than its site's is wrapped in ``<div lang>``, and so are
    its footnotes: they are passages all the same."""
    wrapped = THAI.replace('<article role="main">', '<article role="main"><div lang="th">').replace(
        "</article>", "</div></article>"
    )
    sections = page_sections(wrapped)
    assert "เชิงอรรถภาษาไทย" in "".join(sections[-1].passages)


@pytest.mark.parametrize("thai_sections", [3, 2])
def test_every_section_anchor_of_either_document_is_a_target_once(thai_sections: int) -> None:
    """The view is made from the translation's page, whose contents link to its own sections
    (``#id2``); links inside the original lead to the original's (``#law``): both land on the
    view, each id once, whether the sections pair or the documents are shown whole."""
    english = sections_page(("background", "Background"), ("id1", "ทางกลับ"), ("law", "Law"))
    thai = sections_page(*[(f"id{n}", f"ส่วน {n}") for n in range(1, thai_sections + 1)])
    alignment = align(page_sections(english), page_sections(thai), same_document=False)
    html = parallel_article("T", alignment, get("en"), get("th"), ("a.html", "b.html"), get("th"))
    ids = Counter(str(tag["id"]) for tag in BeautifulSoup(html, "html.parser").find_all(id=True))
    expected = {"top", "background", "law", *(f"id{n}" for n in range(1, thai_sections + 1))}
    assert expected <= set(ids) and max(ids.values()) == 1


def test_a_passage_the_catalogue_leaves_untranslated_keeps_the_originals_language() -> None:
    """A catalogue translated in part: its untranslated paragraph is the English text, so the
    translation's side marks it English, not Thai; the translated ones stay Thai."""
    english = sections_page(("background", "Background"), ("law", "Law"))
    thai = sections_page(("background", "ภูมิหลัง"), ("law", "Law"))
    alignment = align(page_sections(english), page_sections(thai))
    html = parallel_article("T", alignment, get("en"), get("th"), ("a.html", "b.html"), get("th"))
    cells = {div.get_text(): div["lang"] for div in BeautifulSoup(html, "html.parser").select(".translation")}
    assert cells["Law text."] == "en" and cells["Law"] == "en"
    assert cells["ภูมิหลัง text."] == "th"


def test_a_document_with_several_first_level_headings_is_shown_whole() -> None:
    """A Word file with several "Heading 1" parts becomes sections side by side at the top: the
    second and later ones are passages of the view too."""
    page = (
        '<article role="main"><section id="one"><h1>One</h1><p>First part.</p></section>'
        '<section id="two"><h1>Two</h1><p>Second part.</p><section id="three"><h2>Three</h2>'
        "<p>Third part.</p></section></section></article>"
    )
    sections = page_sections(page)
    assert [(section.id, section.passages) for section in sections] == [
        ("one", ["<p>First part.</p>"]),
        ("two", ["<p>Second part.</p>"]),
        ("three", ["<p>Third part.</p>"]),
    ]
