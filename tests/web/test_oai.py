"""/oai of the app, in process: GET and POST, the media type, the public filter, a new build."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from starlette.testclient import TestClient

from crossings import atomic
from crossings.oai.repository import Repository
from crossings.web.app import create_app
from tests.oai.sample import NS, error_code, sample_repository
from tests.web.conftest import Built


def records_file(built: Built, repository: Repository, lang: str = "en") -> Path:
    """Write *repository* where an HTML build of *lang* writes its records."""
    path = built.archive.edition_dir("public") / "oai" / f"{lang}.json"
    atomic.write_text(path, repository.to_json())
    return path


@pytest.fixture
def client(built: Built) -> Iterator[TestClient]:
    """A client of the app with two restricted records slipped into the public records file."""
    records_file(built, sample_repository(5, restricted=2))
    with TestClient(create_app(built.archive, oai_page_size=2)) as test_client:
        yield test_client


def parse(response: object) -> etree._Element:
    """The XML of a response, checked to be OAI-PMH XML."""
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert response.headers["content-type"] == "text/xml; charset=utf-8"  # type: ignore[attr-defined]
    root = etree.fromstring(response.content)  # type: ignore[attr-defined]
    assert root.tag == f"{{{NS['o']}}}OAI-PMH"
    return root


def all_identifiers(client: TestClient, method: str = "GET") -> list[str]:
    """Every identifier of ListIdentifiers, page after page."""
    found: list[str] = []
    arguments = {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}
    while True:
        if method == "GET":
            response = client.get("/oai", params=arguments)
        else:
            response = client.post("/oai", data=arguments)
        root = parse(response)
        found += [node.text for node in root.iterfind(".//o:identifier", NS)]
        token = root.findtext(".//o:resumptionToken", namespaces=NS)
        if not token:
            return found
        arguments = {"verb": "ListIdentifiers", "resumptionToken": token}


def test_get_and_post_page_through_the_public_records_only(client: TestClient) -> None:
    by_get = all_identifiers(client)
    assert len(by_get) == 5
    assert not [i for i in by_get if i.endswith(("doc-50", "doc-51"))]
    assert all_identifiers(client, "POST") == by_get


def test_the_base_url_is_the_request_url(client: TestClient) -> None:
    root = parse(client.get("/oai?verb=Identify"))
    assert root.findtext(".//o:baseURL", namespaces=NS) == "http://testserver/oai"
    assert root.findtext("o:request", namespaces=NS) == "http://testserver/oai"


def test_a_post_must_be_a_form(client: TestClient) -> None:
    sent = client.post("/oai", content=b'{"verb": "Identify"}', headers={"content-type": "application/json"})
    assert error_code(parse(sent)) == "badArgument"
    both = client.post("/oai?verb=Identify", data={"verb": "Identify"})
    assert error_code(parse(both)) == "badArgument"


def test_other_methods_are_refused_without_xml_or_html(client: TestClient) -> None:
    response = client.put("/oai", content=b"verb=Identify")
    assert response.status_code == 405
    assert "html" not in response.headers["content-type"]


def test_a_new_build_is_answered_without_a_restart(built: Built, client: TestClient) -> None:
    assert len(all_identifiers(client)) == 5
    path = records_file(built, sample_repository(8))
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    assert len(all_identifiers(client)) == 8


def test_without_records_the_service_says_to_build(built: Built) -> None:
    with TestClient(create_app(built.archive)) as test_client:
        response = test_client.get("/oai?verb=Identify")
    assert response.status_code == 503
    assert "crossings build html" in response.text
    assert str(built.archive.root) not in response.text and "/" not in response.text.replace("`", "")


@pytest.mark.parametrize("raw", ["%00", "%01", "%EF%BF%BE", "%EF%BF%BF", "%1B%5B2J", "%C2%85"])
def test_unfit_characters_in_a_request_are_refused_unechoed(client: TestClient, raw: str) -> None:
    for query in (
        f"verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:x:y{raw}MARK",
        f"verb=ListRecords&metadataPrefix=oai_dc&set=MARK{raw}",
        f"verb=Identify{raw}MARK",
    ):
        response = client.get(f"/oai?{query}")
        root = parse(response)  # well-formed XML
        assert error_code(root) == "badArgument"
        assert b"MARK" not in response.content
        posted = client.post(
            "/oai", content=query.encode(), headers={"content-type": "application/x-www-form-urlencoded"}
        )
        assert error_code(parse(posted)) == "badArgument" and b"MARK" not in posted.content


def test_the_internal_edition_keeps_restricted_records(built: Built) -> None:
    path = built.archive.edition_dir("internal") / "oai" / "en.json"
    atomic.write_text(path, sample_repository(2, restricted=1).to_json())
    (built.archive.edition_dir("internal") / "html").mkdir(parents=True)
    with TestClient(create_app(built.archive, "internal")) as test_client:
        assert len(all_identifiers(test_client)) == 3


def test_head_answers_like_get_without_a_body(client: TestClient) -> None:
    response = client.head("/oai?verb=Identify")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/xml; charset=utf-8"
    assert response.content == b""


@pytest.mark.parametrize("raw", ["%C3%A9", "%F0%9F%98%80", "%E0%B8%A3", "%FF"])
def test_a_token_beyond_ascii_is_a_bad_token_not_a_server_error(client: TestClient, raw: str) -> None:
    first = parse(client.get("/oai", params={"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}))
    token = first.findtext(".//o:resumptionToken", namespaces=NS)
    assert token
    for sent in (f"{token}{raw}", f"{token.split('.')[0]}.{raw}", raw):
        query = f"verb=ListIdentifiers&resumptionToken={sent}"
        assert error_code(parse(client.get(f"/oai?{query}"))) == "badResumptionToken"
        posted = client.post(
            "/oai", content=query.encode(), headers={"content-type": "application/x-www-form-urlencoded"}
        )
        assert posted.status_code == 200
        assert error_code(parse(posted)) in ("badResumptionToken", "badArgument")
