"""The PDF proceedings: structure, scripts, fonts, indices, bookmarks, editions (real xelatex)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zlib
from pathlib import Path

import pytest

from crossings.archive import Archive
from crossings.publish.pdf import PdfResult, build_pdf
from tests.proceedings.archive import (
    EN_SENTENCE,
    JA_SENTENCE,
    KO_SENTENCE,
    LINK_TEXT,
    SC_SENTENCE,
    SECRET,
    TC_SENTENCE,
    TH_SENTENCE,
    VI_SENTENCE,
)
from tests.proceedings.conftest import needs_tex, pdf_text

pytestmark = [pytest.mark.slow, needs_tex]


def squeeze(text: str) -> str:
    """Text without whitespace, with Thai SARA AM decomposed as PDF text layers give it (NFKD)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKD", text))


def base_letters(text: str) -> str:
    """Text without whitespace and combining marks (text layers may reorder stacked Thai marks)."""
    return "".join(c for c in squeeze(text) if not unicodedata.category(c).startswith("M"))


def test_every_font_is_embedded(public_pdf: PdfResult) -> None:
    out = subprocess.run(["pdffonts", str(public_pdf.pdf)], capture_output=True, check=True, text=True).stdout
    rows = out.splitlines()[2:]
    assert rows, "pdffonts listed no fonts"
    for row in rows:
        # name type encoding emb sub uni object: emb is the fourth field from the end.
        assert row.split()[-5] == "yes", row


@pytest.mark.parametrize(
    "sentence", [EN_SENTENCE, TC_SENTENCE, SC_SENTENCE, JA_SENTENCE, KO_SENTENCE, VI_SENTENCE], ids=str
)
def test_text_layer_holds_each_script(public_pdf: PdfResult, sentence: str) -> None:
    assert squeeze(sentence) in squeeze(pdf_text(public_pdf.pdf))


def test_thai_sentence_has_every_character(public_pdf: PdfResult) -> None:
    text = squeeze(pdf_text(public_pdf.pdf))
    assert base_letters(TH_SENTENCE) in base_letters(text)
    assert set(squeeze(TH_SENTENCE)) <= set(text)


def test_no_missing_glyphs(public_pdf: PdfResult) -> None:
    assert public_pdf.missing == []
    assert "Missing character" not in public_pdf.log.read_text(encoding="utf-8", errors="replace")


def test_han_forms_follow_the_document_language(public_pdf: PdfResult) -> None:
    tex = public_pdf.pdf.with_suffix(".tex").read_text(encoding="utf-8")
    for docname, variant in [("hk-report", "TC"), ("cn-report", "SC")]:
        start = tex.index(f"% crossings-document: documents/{docname}")
        assert tex[start : start + 200].count(f"\\crossingsscript{{{variant}}}") == 1
    assert "\\begin{sphinxuseclass}{language-ja}" in tex
    assert "\\DUrole{language-ko}" in tex


def test_structure_in_order(public_pdf: PdfResult) -> None:
    text = pdf_text(public_pdf.pdf)
    # Parts and chapters start a page (form feed in pdftotext's output); documents follow their chapter.
    order = [
        "\fForeword",
        "\fContents",
        "\fPart I",
        "\fSession 1: Opening",
        "Opening remarks",
        "\fSession 2: Routes",
        "Voices from the region",
        "\fPart II",
        "\fEast Asia",
        "香港報告",
        "\fSouth-East Asia",
        "รายงานประเทศไทย",
        "\fPart III",
        "\fHandbook",
        "Handbook for outreach",
        "\fClosing statement",
        "\fPart IV",
        "\fMigration routes",
        "\fIndex of countries",
        "\fIndex of themes",
        "\fIndex of names and places",
    ]
    position = 0
    for heading in order:
        found = text.find(heading, position)
        assert found >= 0, f"{heading!r} missing or out of order"
        position = found + len(heading)
    assert "8–10 June 2001" in text and "Published by: Sample Press" in text and "Sample Town, 2026" in text


def test_country_index_lists_every_country_with_pages(public_pdf: PdfResult) -> None:
    text = pdf_text(public_pdf.pdf)
    start = text.rindex("Index of countries")
    index = text[start : text.index("Index of themes", start)]
    for country in ["Hong Kong", "Japan", "Mainland China", "South Korea", "Thailand", "Vietnam"]:
        assert re.search(rf"{country}, \d+", index), country
    assert "Macao" not in index  # only in the restricted document


def test_paper_heading_has_byline_and_metadata(public_pdf: PdfResult) -> None:
    text = pdf_text(public_pdf.pdf)
    assert "Ann Lee" in text
    assert "Hong Kong | Organising and networks | June 2001 | English" in text


def bookmarks(out_file: str) -> list[tuple[int, str]]:
    """(level, title) of each bookmark hyperref wrote (titles are octal-escaped UTF-16)."""
    found = []
    for match in re.finditer(r"^\\BOOKMARK \[(-?\d+)\]\[-\]\{[^}]*\}\{(.*?)\}\{", out_file, re.MULTILINE):
        raw = re.sub(r"\\(\d{3})", lambda m: chr(int(m.group(1), 8)), match.group(2)).encode("latin-1")
        found.append((int(match.group(1)), raw.decode("utf-16")))
    return found


def test_bookmarks(public_pdf: PdfResult) -> None:
    marks = bookmarks(public_pdf.pdf.with_suffix(".out").read_text(encoding="utf-8"))
    titles = [title for _level, title in marks]
    for title in [
        "Foreword",
        "I Sessions",
        "Opening remarks",
        "II Country reports",
        "香港報告",
        "รายงานประเทศไทย",
    ]:
        assert title in titles
    levels = {title: level for level, title in marks}
    assert levels["I Sessions"] == levels["Index of countries"] == -1  # parts and back matter at the top
    assert levels["Opening remarks"] == 1


def test_public_edition_has_no_restricted_text(public_pdf: PdfResult, book_archive: Archive) -> None:
    assert squeeze(SECRET) not in squeeze(pdf_text(public_pdf.pdf))
    internal = build_pdf(book_archive, "internal", "en")
    assert squeeze(SECRET) in squeeze(pdf_text(internal.pdf))


STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)


def pdf_objects(pdf: Path) -> bytes:
    """The PDF's bytes with every Flate stream inflated (annotations may sit in object streams)."""
    raw = pdf.read_bytes()
    parts = [raw]
    for match in STREAM.finditer(raw):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue  # not Flate (images, fonts): no annotations in there
    return b"\n".join(parts)


def test_pdf_has_no_link_outside_the_book(public_pdf: PdfResult) -> None:
    objects = pdf_objects(public_pdf.pdf)
    assert b"/GoTo" in objects or b"/Dest" in objects, "the book's own links are gone too"
    assert (objects.count(b"/URI"), objects.count(b"/Launch")) == (0, 0)
    tex = (public_pdf.pdf.parent / "proceedings.tex").read_text(encoding="utf-8")
    assert not re.search(r"\\(?:sphinx)?(?:href|url)\{(?:[a-z]+:|//)", tex)
    assert "Quick exit" not in tex
    text = squeeze(pdf_text(public_pdf.pdf))
    assert squeeze(LINK_TEXT) in text
