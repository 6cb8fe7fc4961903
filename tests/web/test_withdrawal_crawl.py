"""After a withdrawal, a crawl of everything a running `crossings serve` answers finds nothing of it.

The archive of tests/web/test_withdrawal_live.py (real ingest, builds in English and Thai, the
paper PDF, the search index). The editor withdraws ``pier``; before any build, every address
the served site links (both languages, their files), the root files, the search API, /healthz
and every OAI-PMH verb are fetched, and none may say the document's id, its title's words or
the distinctive words of its text (as written, or as Sphinx's search index stems them).
"""

from __future__ import annotations

import json
import re
import zlib
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import httpx
import pytest

from tests.serving import crossings_serve, serving
from tests.web.test_withdrawal_live import archive, catalog, gone, within

__all__ = ["archive"]  # the module's fixture: a fresh archive of its own
pytestmark = pytest.mark.slow
# "pier" as a word (not "St. Pierre"), its title's other word, its text's words; stems too.
NEEDLES = re.compile(r"\bpier\b|\bferr(?:y|i)|\bnoodl|\bleaflet|\bvolunteer", re.IGNORECASE)
BINARY = (".pdf", ".png", ".jpg", ".jpeg", ".gif", ".ico", ".woff", ".woff2", ".ttf", ".epub")
OAI = (
    "verb=Identify",
    "verb=ListMetadataFormats",
    "verb=ListSets",
    "verb=ListIdentifiers&metadataPrefix=oai_dc",
    "verb=ListRecords&metadataPrefix=oai_dc",
    "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:archive.example.org:pier",
    "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:archive.example.org:market",
)
API = (
    "/healthz",
    "/api/facets",
    "/api/search?q=notes",
    "/api/search?q=pier",
    "/api/search?q=ferri",
    "/api/search?q=pear",
    "/api/search?q=fery",
    "/api/search?q=*",
)


class _Links(HTMLParser):
    """The addresses a page names (href, src)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if name in ("href", "src") and value]


def linked(url: str, page: str) -> list[str]:
    """The addresses of this server that *page*, at *url*, links."""
    reader = _Links()
    reader.feed(page)
    addresses = []
    for href in reader.found:
        target = urlsplit(urljoin(url, href))
        if target.netloc == urlsplit(url).netloc and target.scheme in ("http", "https"):
            addresses.append(target._replace(fragment="").geturl())
    return addresses


def readable(path: str, body: bytes) -> str:
    """What a file says, as text (a Sphinx inventory uncompressed, a search's answer without
    the reader's own query echoed); "" for a binary file."""
    if path.startswith("/api/"):
        answer = json.loads(body)
        answer.pop("query", None)
        return json.dumps(answer, ensure_ascii=False)
    if path.endswith("objects.inv"):
        header, _, packed = body.partition(b"zlib.\n")
        return (header + zlib.decompress(packed)).decode("utf-8")
    if path.lower().endswith(BINARY):
        return ""
    return body.decode("utf-8", errors="replace")


def crawl(base: str) -> dict[str, list[str]]:
    """Every address reached from the home pages and the service endpoints, with what of the
    withdrawn document each one says."""
    start = [f"{base}/", f"{base}/en/", f"{base}/th/", f"{base}/robots.txt"]
    start += [f"{base}/{lang}/{name}" for lang in ("en", "th") for name in LISTINGS]
    start += [base + path for path in API] + [f"{base}/oai?{query}" for query in OAI]
    queue, seen, found = deque(start), set(start), {}
    while queue and len(seen) < 3000:
        url = queue.popleft()
        answer = httpx.get(url, follow_redirects=True)
        if answer.status_code == 404:
            continue
        text = readable(urlsplit(url).path, answer.content)
        for value in parse_qsl(urlsplit(url).query):  # an answer may echo what was asked
            text = text.replace(value[1], "") if urlsplit(url).path == "/oai" else text
        if said := sorted({match.lower() for match in NEEDLES.findall(text)}):
            found[url] = said
        if "html" in answer.headers.get("content-type", ""):
            for address in linked(str(answer.url), text):
                if address not in seen:
                    seen.add(address)
                    queue.append(address)
    assert len(seen) > 100, "the crawl reached too little of the site to prove anything"
    return found


LISTINGS = (
    "searchindex.js",
    "objects.inv",
    "sitemap.xml",
    "oai-static.xml",
    "_cite/all_documents.bib",
    "_cite/all_documents.ris",
    "_cite/all_documents.json",
    "_cite/market.bib",
    "genindex.html",
    "crossings-countries.html",
    "crossings-themes.html",
)


def test_nothing_served_names_a_withdrawn_document(archive: Path) -> None:
    with serving(crossings_serve(archive), "/healthz") as served:
        before = crawl(served.base)
        assert any("pier" in words for words in before.values())  # the needles do find it
        catalog(archive, "restricted")
        within(2.5, lambda: gone(served.base, "/en/documents/pier.html"))
        assert crawl(served.base) == {}
