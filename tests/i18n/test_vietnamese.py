"""Vietnamese end to end: the site, the search index and the books of an archive built in ``vi``."""

from __future__ import annotations

import html
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from crossings.archive import Archive
from crossings.catalog import Vocabularies
from crossings.cli import main
from crossings.publish.pdf import PdfResult, build_pdf
from tests.i18n.archive import make_archive
from tests.i18n.html import page
from tests.proceedings.conftest import needs_tex, pdf_text

pytestmark = pytest.mark.slow

EVENT = (
    "ev-vi,Sample meeting,,,,Cuộc họp mẫu về sức khỏe,"
    "Sample City,2001-06-15,2001-06-17,Sample Group,Sample Press\n"
)
WITHHELD = "Tên Mẫu Giả"  # a made-up name, marked for redaction in the Vietnamese document
TITLE = "Sức khỏe của người di cư"


def invoke(*args: str) -> str:
    """Run one crossings command; its output (it must succeed)."""
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """The i18n test archive with an event and a withheld name, its Vietnamese site built and indexed."""
    root = make_archive(tmp_path_factory.mktemp("vietnamese") / "archive")
    with (root / "vocabularies" / "events.csv").open("a", encoding="utf-8") as out:
        out.write(EVENT)
    doc = root / "source" / "documents" / "vi-health.md"
    text = doc.read_text(encoding="utf-8").replace("- VN\n", "- VN\n- NL\n- DE\n", 1)  # Hà Lan, Đức
    doc.write_text(text + f"\nChị {{redact}}`{WITHHELD}` kể về chuyến đi.\n", encoding="utf-8")
    invoke("build", "html", "--lang", "vi", "--archive", str(root))
    invoke("index", "--lang", "vi", "--archive", str(root))
    return Archive.at(root)


def site(archive: Archive) -> Path:
    """The Vietnamese site's folder."""
    return archive.edition_dir("public") / "html" / "vi"


def test_pages_are_in_vietnamese(archive: Archive) -> None:
    home = page(site(archive) / "index.html")
    assert home.find("html")[0].attrs["lang"] == "vi"
    quick_exit = home.find("a", class_="crossings-quick-exit")
    assert quick_exit[0].text.strip() == "Thoát nhanh"
    assert quick_exit[0].attrs["href"].startswith("https://vi.wikipedia.org/")
    assert home.find("a", id="crossings-safety-link")[0].text.strip() == "An toàn"
    assert home.find("input", class_="sidebar-search")[0].attrs["placeholder"].casefold() == "tìm kiếm"
    css = (site(archive) / "_static" / "crossings-language.css").read_text(encoding="utf-8")
    assert "Vietnamese" in css and '--font-stack: "Segoe UI", Roboto' in css


def test_browse_pages_show_vietnamese_labels(archive: Archive) -> None:
    vocab = Vocabularies.load(archive.root / "vocabularies")
    heading = page(site(archive) / "countries" / "vn.html").find("h1")[0].text.strip()
    assert heading == vocab.countries.label("VN", "vi") == "Việt Nam"
    theme = page(site(archive) / "themes" / "health-and-hiv.html").find("h1")[0].text.strip()
    assert theme == "Sức khỏe và HIV"


def test_document_in_vietnamese_has_no_language_note_and_its_name_withheld(archive: Archive) -> None:
    path = site(archive) / "documents" / "vi-health.html"
    html = page(path)
    assert not html.find("p", class_="crossings-language-note")
    assert [h.text.strip().rstrip("#").strip() for h in html.find("h1")] == [TITLE]
    text = path.read_text(encoding="utf-8")
    assert "[đã ẩn tên]" in text and WITHHELD not in text


def test_english_document_has_a_note_in_vietnamese(archive: Archive) -> None:
    note = page(site(archive) / "documents" / "hk-outreach.html").find("p", class_="crossings-language-note")
    assert note and "Tài liệu này viết bằng Tiếng Anh" in note[0].text and "Tiếng Việt" in note[0].text


def test_search_pages_are_in_vietnamese(archive: Archive) -> None:
    service = page(site(archive) / "search-service.html")
    assert "Tìm kiếm trong kho lưu trữ" in [h.text.strip().rstrip("#").strip() for h in service.find("h1")]
    assert "Bộ lọc" in (site(archive) / "search-service.html").read_text(encoding="utf-8")
    fallback = page(site(archive) / "search.html")
    assert fallback.find("html")[0].attrs["lang"] == "vi"
    assert fallback.find("title")[0].text.casefold().startswith("tìm kiếm")
    strings = (site(archive) / "_static" / "translations.js").read_text(encoding="utf-8")
    assert "Đã tìm xong" in strings or "Tìm kiếm hoàn tất" in strings, strings[:400]


@pytest.mark.parametrize("query", ["mại dâm", "mai dam", "MAI DAM", "phòng khám", "phong kham"])
def test_a_vietnamese_query_finds_its_document_with_or_without_marks(archive: Archive, query: str) -> None:
    output = invoke("search", query, "--site-lang", "vi", "--json", "--archive", str(archive.root))
    hits = json.loads(output)["hits"]
    assert [hit["id"] for hit in hits] == ["vi-health"], hits
    assert hits[0]["title"] == TITLE


@pytest.fixture(scope="module")
def book(archive: Archive) -> PdfResult:
    """The Vietnamese proceedings (public edition)."""
    return build_pdf(archive, "public", "vi")


@needs_tex
def test_the_vietnamese_book_is_in_vietnamese_with_its_marks(book: PdfResult) -> None:
    assert book.missing == [], book.missing  # xelatex found a glyph for every character
    text = pdf_text(book.pdf)
    for expected in (
        "Cuộc họp mẫu về sức khỏe",  # the event on the title page, in Vietnamese
        "ngày 15 tháng 6 năm 2001",  # its dates written the Vietnamese way
        "Đơn vị tổ chức: Sample Group",
        "Mục lục",  # LaTeX's contents heading
        TITLE,
        "phụ nữ di cư làm mại dâm",
        "[đã ẩn tên]",
    ):
        assert expected in text, expected
    assert WITHHELD not in text


@needs_tex
def test_the_vietnamese_book_embeds_the_fonts_that_draw_it(book: PdfResult) -> None:
    listing = subprocess.run(["pdffonts", str(book.pdf)], capture_output=True, check=True, text=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    names = [re.sub(r"^[A-Z]{6}\+", "", row[0]) for row in rows]
    assert any(name.startswith("LMRoman10-Regular") for name in names), listing  # the declared serif
    assert all(row[-5] == "yes" for row in rows), listing  # every font embedded


def test_the_vietnamese_e_book(archive: Archive) -> None:
    invoke("build", "epub", "--lang", "vi", "--archive", str(archive.root))
    epub = next((archive.edition_dir("public") / "epub" / "vi").glob("*.epub"))
    with zipfile.ZipFile(epub) as book:
        opf = next(book.read(name).decode() for name in book.namelist() if name.endswith(".opf"))
        pages = {name: book.read(name).decode() for name in book.namelist() if name.endswith(".xhtml")}
    assert "<dc:language>vi</dc:language>" in opf
    document = next(text for name, text in pages.items() if name.endswith("vi-health.xhtml"))
    assert "mại dâm" in document and "[đã ẩn tên]" in document and WITHHELD not in document


def test_browse_lists_follow_the_vietnamese_alphabet(archive: Archive) -> None:
    """Country names on the countries page in Vietnamese order, region by region (the collator of
    the language, not code points, which put Đ and accented capitals after Z)."""
    from crossings import languages

    text = (site(archive) / "countries" / "index.html").read_text(encoding="utf-8")
    regions = re.findall(r'<section id="region-[^"]*">(.*?)</section>', text, flags=re.S)
    assert regions
    for region in regions:
        shown = [
            html.unescape(name)
            for name in re.findall(r'<a [^>]*href="[a-z]{2}\.html"[^>]*>([^<]+)</a>', region)
        ]
        assert shown == sorted(shown, key=languages.collation_key("vi")), shown
    everything = [n for r in regions for n in re.findall(r'href="[a-z]{2}\.html"[^>]*>([^<]+)<', r)]
    assert everything.index("Đức") < everything.index("Hà Lan"), everything  # by code point: after
