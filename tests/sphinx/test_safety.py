"""Hostile content (test-hostile root): raw HTML, file inclusion, outside and remote files, bad metadata."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from crossings.archive import Archive
from crossings.publish.sphinx_build import BuildResult, build_site
from tests.sphinx.htmltools import external, read

pytestmark = pytest.mark.slow
CANARY = "OUTSIDE-FILE-CANARY-7f3a"


@pytest.fixture
def hostile(make_root: Callable[[str], Archive], tmp_path: Path) -> BuildResult:
    """The hostile root, its ../../etc/hostname-style paths aimed at a canary file outside the archive."""
    archive = make_root("hostile")
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(CANARY + "\n", encoding="utf-8")
    doc = archive.documents / "evil.md"
    doc.write_text(doc.read_text("utf-8").replace("/etc/hostname", str(secret)), encoding="utf-8")
    return build_site(archive)


def everything(out: Path) -> bytes:
    """Every byte of the output."""
    return b"".join(p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file())


def test_raw_html_and_inclusion_do_not_pass(hostile: BuildResult) -> None:
    page = read(hostile.outdir / "documents/evil.html")
    assert not [e for e in page.find("script") if "RAW-BLOCK-CANARY" in e.text]
    classes = set().union(*(e.classes for e in page.elements))
    assert not classes & {"RAW-INLINE-CANARY", "RAW-DIRECTIVE-CANARY", "RST-RAW-CANARY"}
    assert CANARY.encode() not in everything(hostile.outdir)
    assert CANARY.encode() not in everything(hostile.srcdir.parent.parent / "doctrees")


def test_outside_files_are_not_copied(hostile: BuildResult) -> None:
    copied = {
        p.name
        for p in hostile.outdir.rglob("*")
        if p.is_file() and p.parent.name in {"_images", "_downloads"}
    }
    assert copied == {"ok.png"}
    assert any("secret.txt" in w and "[crossings.media]" in w for w in hostile.warnings), hostile.warnings


def test_remote_images_are_dropped(hostile: BuildResult) -> None:
    page = read(hostile.outdir / "documents/evil.html")
    assert not [url for url in page.loads() if external(url)]
    assert any("tracker.example.com" in w and "[crossings.media]" in w for w in hostile.warnings)


def test_math_needs_no_cdn(hostile: BuildResult) -> None:
    page = read(hostile.outdir / "documents/evil.html")
    displayed = [e for e in page.find("math") if e.inside("math")]
    assert [m.text.strip() for m in displayed] == ["x2", "E=mc2"]  # MathML, built here
    assert [m.attrs.get("display") for m in displayed] == ["block", "block"]
    assert not [url for url in page.loads() if "mathjax" in url.lower()]


def test_unknown_terms_warn_with_type_subtype_and_location(hostile: BuildResult) -> None:
    theme = [w for w in hostile.warnings if "no-such-theme" in w]
    assert theme and "[crossings.theme]" in theme[0]
    assert (
        "source/documents/evil.md:7" in theme[0]
    )  # the archive's path and the themes line, not the staged copy
    country = [w for w in hostile.warnings if "'ZZ'" in w]
    assert country and "[crossings.country]" in country[0]


def test_hand_written_page_wins(hostile: BuildResult) -> None:
    page = read(hostile.outdir / "routes.html")
    assert "Our own routes page" in " ".join(e.text for e in page.find("h1"))


def test_docutils_include_is_refused(hostile: BuildResult) -> None:
    assert any("include" in w.lower() and "disabled" in w.lower() for w in hostile.warnings), hostile.warnings
