"""The {redact} role, the refusal of `only` and of orphan pages, in real Sphinx builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import docutils_namespace

CONF = (
    'extensions = ["myst_parser", "crossings.sphinx.redact"]\nlanguage = "{lang}"\nhtml_copy_source = False\n'
)


def build(tmp_path: Path, pages: dict[str, str], edition: str, lang: str = "en") -> Path:
    """Build *pages* with the role's extension only; return the output folder."""
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    (src / "conf.py").write_text(CONF.format(lang=lang), "utf-8")
    for name, text in pages.items():
        (src / f"{name}.md").write_text(text, "utf-8")
    out = tmp_path / "out"
    with docutils_namespace():  # or the registered directives leak into later builds in this process
        app = Sphinx(
            str(src),
            str(src),
            str(out),
            str(tmp_path / "doctrees"),
            "html",
            confoverrides={"crossings_edition": edition},
            status=None,
            warning=None,
            freshenv=True,
        )
        app.build()
    return out


INDEX = "# Home\n\nWe met {redact}`Somchai Example` there.\n\n```{toctree}\nother\n```\n"
OTHER = "# Other\n\nNothing.\n"


def test_public_edition_shows_the_marker_and_never_the_name(tmp_path: Path) -> None:
    out = build(tmp_path, {"index": INDEX, "other": OTHER}, "public")
    html = (out / "index.html").read_text("utf-8")
    assert "Somchai" not in html
    assert '<span class="crossings-redacted">[name withheld]</span>' in html
    assert "Somchai" not in (out / "searchindex.js").read_text("utf-8")
    assert not any("Somchai" in p.read_text("utf-8", "replace") for p in out.rglob("*") if p.is_file())


def test_marker_is_in_the_build_language(tmp_path: Path) -> None:
    out = build(tmp_path, {"index": INDEX, "other": OTHER}, "public", lang="th")
    assert "[สงวนชื่อ]" in (out / "index.html").read_text("utf-8")


def test_internal_edition_shows_the_name_marked(tmp_path: Path) -> None:
    out = build(tmp_path, {"index": INDEX, "other": OTHER}, "internal")
    assert '<span class="crossings-redact">Somchai Example</span>' in (out / "index.html").read_text("utf-8")


def test_only_directive_is_refused_with_the_file(tmp_path: Path) -> None:
    page = "# Home\n\n```{only} internal\nhidden\n```\n"
    with pytest.raises(ExtensionError, match=r"index.md:3: the `only` directive is not allowed"):
        build(tmp_path, {"index": page}, "public")


def test_orphans_are_refused_in_the_public_edition_only(tmp_path: Path) -> None:
    pages = {"index": "# Home\n", "stray": "# Stray\n"}
    with pytest.raises(ExtensionError, match="not reachable from any table of contents: stray"):
        build(tmp_path, pages, "public")
    assert (build(tmp_path, pages, "internal") / "stray.html").is_file()


def test_pages_marked_orphan_are_allowed(tmp_path: Path) -> None:
    pages = {"index": "# Home\n", "stray": "---\norphan: true\n---\n# Stray\n"}
    assert (build(tmp_path, pages, "public") / "stray.html").is_file()
