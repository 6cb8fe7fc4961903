"""The parallel view's alignment on a translated demo document (the closing statement, translated
into Thai through its catalogue): the n-th paragraph of each section pairs with the n-th of its
translation, and a translation whose structure differs is aligned by section and says so."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from crossings.languages import get
from crossings.parallel.align import align, page_sections
from crossings.parallel.page import parallel_article
from tests.browser.conftest import copy_demo
from tests.serving import CROSSINGS

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
DEMO_PARTS = ("reports", "vocabularies", "locales", "search", "source", "conf.py", "redactions.csv")
PAGE = "documents/closing-statement.html"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo archive, ingested and built in English, then in Thai."""
    root = tmp_path_factory.mktemp("parallel") / "archive"
    root.mkdir()
    copy_demo(root)
    for args in (["ingest"], ["build", "html", "--lang", "en"], ["build", "html", "--lang", "th"]):
        done = subprocess.run([CROSSINGS, *args, "--archive", str(root)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    return root


@pytest.fixture(scope="module")
def pages(archive: Path) -> tuple[str, str]:
    """The closing statement's English and Thai pages."""
    html = archive / "build" / "public" / "html"
    return (html / "en" / PAGE).read_text("utf-8"), (html / "th" / PAGE).read_text("utf-8")


def text(html: str) -> str:
    """The words of an HTML fragment, spaces normalised."""
    return " ".join(BeautifulSoup(html, "html.parser").get_text().split())


def catalogue() -> dict[str, str]:
    """The Thai catalogue of the closing statement: English paragraph -> Thai paragraph."""
    path = REPO / "locales" / "th" / "LC_MESSAGES" / "documents" / "closing-statement.po"
    with path.open("rb") as handle:
        return {
            " ".join(m.id.split()): " ".join(m.string.split()) for m in read_po(handle) if m.id and m.string
        }


def test_same_structure_pairs_the_nth_paragraphs(pages: tuple[str, str]) -> None:
    """Every paragraph row pairs an English paragraph with its catalogue translation."""
    english, thai = pages
    alignment = align(page_sections(english), page_sections(thai))
    assert alignment.by == "paragraph"
    translations = catalogue()
    checked = 0
    for row in alignment.rows:
        if row.heading or row.section == "closing-statement-of-the-participants-sample":
            continue
        assert len(row.original) == len(row.translation) == 1
        source = text(row.original[0])
        if source in translations:
            assert text(row.translation[0]) == translations[source]
            checked += 1
    assert checked >= 10, checked
    seen = [r for r in alignment.rows if r.section == "what-we-have-seen" and not r.heading]
    assert text(seen[1].original[0]).startswith("We have also seen")
    assert text(seen[1].translation[0]).startswith("เรายังได้เห็น")


def test_different_structure_aligns_by_section_and_says_so(pages: tuple[str, str]) -> None:
    """A translation lacking one paragraph: sections side by side whole, and a note on the page."""
    english, thai = pages
    soup = BeautifulSoup(thai, "html.parser")
    section = soup.find("section", id="what-we-have-seen")
    assert section is not None
    section.find_all("p")[1].decompose()
    alignment = align(page_sections(english), page_sections(str(soup)))
    assert alignment.by == "section"
    rows = [r for r in alignment.rows if r.section == "what-we-have-seen" and not r.heading]
    assert len(rows) == 1 and len(rows[0].original) == 2 and len(rows[0].translation) == 1
    html = parallel_article(
        "Closing statement", alignment, get("en"), get("th"), ("a.html", "b.html"), get("en")
    )
    page = BeautifulSoup(html, "html.parser")
    assert "aligned by section only" in page.get_text()
    thai = parallel_article(
        "Closing statement", alignment, get("en"), get("th"), ("a.html", "b.html"), get("th")
    )
    assert "aligned by section only" not in thai and "ส่วน" in BeautifulSoup(thai, "html.parser").get_text()
    assert {div["lang"] for div in page.select(".pair > .original")} == {"en"}
    assert {div["lang"] for div in page.select(".pair > .translation")} == {"th"}


def test_the_site_shows_a_translated_document_beside_its_original(archive: Path) -> None:
    """`crossings build html` writes the parallel view into the Thai site: the page has the
    site's Quick exit and switcher, its strings in Thai, and the Thai page links to it."""
    documents = archive / "build" / "public" / "html" / "th" / "documents"
    view = BeautifulSoup((documents / "closing-statement.parallel-en.html").read_text("utf-8"), "html.parser")
    assert view.select_one(".crossings-quick-exit") is not None
    assert view.select('a[hreflang="zh-Hant"]'), "the language switcher is kept"
    assert {div["lang"] for div in view.select(".pair > .original")} == {"en"}
    assert {div["lang"] for div in view.select(".pair > .translation")} == {"th"}
    intro = view.select_one(".crossings-parallel-view > p")
    assert intro is not None and "อังกฤษ" in intro.get_text() and "Side by side" not in intro.get_text()
    original = intro.select_one('a[hreflang="en"]')
    assert original is not None and (documents / str(original["href"])).resolve().is_file()
    page = BeautifulSoup((documents / "closing-statement.html").read_text("utf-8"), "html.parser")
    links = page.select("p.crossings-parallel a")
    assert [a["href"] for a in links] == ["closing-statement.parallel-en.html"]
    english = archive / "build" / "public" / "html" / "en" / "documents"
    assert not list(english.glob("*.parallel-*.html")), "the English site shows originals only"
    original = BeautifulSoup((english / "closing-statement.html").read_text("utf-8"), "html.parser")
    back = original.select("p.crossings-parallel a")  # the original links to it too, in English
    assert [a["href"] for a in back] == ["../../th/documents/closing-statement.parallel-en.html"]
    assert back[0].get_text() == "Side by side: English original and Thai translation"


def test_a_translation_taken_away_takes_its_view_with_it(archive: Path, tmp_path: Path) -> None:
    """Rebuilding once the Thai catalogue is gone removes the view and the link (no stale page),
    and a second rebuild adds no second link."""
    copy = tmp_path / "archive"
    shutil.copytree(archive, copy)
    documents = copy / "build" / "public" / "html" / "th" / "documents"
    run = [CROSSINGS, "build", "html", "--lang", "th", "--archive", str(copy)]
    assert subprocess.run(run, capture_output=True, text=True).returncode == 0
    page = (documents / "closing-statement.html").read_text("utf-8")
    assert page.count('class="crossings-parallel"') == 1
    (copy / "locales" / "th" / "LC_MESSAGES" / "documents" / "closing-statement.po").unlink()
    done = subprocess.run(run, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not (documents / "closing-statement.parallel-en.html").exists()
    assert "crossings-parallel" not in (documents / "closing-statement.html").read_text("utf-8")
    english = copy / "build" / "public" / "html" / "en" / "documents" / "closing-statement.html"
    assert "crossings-parallel" not in english.read_text("utf-8"), "no link left to a view gone"


def test_the_views_heading_is_marked_with_the_language_it_is_written_in(archive: Path) -> None:
    """The view's heading is the translation's title: a screen reader must read it as Thai, not
    with the original's English voice."""
    documents = archive / "build" / "public" / "html" / "th" / "documents"
    view = BeautifulSoup((documents / "closing-statement.parallel-en.html").read_text("utf-8"), "html.parser")
    heading = view.select_one(".crossings-parallel-view > h1")
    thai = BeautifulSoup((documents / "closing-statement.html").read_text("utf-8"), "html.parser")
    title = thai.select_one("article h1")
    assert heading is not None and title is not None
    assert " ".join(heading.get_text().split()) == " ".join(title.get_text().replace("#", "").split())
    assert heading["lang"] == "th"
