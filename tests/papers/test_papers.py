"""`crossings build papers`: a PDF of each document beside its page, from the public text only,
linked from the page and named in its Scholar and Zotero tags; one broken paper stops no other.

One archive (the proceedings' sample documents in every script, a restricted one, a withheld
name, a paper that breaks LaTeX) is built with the real command line: html, then papers, in
English and Thai.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest
from click.testing import CliRunner, Result

from crossings.cli import main
from crossings.sphinx.pdflink import LINK_CLASS
from tests.papers.readers import meta_tags, scholar_problems, values, zotero_item
from tests.proceedings.archive import (
    LICENCE,
    SECRET,
    TH_SENTENCE,
    TITLE,
    document,
    make_archive,
)
from tests.proceedings.conftest import needs_tex
from tests.serving import crossings_serve, serving

pytestmark = [pytest.mark.slow, needs_tex]

BASE = "https://papers.example.org/"
NAME = "Mali Papercanary-Srisuk"  # a sample name, withheld by redactions.csv
WITHHELD = document(
    "outreach",
    "Night outreach",
    "paper",
    "en",
    f"We met {NAME} at the clinic on Tuesday.",
    session="s2-routes",
    countries="[TH]",
    themes="[labour-rights]",
    authors=f"[{NAME}, Ann Lee]",
)
BROKEN = document(
    "broken", "A broken paper", "paper", "en", "Before.\n\n```{tex-probe}\n\\crossingsnosuchmacro{x}\n```\n"
)
# Characters TeX reads specially, in the title and an author: the citation block must print them.
SPECIAL_TITLE = "Wages & rights: 100% of #1_tasks ~ ^ $5"
SPECIALS = document(
    "specials",
    f'"{SPECIAL_TITLE}"',
    "paper",
    "en",
    "Sample text of a paper whose title holds TeX's special characters.",
    authors='["A. Sample & B_Sample"]',
)
LANGUAGES = ("en", "th")
CONFERENCE = "Building an Effective Network"


@dataclass
class Built:
    """The archive and what each `crossings build papers` printed."""

    root: Path
    papers: dict[str, Result]
    again: Result
    before: dict[str, int]  # PDF name -> mtime after the first build

    def documents(self, lang: str) -> Path:
        return self.root / "build" / "public" / "html" / lang / "documents"


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--archive", str(root)])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    extra = {"outreach": WITHHELD, "broken": BROKEN, "specials": SPECIALS}
    archive = make_archive(tmp_path_factory.mktemp("papers") / "archive", extra)
    root = archive.root
    (root / "source" / "foreword.md").unlink()  # the proceedings' front matter: no page of the site
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f'crossings_base_url = "{BASE}"\nextensions.append("tests.proceedings.texprobe")\n')
    (root / "redactions.csv").write_text(f"name,documents,note\n{NAME},,sample name for tests\n", "utf-8")
    papers = {}
    for lang in LANGUAGES:
        site = run(root, "build", "html", "--lang", lang)
        assert site.exit_code == 0, site.output
        papers[lang] = run(root, "build", "papers", "--lang", lang)
    folder = root / "build/public/html/en/documents"
    before = {path.name: path.stat().st_mtime_ns for path in folder.glob("*")}
    again = run(root, "build", "papers", "--lang", "en")
    return Built(root, papers, again, before)


def pdf_text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    return done.stdout.decode()


def flat(text: str) -> str:
    """Without whitespace and combining marks (text layers reorder stacked Thai marks), NFKD."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not c.isspace() and not unicodedata.category(c).startswith("M"))


def test_a_pdf_beside_every_page_but_the_broken_one(built: Built) -> None:
    for lang in LANGUAGES:
        folder = built.documents(lang)
        pages = {p.stem for p in folder.glob("*.html")}
        assert {"opening", "hk-report", "th-report", "outreach", "broken"} <= pages
        assert {p.stem for p in folder.glob("*.pdf")} == pages - {"broken"}
        for pdf in folder.glob("*.pdf"):
            assert pdf.read_bytes().startswith(b"%PDF-") and pdf.read_bytes().rstrip().endswith(b"%%EOF")


def test_the_first_page_cites_the_paper(built: Built) -> None:
    text = pdf_text(built.documents("en") / "opening.pdf")
    first = text.split("\f")[0]
    for expected in (
        "Opening remarks",
        "Ann Lee",
        "Cite as:",
        CONFERENCE,
        "Hong Kong",
        "June 2001",
        TITLE["en"],
        "Sample Press",
        f"Online at: {BASE}en/documents/opening.html",
        f"Licence: {LICENCE['en']}",
    ):
        assert expected in " ".join(first.split()), expected


def test_special_characters_print_as_themselves(built: Built) -> None:
    first = " ".join(pdf_text(built.documents("en") / "specials.pdf").split("\f")[0].split())
    assert f"A. Sample & B_Sample. {SPECIAL_TITLE}." in first


def test_the_thai_site_cites_in_thai(built: Built) -> None:
    first = flat(pdf_text(built.documents("th") / "th-report.pdf").split("\f")[0])
    for expected in ("อ้างอิงเป็น", "สัญญาอนุญาต", LICENCE["th"], TITLE["th"], "การสร้างเครือข่าย", TH_SENTENCE):
        assert flat(expected) in first, expected
    assert f"{BASE}th/documents/th-report.html" in first


@pytest.mark.parametrize(
    ("lang", "doc", "family"), [("th", "th-report", "Norasi"), ("en", "hk-report", "NotoSerifCJK")]
)
def test_fonts_of_every_script_are_embedded(built: Built, lang: str, doc: str, family: str) -> None:
    listing = subprocess.run(
        ["pdffonts", str(built.documents(lang) / f"{doc}.pdf")], capture_output=True, check=True, text=True
    ).stdout
    rows = listing.splitlines()[2:]
    assert any(family in row for row in rows), listing
    for row in rows:
        assert row.split()[-5] == "yes", row  # emb is the fifth field from the end


def test_no_pdf_of_a_restricted_document_and_no_withheld_name(built: Built) -> None:
    for lang in LANGUAGES:
        folder = built.documents(lang)
        assert not (folder / "secret.pdf").exists() and not (folder / "secret.html").exists()
        for pdf in folder.glob("*.pdf"):
            text = flat(pdf_text(pdf))
            assert flat(SECRET) not in text, pdf
            assert flat(NAME) not in text and flat(NAME.split()[1]) not in text, pdf
    outreach = " ".join(pdf_text(built.documents("en") / "outreach.pdf").split())
    assert "[name withheld]" in outreach and "Ann Lee" in outreach
    # Nor in the LaTeX sources, logs and PDFs the build keeps: every file of the edition.
    leaks = run(built.root, "check", "--leaks")
    assert leaks.exit_code == 0, leaks.output


def test_a_broken_paper_is_named_and_stops_no_other(built: Built) -> None:
    for lang in LANGUAGES:
        result = built.papers[lang]
        assert result.exit_code == 1
        assert "documents/broken: no PDF: LaTeX error: Undefined control sequence" in result.output
        assert "source/documents/broken.md" in result.output and "broken.log" in result.output
        assert "documents/opening" not in result.output
        assert not [p for p in built.documents(lang).iterdir() if p.name.startswith(".")]  # no temporary file


def test_nothing_is_typeset_again_when_nothing_changed(built: Built) -> None:
    assert built.again.exit_code == 1  # the broken paper is still broken, and still named
    assert "documents/broken" in built.again.output
    after = {p.name: p.stat().st_mtime_ns for p in built.documents("en").glob("*")}
    assert {name: after[name] for name in after if name in built.before} == {
        name: stamp for name, stamp in built.before.items() if name in after
    }


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.pdf: list[tuple[str, str]] = []
        self._open: str | None = None

    @classmethod
    def of(cls, html: str) -> list[tuple[str, str]]:
        """(href, text) of the page's links to its PDF."""
        parser = cls()
        parser.feed(html)
        return parser.pdf

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and "crossings-paper-pdf" in (found.get("class") or "").split():
            self._open = found.get("href") or ""

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self.pdf.append((self._open, data))
            self._open = None


def pdf_links(page: Path) -> list[tuple[str, str]]:
    return _Links.of(page.read_text("utf-8"))


def test_each_page_links_its_pdf_and_no_link_is_dead(built: Built) -> None:
    for lang in LANGUAGES:
        for page in built.documents(lang).glob("*.html"):
            links = pdf_links(page)
            if page.stem == "broken":
                assert links == []
                continue
            assert [text for _href, text in links] == ["PDF"], page
            assert (page.parent / links[0][0]).resolve() == page.with_suffix(".pdf").resolve()


def test_scholar_reads_a_conference_paper_with_its_pdf(built: Built) -> None:
    checked = 0
    for lang in LANGUAGES:
        for page in built.documents(lang).glob("*.html"):
            tags = meta_tags(page.read_text("utf-8"))
            url = f"{BASE}{lang}/documents/{page.name}"
            if not values(tags, "citation_author") or page.stem == "broken":
                continue  # Scholar lists no paper without authors; the broken one has no PDF
            assert scholar_problems(tags, url) == [], page
            (pdf,) = values(tags, "citation_pdf_url")
            assert (page.parent / pdf.rsplit("/", 1)[1]).is_file()
            checked += 1
    assert checked >= 8  # four papers with authors in each language
    for lang in LANGUAGES:
        broken = meta_tags((built.documents(lang) / "broken.html").read_text("utf-8"))
        assert values(broken, "citation_pdf_url") == []


def test_dublin_core_agrees_with_the_citation_tags(built: Built) -> None:
    tags = meta_tags((built.documents("en") / "opening.html").read_text("utf-8"))
    assert values(tags, "DC.title") == values(tags, "citation_title") == ["Opening remarks"]
    assert values(tags, "DC.creator") == values(tags, "citation_author") == ["Ann Lee"]
    assert [d.replace("-", "/") for d in values(tags, "DC.date")] == values(tags, "citation_publication_date")
    assert values(tags, "DC.language") == values(tags, "citation_language") == ["en"]
    assert values(tags, "DC.publisher") == values(tags, "citation_publisher")
    assert values(tags, "citation_keywords") == ["Organising and networks", "Hong Kong"]


def test_zotero_saves_a_conference_paper(built: Built) -> None:
    page = built.documents("th") / "th-report.html"
    item = zotero_item(meta_tags(page.read_text("utf-8")))
    assert item.item_type == "conferencePaper"
    assert item.fields["title"] == "รายงานประเทศไทย"
    assert item.creators == ["สมใจ ใจดี"]
    assert item.fields["conferenceName"] == "การสร้างเครือข่าย"  # the event, in the reader's language
    assert item.fields["proceedingsTitle"] == TITLE["th"]
    assert item.fields["place"] == "Sample Town"
    assert item.fields["date"] == "2001/06"
    assert item.fields["url"] == f"{BASE}th/documents/th-report.html"
    assert item.fields["language"] == "th"
    assert item.attachments == [f"{BASE}th/documents/th-report.pdf"]
    assert re.fullmatch(r"\d{4}/\d{2}", item.fields["date"])
    assert urljoin(item.fields["url"], "th-report.pdf") == item.attachments[0]


def test_the_leak_scan_reads_the_pdfs_beside_the_pages(built: Built) -> None:
    """A restricted paper's PDF (from the internal edition) dropped into the public site is found."""
    assert run(built.root, "build", "html", "--edition", "internal").exit_code == 0
    run(built.root, "build", "papers", "--edition", "internal")  # exit 1: the broken paper
    internal = built.root / "build/internal/html/en/documents/secret.pdf"
    stray = built.documents("en") / "stray.pdf"
    stray.write_bytes(internal.read_bytes())
    try:
        leaks = run(built.root, "check", "--leaks")
    finally:
        stray.unlink()
    assert leaks.exit_code == 1
    assert "build/public/html/en/documents/stray.pdf (text)" in leaks.output
    assert SECRET not in leaks.output  # the report names where, never what


def test_the_service_serves_the_pdf_the_page_links(built: Built) -> None:
    assert run(built.root, "index", "--lang", "en").exit_code == 0
    with serving(crossings_serve(built.root), "/healthz") as served:
        page = httpx.get(f"{served.base}/en/documents/opening.html")
        (href, _text) = _Links.of(page.text)[0]
        pdf = httpx.get(f"{served.base}/en/documents/{href}")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content == (built.documents("en") / "opening.pdf").read_bytes()


LEDGER = document(
    "ledger",
    "Harbour night ledger",
    "paper",
    "en",
    "The ledger of the harbour night patrol stays with the editors of the sample.",
    countries="[HK]",
)


def test_a_withdrawn_document_loses_its_pdf(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive", {"ledger": LEDGER})
    root = archive.root
    (root / "source" / "foreword.md").unlink()
    assert run(root, "build", "html").exit_code == 0
    assert run(root, "build", "papers").exit_code == 0
    folder = root / "build/public/html/en/documents"
    assert (folder / "ledger.pdf").is_file()
    source = root / "source/documents/ledger.md"
    source.write_text(source.read_text("utf-8").replace("access: public", "access: restricted"), "utf-8")
    assert run(root, "build", "html").exit_code == 0
    assert not (folder / "ledger.pdf").exists() and not (folder / "ledger.html").exists()
    assert run(root, "build", "papers").exit_code == 0
    assert (folder / "handbook.pdf").is_file()
    assert not list((root / "build/public/papers/en").glob("ledger.*"))
    leaks = run(root, "check", "--leaks")
    assert leaks.exit_code == 0, leaks.output


def test_a_changed_document_loses_its_stale_pdf_until_papers_runs_again(tmp_path: Path) -> None:
    """An edited document's PDF would show the old text: the html build removes it (and its link);
    the PDFs of unchanged documents stay; `build papers` makes it again from the new text."""
    archive = make_archive(tmp_path / "archive", {"ledger": LEDGER})
    root = archive.root
    (root / "source" / "foreword.md").unlink()
    assert run(root, "build", "html").exit_code == 0
    assert run(root, "build", "papers").exit_code == 0
    folder = root / "build/public/html/en/documents"
    kept = (folder / "handbook.pdf").read_bytes()
    source = root / "source/documents/ledger.md"
    source.write_text(source.read_text("utf-8") + "\nA corrected sentence added by the editor.\n", "utf-8")
    assert run(root, "build", "html").exit_code == 0
    assert not (folder / "ledger.pdf").exists()
    assert LINK_CLASS not in (folder / "ledger.html").read_text("utf-8")
    assert (folder / "handbook.pdf").read_bytes() == kept
    assert run(root, "build", "papers").exit_code == 0
    assert "A corrected sentence added by the editor." in " ".join(pdf_text(folder / "ledger.pdf").split())
    assert LINK_CLASS in (folder / "ledger.html").read_text("utf-8")


def test_papers_after_a_withdrawal_ask_for_the_site_first(tmp_path: Path) -> None:
    """A withdrawal removes the sites built before it; `build papers` run next says to build the
    site rather than reporting papers it could not put anywhere."""
    archive = make_archive(tmp_path / "archive", {"ledger": LEDGER})
    root = archive.root
    (root / "source" / "foreword.md").unlink()
    assert run(root, "build", "html").exit_code == 0
    assert run(root, "build", "papers").exit_code == 0
    source = root / "source/documents/ledger.md"
    source.write_text(source.read_text("utf-8").replace("access: public", "access: restricted"), "utf-8")
    done = run(root, "build", "papers")
    assert done.exit_code == 1
    assert "crossings build html --lang en" in done.output
    assert not list((root / "build/public/html").glob("*/documents/*.pdf"))
