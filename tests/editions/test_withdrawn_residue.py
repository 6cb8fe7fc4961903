"""A withdrawn document leaves nothing in the site being rebuilt even when that rebuild fails:
its page, citation files, OAI-PMH record, corpus sections and index entries, and every page,
sitemap, inventory and static OAI file of the site built before (real Sphinx builds, a real
index); an e-book build writes no search corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossings.archive import Archive
from crossings.errors import CrossingsError
from crossings.oai.repository import read
from crossings.publish.sphinx_build import build_site
from tests.editions.test_searchindex_words import WORD, archive_with_two, crossings, hits, terms, withdraw

pytestmark = pytest.mark.slow


def test_a_failed_rebuild_after_a_withdrawal_leaves_nothing_of_it(tmp_path: Path) -> None:
    root = archive_with_two(tmp_path)
    base = root / "build" / "public"
    site = base / "html" / "en"
    for path in ("documents/pier.html", "_cite/pier.bib", "_cite/all_documents.bib", "sitemap.xml"):
        assert (site / path).is_file(), path
    assert "pier" in (site / "oai-static.xml").read_text("utf-8")
    assert hits(root, WORD) == 1
    withdraw(root)
    with pytest.raises(CrossingsError):  # Sphinx stops before writing anything
        build_site(Archive.at(root), overrides={"html_theme": "no-such-theme"})
    assert not (site / "documents" / "pier.html").exists()
    assert not list((site / "_cite").glob("pier.*")) and not list((site / "_cite").glob("all_documents.*"))
    for gathering in ("sitemap.xml", "oai-static.xml"):
        path = site / gathering
        assert not path.exists() or "pier" not in path.read_text("utf-8"), gathering
    assert [record.id for record in read(base / "oai" / "en.json").records] == ["market"]
    assert WORD not in (base / "corpus" / "en.jsonl").read_text("utf-8")
    assert not (site / "searchindex.js").exists() or WORD not in terms(site)
    assert hits(root, WORD) == 0 and hits(root, "market") == 1
    crossings(root, "check", "--leaks")  # nor does any other page (links, lists, inventory) name it
    crossings(root, "build", "html")  # the next build writes the gathering files again
    assert (site / "sitemap.xml").is_file() and (site / "_cite" / "all_documents.bib").is_file()


def test_the_e_book_build_writes_no_search_corpus(tmp_path: Path) -> None:
    root = archive_with_two(tmp_path)
    stale = root / "build" / "public" / "epub" / "corpus"
    stale.mkdir(parents=True)
    (stale / "en.jsonl").write_text('{"id": "pier"}\n', "utf-8")  # as older versions left it
    crossings(root, "build", "epub")
    assert (root / "build" / "public" / "epub" / "en").is_dir()
    assert not stale.exists()


def test_a_new_withheld_name_takes_the_papers_pdfs_of_the_site_being_built(tmp_path: Path) -> None:
    """A paper's PDF beside its page was typeset before the name was listed: the html build that
    follows must not leave it served (until `crossings build papers` typesets it again)."""
    import subprocess

    root = archive_with_two(tmp_path)
    market = root / "source" / "documents" / "market.md"
    market.write_text(market.read_text("utf-8") + "\nWanida Pornsiri met us there.\n", "utf-8")
    crossings(root, "build", "html")
    crossings(root, "build", "papers")
    pdf = root / "build" / "public" / "html" / "en" / "documents" / "market.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Pornsiri" in text
    (root / "redactions.csv").write_text("name,documents,note\nWanida Pornsiri,,\n", "utf-8")
    crossings(root, "build", "html")
    assert not pdf.exists()
    crossings(root, "check", "--leaks")
