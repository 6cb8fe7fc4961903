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


def test_without_a_contact_no_verb_is_answered_and_the_reply_says_what_to_set(built: Built) -> None:
    """Identify must name an address the OAI-PMH schema takes, and none is guessed (it said
    postmaster@localhost, which the schema refuses): /oai of an archive whose conf.py names no
    contact answers 503 for every verb, GET or POST, saying which setting of conf.py to set."""
    from dataclasses import replace

    records_file(built, replace(sample_repository(3), admin_email="", base_url=""))
    with TestClient(create_app(built.archive), base_url="http://localhost") as test_client:
        for verb in ("Identify", "ListRecords", "ListSets"):
            for response in (
                test_client.get("/oai", params={"verb": verb, "metadataPrefix": "oai_dc"}),
                test_client.post("/oai", data={"verb": verb}),
            ):
                assert response.status_code == 503
                assert response.headers["content-type"] == "text/plain; charset=utf-8"
                assert "crossings_oai_admin_email in conf.py" in response.text
                assert "postmaster" not in response.text
                assert "/" not in response.text.replace("`", "")  # no folder of the server


def test_a_bare_localhost_serve_with_a_contact_identifies_itself_validly(built: Built) -> None:
    """Served as http://localhost without a base URL, Identify names the configured contact (in the
    schema's pattern) and declares no oai-identifier scheme for a host that is no domain name."""
    import re
    from dataclasses import replace

    from tests.oai.test_protocol import EMAIL_TYPE

    records_file(built, replace(sample_repository(3), admin_email="editors@archive.example.org", base_url=""))
    with TestClient(create_app(built.archive), base_url="http://localhost") as test_client:
        root = parse(test_client.get("/oai?verb=Identify"))
        listed = parse(test_client.get("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc"))
    assert root.findtext(".//o:baseURL", namespaces=NS) == "http://localhost/oai"
    contact = root.findtext(".//o:adminEmail", namespaces=NS) or ""
    assert contact == "editors@archive.example.org" and re.fullmatch(EMAIL_TYPE, contact)
    assert root.find(".//o:description", NS) is None
    assert (listed.findtext(".//o:identifier", namespaces=NS) or "").startswith("oai:localhost:")


def test_serve_warns_at_start_when_oai_is_off(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    """The operator learns it when starting the server, not from a harvester's complaint."""
    from dataclasses import replace

    import uvicorn
    from click.testing import CliRunner

    from crossings.cli import main
    from crossings.web.factory import ENVIRON_KEY

    monkeypatch.setenv(ENVIRON_KEY, "")  # crossings serve sets it; restored after the test
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: None)
    serve = ["serve", "--archive", str(built.archive.root), "--port", "0"]
    records_file(built, replace(sample_repository(2), admin_email=""))
    started = CliRunner().invoke(main, serve)
    assert started.exit_code == 0, started.output
    assert "warning: OAI-PMH is off" in started.output
    assert "crossings_oai_admin_email in conf.py" in started.output
    records_file(built, sample_repository(2))
    started = CliRunner().invoke(main, serve)
    assert started.exit_code == 0 and "OAI-PMH" not in started.output, started.output
