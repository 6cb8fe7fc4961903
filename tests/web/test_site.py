"""Serving the built site: languages, redirects, and no file outside it, however the path is spelt."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from crossings.web.app import create_app
from tests.web.conftest import Built, raw_get


@pytest.fixture
def client(built: Built) -> Iterator[TestClient]:
    """A client that does not follow redirects."""
    with TestClient(create_app(built.archive), follow_redirects=False) as test_client:
        yield test_client


def test_root_redirects_to_the_readers_language(client: TestClient) -> None:
    assert client.get("/").headers["location"] == "/en/"
    thai = client.get("/", headers={"accept-language": "th-TH,th;q=0.9,en;q=0.5"})
    assert thai.status_code == 302 and thai.headers["location"] == "/th/"
    assert "accept-language" in thai.headers["vary"].lower()
    assert client.get("/", headers={"accept-language": "fr, de;q=0.5"}).headers["location"] == "/en/"


def test_pages_and_folders(client: TestClient) -> None:
    home = client.get("/en/")
    assert home.status_code == 200 and home.headers["content-type"] == "text/html; charset=utf-8"
    assert "<h1" in home.text
    assert client.get("/en").headers["location"] == "/en/"
    assert client.get("/th/documents/thailand-report.html").status_code == 200
    assert client.get("/en/same.html").status_code == 200  # a symlink inside the site is fine


def test_missing_pages_get_a_plain_404_page(client: TestClient) -> None:
    response = client.get("/en/documents/nothing.html")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Not found" in response.text
    assert client.get("/fr/").status_code == 404
    assert client.post("/en/").status_code == 405


def test_a_file_named_as_a_folder_is_not_found(client: TestClient) -> None:
    """``page.html/`` is no folder: served, its relative links would all point one level too deep."""
    assert client.get("/th/documents/thailand-report.html").status_code == 200
    for path in (
        "/th/documents/thailand-report.html/",
        "/en/index.html/",
        "/th/documents/thailand-report.html//",
    ):
        assert client.get(path).status_code == 404, path


TRAVERSALS = [
    "/../../etc/passwd",
    "/en/../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/en/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/en/..%2f..%2f..%2fetc/passwd",
    "/en/..%2F..%2F..%2Fetc%2Fpasswd",
    "/en/%252e%252e/%252e%252e/etc/passwd",
    "/en/..%5c..%5c..%5cetc%5cpasswd",
    "/en/..\\..\\etc\\passwd",
    "/en/index.html%00.css",
    "/en/.buildinfo",
    "/en/leak.txt",
    "/en/_static/up/secret.txt",
    "//etc/passwd",
    "/etc/passwd",
]


@pytest.mark.parametrize("raw_path", TRAVERSALS)
def test_nothing_outside_the_site_is_served(built: Built, raw_path: str) -> None:
    status, body = raw_get(create_app(built.archive), raw_path)
    assert status == 404
    assert b"SECRET" not in body and b"root:" not in body


def test_the_escaping_symlink_really_points_outside(built: Built) -> None:
    # Guards the test above: the link resolves to a readable file with the secret.
    assert (built.html / "en" / "leak.txt").read_text(encoding="utf-8").startswith("SECRET")


def test_a_normal_raw_path_is_served(built: Built) -> None:
    status, body = raw_get(create_app(built.archive), "/en/documents/thailand-report.html")
    assert status == 200 and b"Police raids" in body


def test_conditional_requests_get_304(client: TestClient) -> None:
    first = client.get("/en/_static/site.css")
    again = client.get("/en/_static/site.css", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_a_missing_page_gets_the_built_404_page_of_its_language(built: Built) -> None:
    # The built 404.html (crossings.sphinx.notfound) has relative links; answered at any depth, it
    # carries a <base> naming its language folder so that its style sheet and links still work.
    (built.html / "th" / "404.html").write_text(
        '<!DOCTYPE html><html lang="th"><head><link rel="stylesheet" href="_static/site.css"></head>'
        '<body><a id="crossings-quick-exit" href="https://th.wikipedia.org/">ออก</a></body></html>',
        encoding="utf-8",
    )
    with TestClient(create_app(built.archive), follow_redirects=False) as client:
        deep = client.get("/th/documents/old/gone.html")
        assert deep.status_code == 404 and 'lang="th"' in deep.text
        assert '<head><base href="/th/">' in deep.text and "crossings-quick-exit" in deep.text
        # No such language folder: the page of the language the reader's browser asks for.
        other = client.get("/fr/index.html", headers={"accept-language": "th,en;q=0.5"})
        assert other.status_code == 404 and '<base href="/th/">' in other.text
        # A language built without the page (an older build) gets the plain page.
        plain = client.get("/en/nothing.html")
        assert plain.status_code == 404 and "Not found" in plain.text and "<base" not in plain.text
        # A wrong method keeps its 405; the API keeps answering JSON.
        assert client.post("/th/documents/old/gone.html").status_code == 405
        assert client.get("/api/nothing").headers["content-type"].startswith("application/json")
