"""Conversion cases: each tests/cases/<case>/input.* must give expected.md and expected-report.txt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.ingest.cases import CASE_ID, CASES, CaseResult, case_names, run_case
from tests.ingest.myst_tokens import unsafe

REGENERATE = os.environ.get("CROSSINGS_REGENERATE") == "1"
NAMES = case_names()


@pytest.fixture(scope="module")
def results() -> dict[str, CaseResult]:
    """Every case converted once (pandoc runs are the slow part)."""
    return {name: run_case(name) for name in NAMES}


def test_every_case_is_documented() -> None:
    assert len(NAMES) >= 10
    for name in NAMES:
        readme = CASES / name / "README.md"
        assert readme.is_file() and readme.read_text(encoding="utf-8").strip(), (
            f"{name}: README.md says what it proves"
        )


@pytest.mark.parametrize("name", NAMES)
def test_case_matches_expected(name: str, results: dict[str, CaseResult]) -> None:
    result = run_case(name) if REGENERATE else results[name]
    folder = CASES / name
    if REGENERATE:
        (folder / "expected.md").write_text(result.body, encoding="utf-8")
        (folder / "expected-report.txt").write_text(result.report, encoding="utf-8")
    assert result.body == (folder / "expected.md").read_text(encoding="utf-8")
    assert result.report == (folder / "expected-report.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_case_output_is_inert_myst(name: str, results: dict[str, CaseResult]) -> None:
    body = results[name].body
    assert "[TABLE]" not in body
    assert unsafe(body, CASE_ID) == []


@pytest.mark.parametrize(
    "name", ["docx-pandoc", "docx-libreoffice", "odt-pandoc", "odt-libreoffice", "epub-pandoc"]
)
def test_rich_documents_keep_their_structure(name: str, results: dict[str, CaseResult]) -> None:
    body = results[name].body
    report = results[name].report
    assert "# Migration routes" in body and "## Lists" in body
    assert "*emphasis*" in body and "**strong**" in body
    assert "[link](https://example.org/report)" in body
    assert "[^1]" in body and "The footnote text." in body
    assert "nested one" in body and "first item" in body
    assert "```{list-table}" in body and "Thailand and Malaysia" in body
    assert "| 1   | 2   |" in body
    assert f"]({CASE_ID}/image-1.png)" in body and f"media: {CASE_ID}/image-1.png" in report


def test_block_quotes_survive(results: dict[str, CaseResult]) -> None:
    for name in ("docx-pandoc", "docx-libreoffice", "odt-pandoc", "odt-libreoffice", "epub-pandoc"):
        assert "> A block quote from a worker." in results[name].body, name


def test_hostile_html_loses_every_active_part(results: dict[str, CaseResult]) -> None:
    body = results["html-hostile"].body
    report = results["html-hostile"].report
    for gone in (
        "script",
        "evil.example",
        "javascript",
        "etc/hostname",
        "secret.png",
        "file:",
        "onclick",
        "iframe",
    ):
        assert gone not in body
    assert "[harbour](https://example.org/map)" in body
    assert "[the office](mailto:office@example.org)" in body
    assert "host name" in body and "tracker" in body  # descriptions kept as text
    assert "javascript:alert(document.domain)" in report and "/etc/hostname" in report


def test_myst_syntax_in_markdown_stays_text(results: dict[str, CaseResult]) -> None:
    body = results["md-directives"].body
    assert "{include}" not in body.replace("\\{include\\}", "")
    assert "\\% this line must not become a comment" in body
    assert "<script>alert(1)</script>" in body  # inside an inert code block, visible as text


def test_plain_text_reads_back_literally(results: dict[str, CaseResult]) -> None:
    from tests.ingest.myst_tokens import tokens

    body = results["txt-plain"].body
    kinds = {token.type for token in tokens(body)}
    assert kinds <= {
        "heading_open",
        "heading_close",
        "inline",
        "text",
        "paragraph_open",
        "paragraph_close",
        "softbreak",
    }
    text = "".join(token.content for token in tokens(body) if token.type == "text")
    assert "# not a heading, * not a list, 1. not a list either" in text
    assert "<b>not html</b> and `not code` and [not](a-link) and {raw}`x` and {{ y }}" in text


def test_rtf_code_page_950_is_chinese(results: dict[str, CaseResult]) -> None:
    assert "中文報告" in results["rtf-big5"].body


def test_docx_review_markup_is_explicit(results: dict[str, CaseResult]) -> None:
    body = results["docx-hidden-tracked"].body
    report = results["docx-hidden-tracked"].report
    assert "Kept INSERTED" in body and "DELETED" not in body
    assert "REVIEWER COMMENT" not in body and "Bob" not in body
    assert "HIDDEN NOTE" not in body and "Visible text." in body
    assert "Jane" not in body
    # The creator's name is in the properties only (never published): nothing for the editor to do.
    assert "personal name" not in report and "redactions.csv" not in report
    assert (
        "hidden text left out" in report
        and "comments dropped" in report
        and "tracked changes accepted" in report
    )


@pytest.mark.slow
def test_cases_build_with_sphinx_without_warnings(tmp_path: Path, results: dict[str, CaseResult]) -> None:
    from sphinx.cmd.build import build_main

    source = tmp_path / "source"
    for name, result in results.items():
        (source / name).mkdir(parents=True)
        (source / name / "index.md").write_text(result.body, encoding="utf-8")
        for media, data in result.media.items():
            (source / name / media).parent.mkdir(exist_ok=True)
            (source / name / media).write_bytes(data)
    toctree = "\n".join(f"{name}/index" for name in results)
    (source / "index.md").write_text(f"# Cases\n\n```{{toctree}}\n{toctree}\n```\n", encoding="utf-8")
    (tmp_path / "conf.py").write_text(
        'extensions = ["myst_parser"]\nmyst_enable_extensions = ["colon_fence", "dollarmath", "deflist"]\n'
        "suppress_warnings = ['myst.header']\n",
        encoding="utf-8",
    )
    out = tmp_path / "html"
    assert build_main(["-q", "-W", "-b", "html", "-c", str(tmp_path), str(source), str(out)]) == 0
    html = (out / "docx-pandoc" / "index.html").read_text(encoding="utf-8")
    assert html.count("<table") == 2 and "Thailand and Malaysia" in html and "<img" in html
