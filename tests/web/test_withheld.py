"""A document withdrawn since the site was built is refused at once, in-process (crossings.web.withheld).

The end-to-end version, with real builds and a real server, is tests/web/test_withdrawal_live.py.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from crossings.catalog.csvfile import write_catalog
from crossings.catalog.model import COLUMNS
from crossings.web.app import create_app
from crossings.web.derived import filtered
from crossings.web.withheld import Withheld
from tests.web.conftest import CORPUS, Built, raw_get

GONE = "hong-kong-police"  # the one document of the fixture from HK


def restrict(built: Built, doc_id: str) -> None:
    """The editor's withdrawal: a catalog row saying restricted for *doc_id*."""
    row = dict.fromkeys(COLUMNS, "")
    row.update(id=doc_id, title=doc_id, type="paper", language="en", access="restricted")
    write_catalog(built.archive.catalog, [row])


@pytest.fixture
def client(watching: TestClient) -> TestClient:
    """The watching client (tests/web/conftest.py)."""
    return watching


def test_addresses_of_a_withheld_document_are_refused_however_spelt() -> None:
    withheld = Withheld(frozenset({"documents/pier"}), frozenset({"pier"}), frozenset({"_images/pier.jpg"}))
    for rest in (
        "documents/pier.html",
        "documents/PIER.html",
        "documents/pier.html/",
        "documents/pier",
        "documents/pier/index.html",
        "documents/pier.pdf",
        "documents/pier.parallel-th.html",
        "_sources/documents/pier.md.txt",
        "_cite/pier.bib",
        "_cite/Pier.csl.json",
        "_images/pier.jpg",
    ):
        assert withheld.refuses(rest), rest
    for rest in ("documents/pier-market.html", "documents/market.html", "_cite/market.bib", "index.html"):
        assert not withheld.refuses(rest), rest


def test_a_withdrawn_page_is_the_usual_404_in_every_language(built: Built, client: TestClient) -> None:
    assert client.get(f"/th/documents/{GONE}.html").status_code == 200
    never = client.get("/en/documents/never-was.html")
    restrict(built, GONE)
    for path in (
        f"/en/documents/{GONE}.html",
        f"/th/documents/{GONE}.html",
        f"/en/documents/{GONE.upper()}.html",
        f"/en/documents//{GONE}.html",
        f"/en/documents/{GONE}.html?download=1",
    ):
        refused = client.get(path)
        assert refused.status_code == 404, path
        assert refused.text == never.text
        assert refused.headers["cache-control"] == never.headers["cache-control"] == "no-store"
    status, _ = raw_get(client.app, "/en/documents/hong-kong-p%6flice.html")
    assert status == 404
    assert client.get("/en/documents/thailand-report.html").status_code == 200


def test_a_symlink_to_a_withdrawn_page_is_refused_too(built: Built, client: TestClient) -> None:
    (built.html / "en" / "alias.html").symlink_to(built.html / "en" / "documents" / f"{GONE}.html")
    assert client.get("/en/alias.html").status_code == 200
    restrict(built, GONE)
    assert client.get("/en/alias.html").status_code == 404


def test_a_page_restricted_in_its_own_front_matter_saved_in_place_is_refused(
    built: Built, client: TestClient
) -> None:
    """The build withholds a document whose front matter restricts it, whatever the catalog says.
    An editor saving that page in place (as many editors do) changes no folder: the server
    looked only at the catalog and the folder, and kept serving it until the next build."""
    assert client.get(f"/en/documents/{GONE}.html").status_code == 200
    page = built.archive.source / "documents" / f"{GONE}.md"
    with page.open("r+", encoding="utf-8") as handle:
        text = handle.read().replace("access: public", "access: restricted")
        handle.seek(0)
        handle.write(text)
        handle.truncate()
    assert client.get(f"/en/documents/{GONE}.html").status_code == 404
    assert client.get("/api/search", params={"q": "violence"}).json()["total"] == 0  # only GONE says it
    assert client.get("/en/documents/thailand-report.html").status_code == 200


def test_search_leaves_it_out_before_paging_and_counting(built: Built, client: TestClient) -> None:
    before = client.get("/api/search", params={"q": "police"}).json()
    assert client.get("/api/search", params={"q": "violense"}).json()["suggestion"] == "violence"
    assert GONE in {hit["id"] for hit in before["hits"]} and "HK" in before["facets"]["country"]
    restrict(built, GONE)
    after = client.get("/api/search", params={"q": "police"}).json()
    assert GONE not in {hit["id"] for hit in after["hits"]}
    assert after["total"] == before["total"] - 1 and "HK" not in after["facets"]["country"]
    pages = [client.get("/api/search", params={"q": "police", "limit": 1, "page": n}).json() for n in (1, 2)]
    assert all(len(page["hits"]) == 1 and page["total"] == after["total"] for page in pages)
    facets = client.get("/api/facets").json()
    assert "HK" not in facets["facets"]["country"] and facets["total"] == len({r["id"] for r in CORPUS}) - 1
    assert client.get("/api/search", params={"q": "violence"}).json()["total"] == 0  # only GONE says it
    assert client.get("/api/search", params={"q": "violense"}).json()["suggestion"] is None


def test_an_unreadable_catalog_keeps_what_was_withheld_and_says_so_once(
    built: Built, client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    restrict(built, GONE)
    assert client.get(f"/en/documents/{GONE}.html").status_code == 404
    built.archive.catalog.write_text('file,id,title\n"half saved', encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="crossings.web"):
        for _ in range(3):
            assert client.get(f"/en/documents/{GONE}.html").status_code == 404
            assert client.get("/en/documents/thailand-report.html").status_code == 200
    said = [r.getMessage() for r in caplog.records if "cannot be read" in r.getMessage()]
    assert len(said) == 1 and str(built.archive.catalog) in said[0] and "CSV UTF-8" in said[0]


def test_restoring_access_does_not_publish_it_again_before_a_build(built: Built, client: TestClient) -> None:
    restrict(built, GONE)
    assert client.get(f"/en/documents/{GONE}.html").status_code == 404
    write_catalog(built.archive.catalog, [])
    assert client.get(f"/en/documents/{GONE}.html").status_code == 404
    (built.html / "en" / ".buildinfo").write_text("config: rebuilt\n", encoding="utf-8")  # a build ended
    assert client.get(f"/en/documents/{GONE}.html").status_code == 200


def test_the_internal_edition_keeps_serving_restricted_documents(built: Built) -> None:
    internal = built.archive.edition_dir("internal") / "html"
    internal.parent.mkdir(parents=True)
    built.html.rename(internal)
    restrict(built, GONE)
    with TestClient(create_app(built.archive, "internal")) as client:
        assert client.get(f"/en/documents/{GONE}.html").status_code == 200


def test_files_listing_every_document_are_sent_without_it(built: Built) -> None:
    cite = built.html / "en" / "_cite"
    cite.mkdir()
    (cite / "all_documents.bib").write_text(
        "@misc{keep,\n  title = {A}\n}\n\n@misc{gone,\n  title = {B}\n}\n"
    )
    (cite / "all_documents.ris").write_text(
        "TY  - GEN\nID  - keep\nER  - \n\nTY  - GEN\nID  - gone\nER  - \n"
    )
    (cite / "all_documents.json").write_text(json.dumps([{"id": "keep"}, {"id": "gone"}]))
    withheld = Withheld(frozenset({"documents/gone"}), frozenset({"gone"}))
    for name in ("all_documents.bib", "all_documents.ris", "all_documents.json"):
        body = filtered(cite / name, f"_cite/{name}", withheld)
        assert body is not None and b"keep" in body and b"gone" not in body, name
    page = built.html / "en" / "index.html"
    assert filtered(page, "index.html", withheld) == page.read_bytes()  # names none of them
    assert filtered(built.html / "en" / "_static" / "site.css", "_static/site.css", withheld) is None


def test_a_page_restricted_before_the_build_withholds_nothing(built: Built) -> None:
    """A document the last build already left out (restricted before it was built, as the demo
    archive's is) is not served anyway: it does not count as withheld, so listing files are sent
    as built and "did you mean" stays on."""
    from crossings.web.withheld import decide

    documents = built.archive.source / "documents"
    (documents / "never-built.md").write_text(
        "---\nid: never-built\naccess: restricted\n---\n# Secret\n", "utf-8"
    )
    assert not decide(built.archive, built.html)
    restrict(built, GONE)  # built, then withdrawn: withheld
    assert decide(built.archive, built.html).ids >= {GONE}
    assert "never-built" not in decide(built.archive, built.html).ids


def test_a_filtered_citation_list_keeps_the_other_records_byte_for_byte(tmp_path: Path) -> None:
    """RIS ends each record with ``ER  - `` (its space included): a list filtered for a withheld
    document keeps every other record exactly as built."""
    records = "\n".join(f"TY  - RPRT\nID  - {doc_id}\nER  - \n" for doc_id in ("market", "pier", "port"))
    withheld = Withheld(frozenset({"documents/pier"}), frozenset({"pier"}))
    path = tmp_path / "all_documents.ris"
    path.write_text(records, encoding="utf-8")
    body = filtered(path, "_cite/all_documents.ris", withheld)
    assert body == b"TY  - RPRT\nID  - market\nER  - \n\nTY  - RPRT\nID  - port\nER  - \n"
