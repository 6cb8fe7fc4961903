"""A withdrawn or deleted document leaves no word in Sphinx's searchindex.js after a rebuild
(Sphinx keeps a removed page's words as terms of no document), and `check --leaks` counts the
words of a withdrawn document that a searchindex.js still holds (real Sphinx builds)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crossings import searchindex
from crossings.catalog.frontmatter import dump
from crossings.init import create_archive

pytestmark = pytest.mark.slow

WORD = "westward"  # in the document withdrawn below only


def crossings(root: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "crossings", *args, "--archive", str(root)], capture_output=True, text=True
    )
    assert (done.returncode == 0) == ok, done.stdout + done.stderr
    return done


def archive_with_two(tmp_path: Path) -> Path:
    """An archive with a base URL and two public documents, built in English and indexed."""
    root = tmp_path / "archive"
    create_archive(root, "Residue", contact="archive@example.org")  # OAI-PMH on: oai-static.xml
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\ncrossings_base_url = "https://archive.example.org/"\n')
    docs = root / "source" / "documents"
    docs.mkdir(parents=True)
    meta = {"id": "pier", "title": "Pier notes", "type": "paper", "language": "en", "access": "public"}
    body = f"# Pier notes\n\nThe ferry goes {WORD} from the pier at dawn.\n"
    (docs / "pier.md").write_text(dump(meta) + body, "utf-8")
    meta = {**meta, "id": "market", "title": "Market notes"}
    (docs / "market.md").write_text(dump(meta) + "# Market notes\n\nThe night market.\n", "utf-8")
    crossings(root, "build", "html")
    crossings(root, "index")
    return root


def withdraw(root: Path) -> None:
    page = root / "source" / "documents" / "pier.md"
    page.write_text(page.read_text("utf-8").replace("access: public", "access: restricted"), "utf-8")


def terms(site: Path) -> dict[str, object]:
    data = searchindex.read(site / "searchindex.js")
    assert data is not None
    return {**data["terms"], **data["titleterms"]}


def hits(root: Path, query: str) -> int:
    return int(json.loads(crossings(root, "search", query, "--json").stdout)["total"])


def test_a_rebuild_leaves_no_word_of_a_withdrawn_document_in_searchindex_js(tmp_path: Path) -> None:
    root = archive_with_two(tmp_path)
    site = root / "build" / "public" / "html" / "en"
    assert WORD in terms(site)
    withdraw(root)
    crossings(root, "build", "html")
    left = terms(site)
    assert WORD not in left and "pier" not in left
    assert all(searchindex.documents(value) for value in left.values())  # no term of no page
    assert "market" in left
    assert WORD not in (site / "searchindex.js").read_text("utf-8")
    crossings(root, "check", "--leaks")


def test_check_leaks_counts_a_withdrawn_documents_words_left_in_searchindex_js(tmp_path: Path) -> None:
    root = archive_with_two(tmp_path)
    site = root / "build" / "public" / "html" / "en"
    before = (site / "searchindex.js").read_bytes()
    withdraw(root)
    crossings(root, "build", "html")
    crossings(root, "check", "--leaks")
    data = searchindex.read(site / "searchindex.js")
    assert data is not None
    data["terms"][WORD] = []  # what Sphinx's own pruning leaves of a page it no longer has
    (site / "searchindex.js").write_text(searchindex.dumps(data), "utf-8")
    done = crossings(root, "check", "--leaks", ok=False)
    assert "searchindex.js: leak: 1 word of restricted document pier in its terms" in done.stdout
    assert WORD not in done.stdout + done.stderr  # counted, never echoed
    (site / "searchindex.js").write_bytes(before)  # an index from before the withdrawal
    done = crossings(root, "check", "--leaks", ok=False)
    assert "words of restricted document pier in its terms" in done.stdout


def test_a_page_deleted_from_the_source_leaves_no_word_in_searchindex_js(tmp_path: Path) -> None:
    """No change of protection state (the site is built incrementally): Sphinx's own pruning."""
    root = archive_with_two(tmp_path)
    site = root / "build" / "public" / "html" / "en"
    (root / "source" / "documents" / "pier.md").unlink()
    crossings(root, "build", "html")
    left = terms(site)
    assert WORD not in left and "market" in left
    assert all(searchindex.documents(value) for value in left.values())
