"""The {lang} role and directive in HTML (lang attributes) and LaTeX (font-switching classes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossings.archive import Archive
from crossings.publish.sphinx_build import build_site
from crossings.sphinx.lang import split_role_text
from tests.i18n.archive import make_archive
from tests.i18n.html import page

MARKUP = """# Passages

She said {lang}`*我們*不是罪犯 <zh-Hant>` twice.

```{lang} th
ย่อหน้า "ภาษา" ไทย
```

A broken one: {lang}`no tag here`.
"""


def test_role_text_needs_a_valid_tag() -> None:
    assert split_role_text("我們 <zh-Hant>") == ("我們", "zh-Hant")
    assert split_role_text("a <b> c <th>") == ("a <b> c", "th")
    assert split_role_text("no tag") is None
    assert split_role_text("bad <not a tag>") is None


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """The test archive with a page of marked passages."""
    root = make_archive(tmp_path_factory.mktemp("lang") / "archive")
    (root / "source" / "passages.md").write_text("---\norphan: true\n---\n" + MARKUP, encoding="utf-8")
    return Archive.at(root)


@pytest.mark.slow
def test_html_carries_the_language_of_each_passage(archive: Archive) -> None:
    result = build_site(archive, "html", "public", "en")
    html = page(result.outdir / "passages.html")
    span = html.find("span", lang="zh-Hant")
    assert len(span) == 1 and "crossings-lang" in span[0].classes
    assert span[0].text == "我們不是罪犯"
    assert [e.tag for e in html.elements if e.ancestors and e.ancestors[-1] is span[0]] == ["em"]
    block = html.find("div", lang="th")
    assert block and "ภาษา" in block[0].text
    assert any("passages.md" in line and "lang role needs" in line for line in result.warnings)
    assert not any("smart quotes" in line for line in result.warnings)


@pytest.mark.slow
def test_latex_switches_fonts_through_language_classes(archive: Archive) -> None:
    def proceedings(srcdir: Path) -> None:
        text = "---\norphan: true\n---\n# Proceedings\n\n```{toctree}\npassages\n```\n"
        (srcdir / "proceedings.md").write_text(text, encoding="utf-8")

    result = build_site(archive, "latex", "public", "en", prepare=proceedings)
    tex = "".join(path.read_text(encoding="utf-8") for path in result.outdir.glob("*.tex"))
    assert r"\DUrole{language-zh-Hant}{\sphinxstyleemphasis{我們}不是罪犯}" in tex
    assert r"\begin{sphinxuseclass}{language-th}" in tex
