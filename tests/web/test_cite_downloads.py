"""Citation files served as downloads of their own media types, compressed and with every
security header, by the app ``crossings serve`` runs (a real server serves the demo's in
tests/sphinx/test_demo_citations.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from crossings.web.app import create_app
from tests.web.conftest import Built

ENTRY = "@inproceedings{thailand-report,\n  title = {{Thailand: report (sample)}},\n  month = jun\n}\n"
FILES = {
    "thailand-report.bib": ENTRY * 10,  # large enough to be compressed
    "thailand-report.ris": "TY  - CPAPER\nTI  - Thailand\nER  - \n",
    "thailand-report.json": '[{"id": "thailand-report", "type": "paper-conference"}]\n',
    "all_documents.bib": ENTRY * 20,
    "all_documents.ris": "TY  - CPAPER\nTI  - Thailand\nER  - \n" * 30,
    "all_documents.json": '[{"id": "thailand-report", "type": "paper-conference"}]\n' * 20,
}
EXPECTED = {
    "thailand-report.bib": ("application/x-bibtex; charset=utf-8", "thailand-report.bib"),
    "thailand-report.ris": ("application/x-research-info-systems; charset=utf-8", "thailand-report.ris"),
    "thailand-report.json": (
        "application/vnd.citationstyles.csl+json; charset=utf-8",
        "thailand-report.csl.json",
    ),
    "all_documents.bib": ("application/x-bibtex; charset=utf-8", "all_documents-{lang}.bib"),
    "all_documents.ris": ("application/x-research-info-systems; charset=utf-8", "all_documents-{lang}.ris"),
    "all_documents.json": (
        "application/vnd.citationstyles.csl+json; charset=utf-8",
        "all_documents-{lang}.csl.json",
    ),
}


@pytest.fixture
def client(built: Built) -> Iterator[TestClient]:
    """The app over a site whose languages both have citation files (and other JSON)."""
    for lang in ("en", "th"):
        folder = built.html / lang / "_cite"
        folder.mkdir()
        for name, text in FILES.items():
            (folder / name).write_text(text, encoding="utf-8")
        (built.html / lang / "_static" / "data.json").write_text('{"a": 1}\n', encoding="utf-8")
    with TestClient(create_app(built.archive), follow_redirects=False) as test_client:
        yield test_client


@pytest.mark.parametrize("lang", ["en", "th"])
@pytest.mark.parametrize("name", sorted(FILES))
def test_citation_files_are_downloads_of_their_media_type(client: TestClient, lang: str, name: str) -> None:
    media_type, saved = EXPECTED[name]
    response = client.get(f"/{lang}/_cite/{name}", headers={"accept-encoding": "identity"})
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert response.headers["content-disposition"] == f'attachment; filename="{saved.format(lang=lang)}"'
    assert response.text == FILES[name]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-cache"  # a withdrawn document goes at once
    assert "default-src" in response.headers["content-security-policy"]
    assert "set-cookie" not in response.headers
    head = client.head(f"/{lang}/_cite/{name}")
    assert head.headers["content-type"] == media_type and head.headers["content-disposition"]


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_citation_files_are_compressed(client: TestClient, encoding: str) -> None:
    response = client.get("/en/_cite/all_documents.bib", headers={"accept-encoding": encoding})
    assert response.headers["content-encoding"] == encoding
    assert response.headers["content-disposition"] == 'attachment; filename="all_documents-en.bib"'
    assert "accept-encoding" in response.headers["vary"].lower()
    assert int(response.headers["content-length"]) < len(FILES["all_documents.bib"])  # as sent
    assert response.text == FILES["all_documents.bib"]  # httpx undoes either


def test_an_unchanged_citation_file_is_not_sent_again(client: TestClient) -> None:
    first = client.get("/en/_cite/thailand-report.ris")
    again = client.get("/en/_cite/thailand-report.ris", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_other_files_keep_their_type_and_are_no_download(client: TestClient) -> None:
    data = client.get("/en/_static/data.json")
    assert data.headers["content-type"] == "application/json; charset=utf-8"
    assert "content-disposition" not in data.headers
    page = client.get("/en/index.html")
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "content-disposition" not in page.headers
    assert client.get("/en/_cite/missing.bib").status_code == 404
