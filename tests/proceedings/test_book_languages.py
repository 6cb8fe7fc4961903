"""Each book as its language's reader gets it: the Thai, Chinese (both scripts) and Vietnamese PDFs
and EPUBs of both editions (real xelatex, real Sphinx EPUB builds, epubcheck when installed).

Every interface string in the book's language, indices in the fonts of their scripts and in
the order of ICU's collation, page ranges with an en dash, no withheld name's marker indexed,
the e-books' metadata from the archive's settings, in their language, with distinct identifiers.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zipfile
import zlib
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sphinx import package_dir

from crossings.archive import Archive
from crossings.catalog import Vocabularies
from crossings.languages import BY_TAG, collation_key, sphinx_language
from crossings.publish.epub import build_epub, epubcheck_command
from crossings.publish.pdf import build_pdf
from crossings.sphinx import catalogs
from crossings.sphinx.book import word
from tests.proceedings.archive import DESCRIPTION, DOCUMENTS, PUBLISHER, TITLE, make_archive
from tests.proceedings.conftest import needs_tex, pdf_text

pytestmark = [pytest.mark.slow, needs_tex]

LANGS = ("th", "zh-Hant", "zh-Hans", "vi")
EDITIONS = ("public", "internal")
WITHHELD = "Mali Sample-Srisuk"
ROWS = 90  # enough rows for a table over more than one page
# A table long enough to run over pages (the book says it continues, in its language), and a
# document by someone whose name is withheld from the public edition.
TABLE = "| Year | Place | Note |\n|---|---|---|\n" + "".join(
    f"| {1990 + n} | Place {n} | Outreach note number {n} |\n" for n in range(ROWS)
)
EXTRA = {
    "long-table": "---\nfile: papers/long-table.txt\nid: long-table\ntitle: A long table\n"
    "type: paper\nevent: hk2001\nlanguage: en\naccess: public\ndate: 2001-06-09\n"
    "session: s2-routes\nauthors: [Range Writer]\ncountries: [MY]\n---\n"
    f"# A long table\n\n{TABLE}\n",
    "withheld-author": "---\nfile: papers/withheld-author.txt\nid: withheld-author\n"
    f"title: Notes from the border\ntype: paper\nevent: hk2001\nlanguage: en\naccess: public\n"
    f"date: 2001-06\nsession: s2-routes\nauthors: [{WITHHELD}, Dara Example]\ncountries: [KH]\n---\n"
    "# Notes from the border\n\nWe crossed at night.\n",
}
# Interface strings of the English book none of these books may print (their documents' own
# words are the editors': an English paper stays English in every book).
ENGLISH = (
    "Proceedings",
    "Sessions",
    "Country reports",
    "Handbook and closing statement",
    "Other papers",
    "Appendix",
    "Migration routes",
    "Contents",
    "Index of",
    "Organised by",
    "Published by",
    "Public edition",
    "Internal edition",
    "Part ",
    "Table ",
    "continued",
    "continues on",
    "June",
    "Symbols",
    "Sample Press",
    "Invented papers",
    "Test licence line",
    "Proceedings test archive",
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """The proceedings archive with a long table and a withheld author."""
    root = tmp_path_factory.mktemp("books") / "archive"
    found = make_archive(root, EXTRA)
    (root / "redactions.csv").write_text(f"name,documents,note\n{WITHHELD},,sample\n", encoding="utf-8")
    return found


@pytest.fixture(scope="module")
def book(archive: Archive):  # type: ignore[no-untyped-def]
    """book(edition, lang) -> (text of the PDF, the PDF): each built once for the module."""

    @cache
    def built(edition: str, lang: str) -> tuple[str, Path]:
        result = build_pdf(archive, edition, lang)
        return pdf_text(result.pdf), result.pdf

    return built


@pytest.fixture(scope="module")
def ebook(archive: Archive):  # type: ignore[no-untyped-def]
    """ebook(edition, lang) -> the EPUB (build_epub runs epubcheck when installed, and raises on
    any error it reports)."""

    @cache
    def built(edition: str, lang: str) -> Path:
        _result, epub = build_epub(archive, edition, lang)
        return epub

    return built


def squeeze(text: str) -> str:
    """Without whitespace, NFKC (text layers give Thai SARA AM as two characters)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def sphinx_word(message: str, lang: str) -> str:
    """One of Sphinx's strings as the book prints it (Sphinx's catalogue, else the tool's sphinx.po)."""
    code = sphinx_language(lang)
    for path in (
        Path(package_dir) / "locale" / code / "LC_MESSAGES" / "sphinx.po",
        catalogs.SOURCE / code / "LC_MESSAGES" / "sphinx.po",
    ):
        if path.is_file():
            with path.open("rb") as handle:
                found = {m.id: m.string for m in read_po(handle) if m.id == message and m.string}
            if found:
                return str(found[message])
    raise AssertionError(f"no {lang} translation of {message!r}")


def letters(text: str) -> str:
    """Base letters only: text layers drop spaces inside Thai words and reorder stacked marks."""
    return "".join(c for c in squeeze(text) if not unicodedata.category(c).startswith("M"))


def first_index_page(text: str, lang: str) -> int:
    """The physical page (0-based) where the index of names and places starts (the last page
    naming it: the contents name it too)."""
    heading = letters(word("index-names", lang))
    return max(n for n, page in enumerate(text.split("\f")) if heading in letters(page))


def indexed_names(lang: str) -> dict[str, str]:
    """letters(name) -> name, for every name and place the test documents are indexed under."""
    vocab = Vocabularies.load(Path(catalogs.__file__).resolve().parent.parent / "data" / "vocabularies")
    names: set[str] = {WITHHELD}
    for text in [*DOCUMENTS.values(), *EXTRA.values()]:
        for field, cell in re.findall(r"^(countries|authors|organisations): \[(.*)\]$", text, re.MULTILINE):
            values = [value.strip() for value in cell.split(",") if value.strip()]
            if field == "countries":
                values = [vocab.countries.label(code, lang) for code in values]
            names.update(values)
    return {letters(name): name for name in names}


def index_section(text: str, lang: str) -> list[tuple[str, str]]:
    """(entry, pages) of the index of names and places in printed order, each entry spelled as
    the document gives it (matched on its base letters)."""
    known = indexed_names(lang)
    entries = []
    for page in text.split("\f")[first_index_page(text, lang) :]:
        for line in page.splitlines():
            found = re.fullmatch(r"(.+?),\s*([0-9ivxlc][0-9ivxlc–, -]*)", line.strip())
            if found:
                printed = letters(found.group(1))
                assert printed in known, f"unknown index entry {found.group(1)!r}"
                entries.append((known[printed], found.group(2)))
    return entries


def index_pages(text: str, lang: str) -> list[int]:
    """The page numbers (1-based, physical) of the index of names and places."""
    pages = text.split("\f")
    return [n + 1 for n in range(first_index_page(text, lang), len(pages)) if pages[n].strip()]


def fonts_on(pdf: Path, page: int) -> list[str]:
    """The font names pdffonts reports for one page."""
    out = subprocess.run(
        ["pdffonts", "-f", str(page), "-l", str(page), str(pdf)], capture_output=True, check=True, text=True
    ).stdout
    return [line.split()[0] for line in out.splitlines()[2:] if line.strip()]


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("lang", LANGS)
def test_no_english_interface_string(book, edition: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    text, _pdf = book(edition, lang)
    printed = [english for english in ENGLISH if english in text]
    assert printed == [], f"the {lang} book prints English: {printed}"
    found = letters(text)
    for expected in (
        TITLE[lang],
        PUBLISHER[lang],
        word("publisher", lang),
        word("contents", lang),
        word("index-names", lang),
        word(f"edition-{edition}", lang),
        sphinx_word("continues on next page", lang),
        sphinx_word("continued from previous page", lang),
    ):
        assert letters(expected) in found, f"{expected!r} missing from the {lang} book"


def test_thai_dates_have_thai_month_names(book) -> None:  # type: ignore[no-untyped-def]
    text = squeeze(book("public", "th")[0])
    assert squeeze("8–10 มิถุนายน 2001") in text  # the title page
    assert squeeze("9 มิถุนายน 2001") in text  # a paper's metadata line
    assert "2001-06" not in text


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("lang", LANGS)
def test_index_of_names_in_collation_order(book, edition: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    text, _pdf = book(edition, lang)
    entries = index_section(text, lang)
    names = [name for name, _pages in entries]
    assert len(names) >= 12, entries
    assert names == sorted(names, key=collation_key(lang)), f"{lang} index not in ICU order"
    index_text = "\n".join(text.split("\f")[first_index_page(text, lang) :])
    assert letters(BY_TAG[lang].marker) not in letters(index_text)
    joined = " ".join(pages for _name, pages in entries)
    assert "--" not in joined and "-" not in joined
    assert re.search(r"\d–\d", joined), f"no page range with an en dash in {entries}"
    assert (WITHHELD in names) == (edition == "internal")
    assert "Dara Example" in names


def test_thai_and_chinese_orders_are_not_code_point_orders(book) -> None:  # type: ignore[no-untyped-def]
    """The orders above are the collators': a code-point sort would give the opposite here.

    Thai words with a preposed vowel (เ, ไ) sort by their first consonant (ท < ว < ส); pinyin puts
    陳 (chén) before 海 (hǎi); strokes put 香 (9) before 陳 (11)."""
    thai = [name for name, _pages in index_section(book("public", "th")[0], "th")]
    assert thai.index("ไทย") < thai.index("เวียดนาม") < thai.index("สมใจ ใจดี")
    hans = [name for name, _pages in index_section(book("public", "zh-Hans")[0], "zh-Hans")]
    assert hans.index("陳美 (Chan Mei)") < hans.index("海港互助會")
    hant = [name for name, _pages in index_section(book("public", "zh-Hant")[0], "zh-Hant")]
    assert hant.index("香港") < hant.index("陳美 (Chan Mei)")


@pytest.mark.parametrize("edition", EDITIONS)
def test_thai_index_set_in_thai_fonts_and_no_monospace(book, edition: str) -> None:  # type: ignore[no-untyped-def]
    text, pdf = book(edition, "th")
    for page in index_pages(text, "th"):
        fonts = fonts_on(pdf, page)
        assert any("Norasi" in name or "Loma" in name for name in fonts), fonts
        assert not any("Mono" in name or "LMMono" in name or "Typewriter" in name for name in fonts), fonts


@pytest.mark.parametrize("lang", ("zh-Hant", "zh-Hans"))
def test_chinese_index_has_no_monospace(book, lang: str) -> None:  # type: ignore[no-untyped-def]
    text, pdf = book("public", lang)
    for page in index_pages(text, lang):
        fonts = fonts_on(pdf, page)
        assert any("CJK" in name for name in fonts), fonts
        assert not any("Mono" in name for name in fonts), fonts


# A stream's data: after the keyword "stream" (not the "stream" ending "endstream", which would
# take the next object's dictionary for data and skip its stream) up to "endstream".
STREAM = re.compile(rb"(?<!end)stream\r?\n(.*?)\r?\nendstream", re.DOTALL)


def inflated(pdf: Path) -> bytes:
    """The PDF with its Flate streams inflated (the catalogue may sit in an object stream)."""
    raw = pdf.read_bytes()
    parts = [raw]
    for match in STREAM.finditer(raw):
        try:
            parts.append(zlib.decompressobj().decompress(match.group(1)))  # trailing bytes allowed
        except zlib.error:
            continue
    return b"\n".join(parts)


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_metadata_in_the_books_language(book, lang: str) -> None:  # type: ignore[no-untyped-def]
    _text, pdf = book("public", lang)
    info = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(pdf)], capture_output=True, check=True, text=True)
    fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
    assert fields["Title"].strip() == TITLE[lang]
    assert fields["Author"].strip() == PUBLISHER[lang]
    assert fields["Subject"].strip() and fields["Keywords"].strip()
    assert re.search(rf"/Lang\s*\({re.escape(lang)}\)".encode(), inflated(pdf))


def bookmarks(pdf: Path) -> list[str]:
    """Every bookmark title hyperref wrote (the .out beside the PDF, octal-escaped UTF-16)."""
    out = pdf.with_suffix(".out").read_text(encoding="utf-8")
    found = []
    for match in re.finditer(r"^\\BOOKMARK \[-?\d+\]\[-\]\{[^}]*\}\{(.*?)\}\{", out, re.MULTILINE):
        raw = re.sub(r"\\(\d{3})", lambda m: chr(int(m.group(1), 8)), match.group(1)).encode("latin-1")
        found.append(raw.decode("utf-16"))
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_bookmarks_in_the_books_language(book, lang: str) -> None:  # type: ignore[no-untyped-def]
    _text, pdf = book("public", lang)
    marks = bookmarks(pdf)
    for key in ("sessions", "countries", "index-countries", "index-themes", "index-names"):
        assert any(word(key, lang) in mark for mark in marks), (key, marks)
    english = [mark for mark in marks if any(e in mark for e in ("Sessions", "Index", "Country reports"))]
    assert english == []


# ---- the e-books


XHTML = (".xhtml", ".html", ".ncx", ".opf", ".svg")
OPF_DC = re.compile(r"<dc:(\w+)(?: [^>]*)?>([^<]*)</dc:\1>")


def opf_of(epub: Path) -> dict[str, list[str]]:
    """The Dublin Core elements of the e-book's package document."""
    with zipfile.ZipFile(epub) as book:
        opf = book.read("content.opf").decode("utf-8")
    found: dict[str, list[str]] = {}
    for name, value in OPF_DC.findall(opf):
        found.setdefault(name, []).append(value)
    return found


@pytest.mark.skipif(epubcheck_command() is None, reason="epubcheck (Debian package) and java are needed")
def test_epubs_pass_epubcheck_with_distinct_identifiers(ebook) -> None:  # type: ignore[no-untyped-def]
    identifiers = {}
    for edition in EDITIONS:
        for lang in LANGS:
            meta = opf_of(ebook(edition, lang))  # build_epub raised if epubcheck found an error
            identifiers[(edition, lang)] = meta["identifier"][0]
            assert meta["language"] == [lang]
            assert meta["title"] == [TITLE[lang]]
            assert meta["description"] == [DESCRIPTION[lang]]
            assert meta["publisher"] == [PUBLISHER[lang]]
    assert len(set(identifiers.values())) == len(identifiers), identifiers


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("lang", LANGS)
def test_epub_chapters_carry_the_language_and_stay_inside(ebook, edition: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    from tests.proceedings.test_epub import links_of, outside_the_book

    epub = ebook(edition, lang)
    with zipfile.ZipFile(epub) as book:
        members = {name: book.read(name) for name in book.namelist() if name.endswith(XHTML)}
    pages = [name for name in members if name.endswith(".xhtml")]
    assert len(pages) > 10
    for name in pages:
        root = re.search(rb"<html\b[^>]*>", members[name])
        assert root is not None, name
        assert f'lang="{lang}"'.encode() in root.group(), (name, root.group())
        assert f'xml:lang="{lang}"'.encode() in root.group(), (name, root.group())
    outside = {name: [u for u in links_of(data) if outside_the_book(u)] for name, data in members.items()}
    assert {name: found for name, found in outside.items() if found} == {}
    text = b"".join(members.values()).decode("utf-8")
    assert "Quick exit" not in text and "crossings-quick-exit" not in text
    nav = members["nav.xhtml"].decode("utf-8")
    assert f"<h1>{word('contents', lang)}</h1>" in nav and "Table of Contents" not in nav
    assert "genindex" not in text  # the book's own index of names replaces Sphinx's English one
    assert WITHHELD in text if edition == "internal" else WITHHELD not in text


def test_buddhist_era_setting_counts_thai_years_in_the_book(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive")
    with (tmp_path / "archive" / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("crossings_buddhist_era = True\n")
    thai = squeeze(pdf_text(build_pdf(archive, "public", "th").pdf))
    assert squeeze("8–10 มิถุนายน พ.ศ. 2544") in thai  # the title page
    assert squeeze("8 มิถุนายน พ.ศ. 2544") in thai  # the first session's date
    assert squeeze("มิถุนายน พ.ศ. 2544") in thai and "2001" not in thai
    english = squeeze(pdf_text(build_pdf(archive, "public", "en").pdf))
    assert squeeze("8–10 June 2001") in english and "2544" not in english  # Thai's era only
