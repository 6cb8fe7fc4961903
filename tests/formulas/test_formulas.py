"""Formulas offline: MathML in the site and the EPUB, typeset math in the PDF, TeX source when neither can."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from crossings.publish.epub import build_epub, epubcheck_command
from crossings.publish.pdf import build_pdf
from crossings.publish.sphinx_build import BuildResult, build_site
from tests.formulas.archive import INPUT_LINE, UNKNOWN_LINE, make_formula_archive, make_formula_site
from tests.proceedings.conftest import needs_tex, pdf_text
from tests.sphinx.htmltools import Element, external, read

pytestmark = pytest.mark.slow
OWN = "crossings-quick-exit.js"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The English site of the formula archive."""
    return build_site(make_formula_site(tmp_path_factory.mktemp("formulas") / "archive"))


def children(page_elements: list[Element], parent: Element) -> list[Element]:
    """The elements directly inside *parent*."""
    return [e for e in page_elements if e.parents and e.parents[-1] is parent]


def test_formulas_are_mathml_with_their_structure(site: BuildResult) -> None:
    page = read(site.outdir / "documents/formulas.html")
    formulas = page.find("math")
    assert len(formulas) == 5  # four in the text, one displayed
    assert all(m.attrs.get("xmlns") == "http://www.w3.org/1998/Math/MathML" for m in formulas)
    fraction = next(e for e in page.find("mfrac") if formulas[0] in e.parents)
    assert [c.text for c in children(page.elements, fraction)] == ["a", "b"]
    total = formulas[1]
    assert "∑" in total.text and any(total in e.parents for e in page.find("msubsup"))
    assert formulas[2].text == "α+β"
    displayed = formulas[4]
    assert displayed.attrs.get("display") == "block" and displayed.parents[-1].tag == "div"
    assert "∫" in displayed.text and "π" in displayed.text
    assert not [m for m in formulas if "\\" in m.text]  # no TeX left anywhere


def test_the_page_loads_nothing_for_formulas(site: BuildResult) -> None:
    page = read(site.outdir / "documents/formulas.html")
    assert not [url for url in page.loads() if external(url)]
    assert not [url for url in page.loads() if "mathjax" in url.lower() or "katex" in url.lower()]
    sources = [s.attrs["src"] for s in page.find("script") if "src" in s.attrs]
    scripts = {src.split("?")[0].rsplit("/", 1)[-1] for src in sources}
    ours = {OWN, "crossings-one-entry.js"}
    assert scripts <= {"documentation_options.js", "doctools.js", "sphinx_highlight.js", "furo.js", *ours}


def test_prices_stay_text(site: BuildResult) -> None:
    page = read(site.outdir / "documents/formulas.html")
    assert any("Prices of $5 and $10 stay text." in p.text for p in page.find("p"))


def test_unsupported_tex_is_its_source_with_a_warning_at_its_line(site: BuildResult) -> None:
    page = read(site.outdir / "documents/formulas.html")
    shown = [c.text for c in page.find("code", "crossings-tex")]
    assert shown == [r"\foo{x}", r"\input{/etc/hostname}"]
    warned = [w for w in site.warnings if "[crossings.math]" in w]
    assert any(f"source/documents/formulas.md:{UNKNOWN_LINE}:" in w and r"\foo" in w for w in warned), warned
    assert any(f"source/documents/formulas.md:{INPUT_LINE}:" in w and r"\input" in w for w in warned), warned
    assert site.problems == []  # a formula shown as source is a warning, not a failed document


@needs_tex
def test_pdf_typesets_the_formulas(tmp_path: Path) -> None:
    archive = make_formula_archive(tmp_path / "archive")
    result = build_pdf(archive, "public", "en")
    text = pdf_text(result.pdf)
    section = text[text.index("Sample text written for the tests") :]
    for symbol in ("∑", "α", "β", "π", "∫"):
        assert symbol in section, symbol
    for command in (r"\frac", r"\sum", r"\alpha", r"\int", r"\pi"):
        assert command not in section, command
    assert r"\foo{x}" in section  # shown as its source, in the text
    tex = (result.pdf.parent / "proceedings.tex").read_text("utf-8")
    assert r"\(\frac{a}{b}\)" in tex
    assert r"\input{/etc/hostname}" not in tex  # never given to xelatex as a command


@pytest.mark.skipif(epubcheck_command() is None, reason="epubcheck (Debian package) and java are needed")
def test_epub_holds_mathml_declared_in_its_manifest(tmp_path: Path) -> None:
    archive = make_formula_archive(tmp_path / "archive")
    _result, epub = build_epub(archive, "public", "en")  # raises on any epubcheck error
    with zipfile.ZipFile(epub) as book:
        page = book.read("documents/formulas.xhtml").decode("utf-8")
        opf = book.read("content.opf").decode("utf-8")
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML"' in page and "<mfrac>" in page
    assert 'href="documents/formulas.xhtml" media-type="application/xhtml+xml" properties="mathml"' in opf
    assert 'href="documents/handbook.xhtml" media-type="application/xhtml+xml" />' in opf
