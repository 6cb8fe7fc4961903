"""Text of the archive's settings and vocabularies reaches the book whole: escaped for TeX, never read as TeX.

The title page and the PDF's metadata are written when the configuration is read, before
Sphinx's LaTeX builder starts; each test runs crossings in a process of its own, as
``crossings build pdf`` does, so that no earlier build in the test process has prepared anything.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from docutils import nodes

from crossings.publish import pdf
from crossings.publish.papers import Paper, blanks
from crossings.publish.pdf import build_pdf
from crossings.publish.texlog import blank_by_document
from crossings.sphinx.hangul import keep_korean_spaces
from crossings.sphinx.latex import DOC_MARK, END_MARK
from tests.proceedings.archive import EVENT, TC_SENTENCE, document, make_archive
from tests.proceedings.conftest import needs_tex, pdf_text

ROOT = Path(__file__).resolve().parents[2]
ORGANISERS = "Harbour & Care 100% Circle;Desk #2 {north} ~ $5 ^_^ \\relax"
PLACE = "Town 50% & Co"
HOSTILE_EVENT = EVENT.replace("Harbour Outreach Circle;Sample Research Desk", ORGANISERS).replace(
    "Hong Kong", PLACE
)


def fresh_python(code: str) -> str:
    """What *code* prints, run by a new Python process that imports this checkout's crossings."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return done.stdout


def test_title_page_and_metadata_are_escaped_before_the_latex_builder_starts() -> None:
    code = (
        "from crossings.settings import Imprint\n"
        "from crossings.sphinx.latex_preamble import pdf_metadata, title_page\n"
        f"print(title_page('T 100%', ['Place 50% & Co'], [{ORGANISERS!r}]))\n"
        "print(pdf_metadata(Imprint('Title 100% & {x}', '', 'P & Q', '', '', ''), 'en', ['a#b'], ''))\n"
    )
    tex = fresh_python(code)
    assert r"T 100\%" in tex and r"Place 50\% \& Co" in tex
    assert r"Harbour \& Care 100\% Circle;Desk \#2 \{north\} \textasciitilde{} \$5" in tex
    assert r"\textbackslash{}relax" in tex and "\\relax" not in tex.replace(r"\textbackslash{}relax", "")
    assert r"pdftitle={Title 100\% \& \{x\}}" in tex and r"pdfauthor={P \& Q}" in tex
    assert r"pdfkeywords={a\#b}" in tex


@pytest.mark.slow
@needs_tex
def test_organisers_and_place_with_tex_characters_are_printed_whole(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive")
    events = archive.root / "vocabularies" / "events.csv"
    events.write_text(events.read_text("utf-8").replace(EVENT, HOSTILE_EVENT), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "crossings", "build", "pdf", "--lang", "en"]
    command += ["--archive", str(archive.root)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    text = pdf_text(archive.root / "build/public/latex/en/proceedings.pdf")
    assert "Harbour & Care 100% Circle, Desk #2 {north} ~ $5 ^_^ \\relax" in text
    assert PLACE in text


# Addresses as papers cite them, a search with its query longer than a line: TeX (and the ICU
# line breaking set for Thai) may break only after the slashes, so the query ran off the page.
LONG_URL = (
    "https://www.example.org/search?collection=outreach&q=migrant+sex+workers+hong+kong+macau+2001"
    "&lang=en&format=pdf&sort=date&page=12"
)
LONG_LINK = (
    "https://archive.example.net/find?leaflet=night-market-workers&languages=th+en+zh-Hant+zh-Hans"
    "&year=2001&revision=3&format=html"
)
ADDRESSES = document(
    "addresses",
    "Where the reports are",
    "paper",
    "en",
    f"The report is at {LONG_URL}.\n\nThe leaflets are at <{LONG_LINK}>.\n",
    session="s1-opening",
)


@pytest.mark.slow
@needs_tex
def test_a_long_address_breaks_across_lines_instead_of_running_off_the_page(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive", {"addresses": ADDRESSES})
    result = build_pdf(archive, "public", "en")
    joined = "".join(pdf_text(result.pdf).split())
    assert LONG_URL in joined and LONG_LINK in joined
    assert "Overfull \\hbox" not in result.log.read_text(encoding="utf-8", errors="replace")


KHMER = "ព្រះរាជាណាចក្រកម្ពុជា"
SCRIPTS = document(
    "scripts",
    "Greetings",
    "paper",
    "en",
    f"In Khmer: {KHMER}. A smile: 😀.\n",
    session="s1-opening",
)


@pytest.mark.slow
@needs_tex
def test_characters_no_font_has_are_named_once_with_their_document(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive", {"scripts": SCRIPTS})
    warnings = pdf.build_target(archive, "public", "en", 1).warnings
    blank = [line for line in warnings if "print as nothing" in line]
    assert len(blank) == 1, warnings  # one line for the document, not one per character and font
    assert str(archive.source / "documents" / "scripts.md") in blank[0]
    assert "ព (U+1796)" in blank[0] and "😀 (U+1F600)" in blank[0]


def test_blank_characters_are_traced_to_the_document_holding_them() -> None:
    log = (
        "Missing character: There is no ក (U+1780) in font Latin Modern Roman/OT:script=latn;!\n"
        "Missing character: There is no ក (U+1780) in font Latin Modern Sans/OT:script=latn;!\n"
        "Missing character: There is no ★ (U+2605) in font Latin Modern Roman/OT:script=latn;!\n"
    )
    tex = (
        f"\\title{{★ Proceedings}}\n{DOC_MARK}documents/km\nក\n{END_MARK}\n"
        f"{DOC_MARK}documents/en\nnothing missing\n{END_MARK}\n"
    )
    assert blank_by_document(log, tex) == {"documents/km": ["ក"], "": ["★"]}


def test_a_paper_that_prints_characters_as_nothing_is_named(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive")
    texdir, site = tmp_path / "papers", tmp_path / "site"
    texdir.mkdir()
    site.mkdir()
    for doc_id, log in (("km", "Missing character: There is no ក (U+1780) in font X!\n"), ("en", "")):
        (texdir / f"{doc_id}.log").write_text(log, encoding="utf-8")
        (site / f"{doc_id}.pdf").write_bytes(b"%PDF-1.5\n")
    papers = [Paper(doc_id, texdir, site / f"{doc_id}.pdf") for doc_id in ("km", "en")]
    found = blanks(archive, papers)
    assert len(found) == 1 and str(archive.source / "documents" / "km.md") in found[0]
    assert "ក (U+1780)" in found[0] and str(site / "km.pdf") in found[0]


KOREAN = "이주 노동자의 권리를 지킨다"
QUOTING = document(
    "quoting",
    "A slogan from Seoul",
    "paper",
    "en",
    f"The march in Seoul (서울 大韓 행진) carried one banner: {KOREAN}. It was also sung.\n",
    session="s1-opening",
)


@pytest.mark.slow
@needs_tex
def test_korean_quoted_in_another_language_keeps_its_word_spaces(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive", {"quoting": QUOTING})
    text = " ".join(pdf_text(build_pdf(archive, "public", "en").pdf).split())
    assert f"carried one banner: {KOREAN}. It was also sung." in text
    assert "(서울 大韓 행진)" in text
    assert TC_SENTENCE in text.replace(" ", "")  # Chinese is set as before


def test_korean_runs_are_marked_outside_korean_documents_only() -> None:
    paragraph = nodes.paragraph("", "", nodes.Text(f"Banner: {KOREAN}. 中文 字."))
    title = nodes.title("", "", nodes.Text(KOREAN))
    tree = nodes.section("", title, paragraph)
    keep_korean_spaces(tree, lambda docname: "en", "en")
    marked = [node.astext() for node in tree.findall(nodes.inline)]
    assert marked == [KOREAN]  # not the title (bookmarks take no LaTeX), not the Chinese
    assert paragraph.astext() == f"Banner: {KOREAN}. 中文 字."
    in_korean = nodes.paragraph("", "", nodes.Text(KOREAN))
    keep_korean_spaces(in_korean, lambda docname: "ko", "ko")
    assert not list(in_korean.findall(nodes.inline))
