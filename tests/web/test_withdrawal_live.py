"""A withdrawal reaches a running `crossings serve` within a second or two, before any build.

Real originals through `crossings ingest`, `build html` (English and Thai), `build papers`
and `index`; a real server with two search processes. The editor sets the document's `access`
to `restricted` in the catalog, and nothing of it answers any more: pages, PDF, citations,
sources, the site's listing files, search and OAI-PMH, however the address is spelt. Restoring
`public` does not publish it again; the next build does.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from crossings.catalog.csvfile import write_catalog
from crossings.init import create_archive
from tests.editions.test_withdrawal import row
from tests.serving import crossings_serve, serving
from tests.web.test_real_server import raw_status

pytestmark = pytest.mark.slow
PIER_SENTENCE = "The volunteers met behind the noodle stall near the ferry pier."
PIER_TITLE = "Ferry pier notes"


def catalog(root: Path, pier: str) -> None:
    """The editor saves the catalog with pier's access set to *pier*."""
    rows = [
        row("papers/pier.txt", "pier", PIER_TITLE, pier),
        row("papers/market.md", "market", "Market notes"),
    ]
    write_catalog(root / "reports" / "catalog.csv", rows)


def crossings(root: Path, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "crossings", *args, "--archive", str(root)], capture_output=True, text=True
    )
    assert done.returncode == 0, f"crossings {' '.join(args)}:\n{done.stdout}\n{done.stderr}"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two documents, published in English and Thai, with their papers and search index."""
    root = tmp_path_factory.mktemp("live-withdrawal") / "archive"
    create_archive(root, "Live withdrawal test", contact="archive@example.org")  # OAI-PMH on
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\ncrossings_base_url = "https://archive.example.org/"\n')  # sitemap, oai-static.xml
    (root / "reports" / "papers").mkdir()
    (root / "reports" / "papers" / "pier.txt").write_text(f"{PIER_SENTENCE}\n\nLeaflets.\n", "utf-8")
    (root / "reports" / "papers" / "market.md").write_text("Outreach at the night market went on.\n", "utf-8")
    catalog(root, "public")
    crossings(root, "ingest")
    for lang in ("en", "th"):
        crossings(root, "build", "html", "--lang", lang)
    crossings(root, "build", "papers", "--lang", "en")
    crossings(root, "index", "--lang", "all")
    return root


PIER_ADDRESSES = (
    "/en/documents/pier.html",
    "/th/documents/pier.html",
    "/en/documents/pier.pdf",
    "/en/_cite/pier.bib",
    "/en/_cite/pier.ris",
    "/en/_cite/pier.json",
)


def gone(base: str, path: str) -> bool:
    """True when *path* answers the site's 404, kept nowhere."""
    answer = httpx.get(base + path)
    return answer.status_code == 404 and answer.headers["cache-control"] == "no-store"


def within(seconds: float, check: Callable[[], bool]) -> float:
    """How long *check* took to hold (polled); fails past *seconds*."""
    began = time.monotonic()
    while not check():
        assert time.monotonic() - began < seconds, "not within the time allowed"
        time.sleep(0.1)
    return time.monotonic() - began


def search(base: str, **params: str) -> dict[str, object]:
    answer: dict[str, object] = httpx.get(f"{base}/api/search", params={"ui": "en", **params}).json()
    return answer


def test_a_withdrawal_reaches_the_running_server_before_any_build(archive: Path) -> None:
    with serving(crossings_serve(archive, "--workers", "2"), "/healthz") as served:
        steps(archive, served.base)
    said = [line for line in served.output.splitlines() if "cannot be read" in line]
    assert len(said) == 1 and "catalog.csv" in said[0] and "CSV UTF-8" in said[0], served.output


def steps(archive: Path, base: str) -> None:
    """Publish, withdraw, spell the addresses otherwise, restore, break the catalog, rebuild."""
    for path in PIER_ADDRESSES:
        assert httpx.get(base + path).status_code == 200, path
    assert search(base, q="ferry")["total"] == 1
    record = f"{base}/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:archive.example.org:pier"
    assert "idDoesNotExist" not in httpx.get(record).text

    catalog(archive, "restricted")  # the editor's withdrawal; no ingest, no build yet
    assert within(2.5, lambda: gone(base, "/en/documents/pier.html")) < 2.5
    for path in PIER_ADDRESSES:
        never = httpx.get(f"{base}/{path.split('/')[1]}/documents/never-was.html")  # that language's 404
        refused = httpx.get(base + path)
        assert refused.status_code == 404 and refused.text == never.text, path
        assert refused.headers["cache-control"] == "no-store", path
    for raw in (
        "/en/documents/PIER.html",
        "/en/documents//pier.html",
        "/en/documents/pier.html/",
        "/en/documents/pi%65r.html",
        "/en/documents/pier.html?x=1",
        "/en/./documents/pier.html",
        "/en/documents/../documents/pier.html",
        "/en/documents/pier.pdf%3F",
    ):
        status, data = raw_status(base, raw)
        assert status == 404 and PIER_TITLE.encode() not in data, raw
    assert httpx.get(base + "/en/documents/market.html").status_code == 200
    assert httpx.get(base + "/en/documents/market.pdf").status_code == 200

    for words in ("ferry", "noodle stall", PIER_TITLE):
        assert search(base, q=words)["total"] == 0, words
    assert search(base, q="pear")["suggestion"] is None  # never "pier"
    market = search(base, q="outreach notes")
    assert [hit["id"] for hit in market["hits"]] == ["market"]  # type: ignore[index]
    everything = httpx.get(f"{base}/api/facets").json()
    assert everything["total"] == 1 and everything["facets"]["country"] == {"TH": 1}

    assert "idDoesNotExist" in httpx.get(record).text
    listed = httpx.get(f"{base}/oai?verb=ListRecords&metadataPrefix=oai_dc").text
    assert ":market<" in listed and ":pier<" not in listed and PIER_TITLE not in listed
    for listing in (
        "searchindex.js",
        "sitemap.xml",
        "oai-static.xml",
        "_cite/all_documents.bib",
        "_cite/all_documents.ris",
        "_cite/all_documents.json",
    ):
        answer = httpx.get(f"{base}/en/{listing}")
        # Other pages' links still carry its title until the build (searchindex.js holds their words).
        named = ("noodl", "documents/pier") if listing == "searchindex.js" else ("pier",)
        assert answer.status_code == 200 and "market" in answer.text.lower(), listing
        assert not [word for word in named if word in answer.text.lower()], listing
        built = archive / "build" / "public" / "html" / "en" / listing
        assert all(word in built.read_text("utf-8").lower() for word in named), listing  # still on disk

    catalog(archive, "public")  # restored: not published again until the next build
    time.sleep(2)
    assert gone(base, "/en/documents/pier.html") and search(base, q="ferry")["total"] == 0

    (archive / "reports" / "catalog.csv").write_text('file,id,title\n"half saved', encoding="utf-8")
    time.sleep(2)
    assert gone(base, "/en/documents/pier.html")
    assert httpx.get(base + "/en/documents/market.html").status_code == 200

    catalog(archive, "public")
    crossings(archive, "build", "html", "--lang", "en")  # the next build publishes it again
    within(2.5, lambda: httpx.get(base + "/en/documents/pier.html").status_code == 200)
    assert search(base, q="ferry")["total"] == 1
