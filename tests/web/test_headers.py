"""Security, caching and compression headers on every kind of response; never a cookie."""

from __future__ import annotations

import base64
import gzip
import hashlib
from collections.abc import Iterator

import brotli
import pytest
from starlette.testclient import TestClient

from crossings.web import firstsearch
from crossings.web.app import create_app
from tests.web.conftest import THEME_SCRIPT, Built

PATHS = [
    "/en/",
    "/en/_static/site.css",
    "/api/search?q=police",
    "/api/search?q=%22",
    "/healthz",
    "/nothing",
    "/",
]


@pytest.fixture
def client(built: Built) -> Iterator[TestClient]:
    """A client that does not follow redirects."""
    with TestClient(create_app(built.archive), follow_redirects=False) as test_client:
        yield test_client


@pytest.mark.parametrize("path", PATHS)
def test_security_headers_everywhere(client: TestClient, path: str) -> None:
    response = client.get(path)
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    assert "camera=()" in headers["permissions-policy"]
    policy = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[-1].split(";")[0]
    assert "set-cookie" not in headers
    assert "server" not in headers or "uvicorn" not in headers["server"]


def test_page_policy_allows_only_the_themes_inline_script(client: TestClient) -> None:
    policy = client.get("/en/").headers["content-security-policy"]
    digest = base64.b64encode(hashlib.sha256(THEME_SCRIPT.encode()).digest()).decode()
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    sources = script_src.split()
    assert sources[:2] == ["script-src", "'self'"] and f"'sha256-{digest}'" in sources
    assert all(source.startswith("'sha256-") for source in sources[2:])
    assert "default-src 'self'" in policy and "http" not in policy


def test_page_policy_allows_the_search_pages_first_search_by_its_hash(client: TestClient) -> None:
    policy = client.get("/en/").headers["content-security-policy"]
    digest = base64.b64encode(hashlib.sha256(firstsearch.SCRIPT.encode()).digest()).decode()
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert f"'sha256-{digest}'" in script_src.split() and "unsafe-inline" not in script_src


def test_api_gets_the_strict_policy(client: TestClient) -> None:
    assert (
        client.get("/api/search?q=police").headers["content-security-policy"].startswith("default-src 'none'")
    )


@pytest.mark.parametrize(
    ("path", "cache"),
    [
        ("/en/_static/site.css", "public, max-age=604800"),
        ("/en/", "no-cache"),
        ("/api/search?q=police", "no-store"),
        ("/api/search?q=%22", "no-store"),
        ("/healthz", "no-store"),
        # A page asked for with the reader's search words in its address is kept nowhere.
        ("/en/?q=police", "no-store"),
        ("/en/index.html?q=police&country=TH", "no-store"),
        ("/en/_static/site.css?v=1a2b", "public, max-age=604800"),
    ],
)
def test_cache_control(client: TestClient, path: str, cache: str) -> None:
    assert client.get(path).headers["cache-control"] == cache


def test_a_page_with_a_query_is_kept_nowhere_even_when_unchanged(client: TestClient) -> None:
    # The 304 a browser gets when it asks again carries the same rule as the page it revalidates.
    etag = client.get("/en/").headers["etag"]
    answer = client.get("/en/?q=police", headers={"if-none-match": etag})
    assert answer.status_code == 304 and answer.headers["cache-control"] == "no-store"


def test_brotli_preferred_then_gzip_then_none(client: TestClient) -> None:
    plain = client.get("/en/_static/site.css", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers
    for accept, encoding, decode in [
        ("gzip, deflate, br", "br", brotli.decompress),
        ("gzip", "gzip", gzip.decompress),
        ("br;q=0, gzip", "gzip", gzip.decompress),
    ]:
        response = client.get("/en/_static/site.css", headers={"accept-encoding": accept})
        assert response.headers["content-encoding"] == encoding
        assert "accept-encoding" in response.headers["vary"].lower()
        # httpx decodes the body; check the bytes on the wire decode to the file too.
        assert decode(_wire(client, "/en/_static/site.css", accept)) == plain.content


def _wire(client: TestClient, path: str, accept: str) -> bytes:
    """The raw (still encoded) body of a GET."""
    with client.stream("GET", path, headers={"accept-encoding": accept}) as response:
        return b"".join(response.iter_raw())


def test_json_is_compressed_and_small_bodies_are_not(client: TestClient) -> None:
    api = client.get("/api/search?q=police&limit=50", headers={"accept-encoding": "br"})
    assert api.headers["content-encoding"] == "br" and api.json()["total"] >= 2
    tiny = client.get("/en/_static/tiny.js", headers={"accept-encoding": "br"})
    assert "content-encoding" not in tiny.headers


def test_compressed_etag_still_revalidates(client: TestClient) -> None:
    first = client.get("/en/_static/site.css", headers={"accept-encoding": "br"})
    assert first.headers["etag"].endswith('-br"')
    again = client.get(
        "/en/_static/site.css", headers={"accept-encoding": "br", "if-none-match": first.headers["etag"]}
    )
    assert again.status_code == 304


def test_static_files_get_the_best_compression_pages_the_fast_one(client: TestClient) -> None:
    for path, quality in (("/en/_static/site.css", 11), ("/en/", 5)):
        plain = client.get(path, headers={"accept-encoding": "identity"}).content
        assert len(plain) >= 500, path
        assert _wire(client, path, "br") == brotli.compress(plain, quality=quality), path
    plain = client.get("/en/_static/site.css", headers={"accept-encoding": "identity"}).content
    assert _wire(client, "/en/_static/site.css", "gzip") == gzip.compress(plain, compresslevel=9, mtime=0)
