"""Parallel and incremental builds of the test-site root give the pages a fresh serial build gives."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from crossings.archive import Archive
from crossings.publish.sphinx_build import build_site
from tests.sphinx.conftest import copy_root
from tests.sphinx.htmltools import documents_listed, read, target

pytestmark = pytest.mark.slow
# Parts of a page that legitimately differ between two builds of the same content.
_VOLATILE = re.compile(r"\?v=[0-9a-f]+|<script[^>]*documentation_options[^>]*></script>")


def pages(out: Path) -> dict[str, str]:
    """Every HTML page of a build, by relative path, minus cache-busting suffixes."""
    return {
        p.relative_to(out).as_posix(): _VOLATILE.sub("", p.read_text("utf-8"))
        for p in sorted(out.rglob("*.html"))
    }


def test_parallel_build_gives_the_same_pages(tmp_path: Path) -> None:
    serial = build_site(copy_root("site", tmp_path / "one"), jobs=1)
    parallel = build_site(copy_root("site", tmp_path / "two"), jobs=2)
    assert parallel.warnings == []  # Sphinx warns when an extension makes it fall back to serial
    one, two = pages(serial.outdir), pages(parallel.outdir)
    assert len(one) > 30
    assert one == two


def edit_countries(doc: Path, old: str, new: str) -> None:
    """Change the countries line of a document, making its mtime newer."""
    text = doc.read_text("utf-8")
    assert old in text
    doc.write_text(text.replace(old, new), encoding="utf-8")
    stat = doc.stat()
    os.utime(doc, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_incremental_build_updates_country_pages(make_root: Callable[[str], Archive]) -> None:
    archive = make_root("site")
    first = build_site(archive)
    assert "documents/my-health" in documents_listed(first.outdir, "countries/sg.html")
    untouched = first.outdir / "documents/opening.html"
    before = untouched.stat().st_mtime_ns
    edit_countries(archive.documents / "my-health.md", "countries: [MY, SG]", "countries: [MY, PH]")
    second = build_site(archive)
    assert "documents/my-health" not in documents_listed(second.outdir, "countries/sg.html")
    assert documents_listed(second.outdir, "countries/ph.html") == {"documents/my-health"}
    assert "documents/my-health" in documents_listed(second.outdir, "countries/my.html")
    panel = {
        a.attrs["href"]
        for a in read(second.outdir / "documents/my-health.html").find("a")
        if a.inside("crossings-panel")
    }
    assert "../countries/ph.html" in panel and "../countries/sg.html" not in panel
    assert untouched.stat().st_mtime_ns == before, "a page unrelated to the edit was rewritten"
    fresh = build_site(archive, fresh=True)
    assert pages(fresh.outdir) == pages(second.outdir)


def test_incremental_build_prunes_what_is_gone(make_root: Callable[[str], Archive]) -> None:
    archive = make_root("site")
    first = build_site(archive)
    assert (first.outdir / "countries/cn.html").is_file()
    (archive.documents / "hk-report.md").unlink()  # the only document naming CN
    second = build_site(archive)
    assert not (second.outdir / "countries/cn.html").exists()
    assert not (second.outdir / "documents/hk-report.html").exists()
    assert not (second.outdir / "_cite/hk-report.bib").exists()
    assert "hk-report" not in (second.outdir / "_cite/all_documents.ris").read_text("utf-8")
    assert "th-report" in (second.outdir / "_cite/all_documents.ris").read_text("utf-8")
    assert not (second.srcdir / "documents/hk-report.md").exists()
    assert "documents/hk-report" not in documents_listed(second.outdir, "themes/law-and-policy.html")
    related = read(second.outdir / "documents/th-report.html")
    assert not [a for a in related.find("a") if "hk-report" in a.attrs.get("href", "")]


def test_restricting_a_published_document_removes_it(make_root: Callable[[str], Archive]) -> None:
    archive = make_root("site")
    first = build_site(archive)
    assert (first.outdir / "documents/th-report.html").is_file()
    assert (first.outdir / "_images/map.png").is_file()
    combined = [first.outdir / f"_cite/all_documents.{ext}" for ext in ("bib", "ris", "json")]
    assert all("th-report" in path.read_text("utf-8") for path in combined)
    edit_countries(archive.documents / "th-report.md", "access: public", "access: restricted")
    second = build_site(archive)
    # The whole site's citation files are written again without it (the translation goes too).
    assert not any("th-report" in path.read_text("utf-8") for path in combined)
    assert "hk-report" in combined[0].read_text("utf-8")
    assert not (second.outdir / "documents/th-report.html").exists()
    assert not (second.srcdir / "documents/th-report.md").exists()
    assert not (second.srcdir / "documents/th-report").exists()  # its media folder
    assert not (second.outdir / "_images/map.png").exists()
    assert not (second.outdir / "_cite/th-report.bib").exists()
    assert "documents/th-report" not in documents_listed(second.outdir, "countries/th.html")
    sitemap = (second.outdir / "sitemap.xml").read_text("utf-8")
    assert "th-report.html" not in sitemap
    # Its translation carries the same text: it is withheld with it.
    assert "th-report-th.html" not in sitemap and not (second.outdir / "documents/th-report-th.html").exists()
    assert (
        second.staged.reasons["documents/th-report-th.md"] == "a translation of th-report, which is withheld"
    )


def test_hand_written_page_added_later_replaces_the_generated_one(
    make_root: Callable[[str], Archive],
) -> None:
    archive = make_root("site")
    first = build_site(archive)
    assert read(first.outdir / "routes.html").find("svg")
    (archive.source / "routes.md").write_text("# Our routes\n\nBy hand.\n", encoding="utf-8")
    index = archive.source / "index.md"
    index.write_text(index.read_text("utf-8").replace("about\n", "about\nroutes\n"), encoding="utf-8")
    second = build_site(archive)
    assert "Our routes" in " ".join(h.text for h in read(second.outdir / "routes.html").find("h1"))
    (archive.source / "routes.md").unlink()
    index.write_text(index.read_text("utf-8").replace("about\nroutes\n", "about\n"), encoding="utf-8")
    third = build_site(archive)
    assert read(third.outdir / "routes.html").find("svg")


def embedded_lists(out: Path, page: str) -> list[set[str]]:
    """The documents of each crossings-list on *page*, in page order."""
    parsed = read(out / page)
    lists = parsed.find("ul", "crossings-list")
    return [
        {target(page, a.attrs["href"]).removesuffix(".html") for a in parsed.find("a") if ul in a.parents}
        for ul in lists
    ]


def test_embedded_lists_follow_metadata_edits(make_root: Callable[[str], Archive]) -> None:
    archive = make_root("site")
    first = build_site(archive)
    law, session = embedded_lists(first.outdir, "about.html")
    assert "documents/hk-report" in law and "documents/hk-report" in session
    edit_countries(
        archive.documents / "hk-report.md",
        "themes: [law-and-policy, police-and-violence]",
        "themes: [police-and-violence]",
    )
    second = build_site(archive)
    law, session = embedded_lists(second.outdir, "about.html")
    assert law == {"documents/th-report", "documents/th-report-th"}
    assert "documents/hk-report" in session


def test_a_site_left_without_documents_has_no_whole_archive_citation_files(
    make_root: Callable[[str], Archive],
) -> None:
    archive = make_root("site")
    first = build_site(archive)
    combined = [first.outdir / f"_cite/all_documents.{ext}" for ext in ("bib", "ris", "json")]
    assert all(path.is_file() for path in combined)
    assert "crossings-cite-all" in (first.outdir / "browse.html").read_text("utf-8")
    for document in archive.documents.glob("*.md"):
        document.unlink()
    second = build_site(archive)
    assert not any(path.exists() for path in combined)
    assert "crossings-cite-all" not in (second.outdir / "browse.html").read_text("utf-8")
    assert "crossings-cite-all" not in (second.outdir / "search-service.html").read_text("utf-8")


def test_new_doctree_code_reads_every_page_again(
    make_root: Callable[[str], Archive], monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an upgrade that changes the redaction or the extension, an incremental build must
    not keep unchanged pages' doctrees (made by the old code: a name the new code withholds
    would stay in their HTML)."""
    import crossings.sphinx

    archive = make_root("site")
    build_site(archive)
    doctree = next(archive.root.glob("build/*/doctrees/html/**/documents/opening.doctree"))
    made = doctree.stat().st_mtime_ns
    build_site(archive)
    assert doctree.stat().st_mtime_ns == made  # nothing changed: the page is not read again
    original = crossings.sphinx.code_version
    monkeypatch.setattr(crossings.sphinx, "code_version", lambda: original() + 1)
    build_site(archive)
    assert doctree.stat().st_mtime_ns > made


def test_code_version_follows_the_source(tmp_path: Path) -> None:
    import crossings.sphinx
    from crossings.sphinx import code_version

    (tmp_path / "redact").mkdir()
    (tmp_path / "sphinx").mkdir()
    module = tmp_path / "redact" / "names.py"
    module.write_text("NAMES = 1\n", "utf-8")
    before = code_version(tmp_path)
    assert code_version(tmp_path) == before
    module.write_text("NAMES = 2\n", "utf-8")
    assert code_version(tmp_path) != before
    assert code_version() == code_version(Path(crossings.sphinx.__file__).resolve().parents[1])
