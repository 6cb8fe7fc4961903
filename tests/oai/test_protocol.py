"""Each OAI-PMH verb and each error condition, answered without HTTP."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from crossings.oai.protocol import PAGE_SIZE
from tests.oai.sample import BASE, NS, ask, check_envelope, error_code, sample_repository

REPO = sample_repository()


def identifiers(response: object) -> list[str]:
    """The identifiers of the headers in a list response."""
    return [node.text for node in response.iterfind(".//o:header/o:identifier", NS)]  # type: ignore[attr-defined]


def harvest(verb: str, page_size: int = 3, **arguments: str) -> tuple[list[str], list[dict[str, str]]]:
    """Every identifier of a list, following resumption tokens; and each page's token attributes."""
    found: list[str] = []
    tokens: list[dict[str, str]] = []
    response = ask(REPO, page_size, verb=verb, **arguments)
    while True:
        check_envelope(response)
        assert error_code(response) is None, response.findtext("o:error", namespaces=NS)
        found += identifiers(response)
        token = response.find(f"o:{verb}/o:resumptionToken", NS)
        if token is None:
            return found, tokens
        tokens.append(dict(token.attrib))
        if not token.text:
            return found, tokens
        response = ask(REPO, page_size, verb=verb, resumptionToken=token.text)


def test_identify_names_the_repository_and_its_rules() -> None:
    response = ask(REPO, verb="Identify")
    check_envelope(response)
    request = response.find("o:request", NS)
    assert request.text == BASE and request.get("verb") == "Identify"
    identify = response.find("o:Identify", NS)
    fields = {c.tag.split("}")[1]: c.text for c in identify}
    # The order the OAI-PMH schema prescribes.
    assert [c.tag.split("}")[1] for c in identify] == [
        "repositoryName",
        "baseURL",
        "protocolVersion",
        "adminEmail",
        "earliestDatestamp",
        "deletedRecord",
        "granularity",
        "description",
    ]
    assert fields["repositoryName"] == "Sample archive"
    assert fields["baseURL"] == BASE
    assert fields["protocolVersion"] == "2.0"
    assert fields["adminEmail"] == "archive@example.org"
    assert fields["earliestDatestamp"] == "2026-01-01T10:00:00Z"
    assert fields["deletedRecord"] in ("no", "transient", "persistent")
    assert fields["granularity"] == "YYYY-MM-DDThh:mm:ssZ"
    sample = identify.findtext(".//{http://www.openarchives.org/OAI/2.0/oai-identifier}sampleIdentifier")
    assert sample == "oai:archive.example.org:doc-00"


def test_list_metadata_formats_offers_oai_dc_for_the_repository_and_an_item() -> None:
    for arguments in ({}, {"identifier": "oai:archive.example.org:doc-03"}):
        response = ask(REPO, verb="ListMetadataFormats", **arguments)
        check_envelope(response)
        assert response.findtext(".//o:metadataPrefix", namespaces=NS) == "oai_dc"
        assert response.findtext(".//o:metadataNamespace", namespaces=NS) == NS["oai_dc"]


def test_list_sets_pages_through_every_set_with_names() -> None:
    specs: list[str] = []
    response = ask(REPO, 2, verb="ListSets")
    while True:
        check_envelope(response)
        specs += [s.findtext("o:setSpec", namespaces=NS) for s in response.iterfind(".//o:set", NS)]
        assert all(s.findtext("o:setName", namespaces=NS) for s in response.iterfind(".//o:set", NS))
        token = response.findtext("o:ListSets/o:resumptionToken", namespaces=NS)
        if not token:
            break
        response = ask(REPO, 2, verb="ListSets", resumptionToken=token)
    assert specs == [s.spec for s in REPO.sets]


@pytest.mark.parametrize("verb", ["ListIdentifiers", "ListRecords"])
def test_lists_page_with_cursor_and_complete_size(verb: str) -> None:
    found, tokens = harvest(verb, metadataPrefix="oai_dc")
    assert sorted(found) == sorted(f"oai:archive.example.org:{r.id}" for r in REPO.records)
    assert len(found) == len(set(found))
    assert [t["cursor"] for t in tokens] == ["0", "3", "6"]
    assert {t["completeListSize"] for t in tokens} == {str(len(REPO.records))}


def test_a_list_that_fits_one_page_has_no_token() -> None:
    response = ask(REPO, PAGE_SIZE, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert response.find(".//o:resumptionToken", NS) is None
    assert len(identifiers(response)) == len(REPO.records)


def test_list_records_carry_oai_dc_metadata() -> None:
    response = ask(REPO, 10, verb="ListRecords", metadataPrefix="oai_dc", set="country:hk")
    records = response.findall(".//o:record", NS)
    assert records
    for record in records:
        assert [c.tag.split("}")[1] for c in record] == ["header", "metadata"]
        header = [c.tag.split("}")[1] for c in record.find("o:header", NS)]
        assert header[:2] == ["identifier", "datestamp"] and set(header[2:]) == {"setSpec"}
        dc = record.find("o:metadata/oai_dc:dc", NS)
        assert dc is not None
        assert dc.findtext("dc:title", namespaces=NS).startswith("Sample document")
        assert len(dc.findall("dc:creator", NS)) == 2
        assert dc.find("dc:title", NS).get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
        assert "country:hk" in [s.text for s in record.iterfind("o:header/o:setSpec", NS)]


def test_set_selects_its_records_and_those_below_it() -> None:
    thai, _ = harvest("ListIdentifiers", 10, metadataPrefix="oai_dc", set="country:th")
    assert thai and all(int(i.rsplit("-", 1)[1]) % 2 == 1 for i in thai)
    every, _ = harvest("ListIdentifiers", 10, metadataPrefix="oai_dc", set="country")
    assert len(every) == len(REPO.records)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-02-01", "", {"2026-02-01T10:00:00Z", "2026-03-01T10:00:00Z"}),
        ("", "2026-01-01", {"2026-01-01T10:00:00Z"}),
        ("2026-02-01T10:00:00Z", "2026-02-01T10:00:00Z", {"2026-02-01T10:00:00Z"}),
        ("2026-02-01T10:00:01Z", "2026-03-01T09:59:59Z", set()),
    ],
)
def test_from_and_until_select_by_datestamp_in_both_granularities(
    start: str, end: str, expected: set[str]
) -> None:
    arguments = {"from_": start, "until": end}
    response = ask(
        REPO, 10, verb="ListIdentifiers", metadataPrefix="oai_dc", **{k: v for k, v in arguments.items() if v}
    )
    stamps = {node.text for node in response.iterfind(".//o:header/o:datestamp", NS)}
    assert stamps == expected
    if not expected:
        assert error_code(response) == "noRecordsMatch"


def test_get_record_answers_one_record() -> None:
    response = ask(
        REPO, verb="GetRecord", identifier="oai:archive.example.org:doc-04", metadataPrefix="oai_dc"
    )
    check_envelope(response)
    assert identifiers(response) == ["oai:archive.example.org:doc-04"]
    assert response.findtext(".//dc:title", namespaces=NS) == "Sample document 4"


def test_the_request_element_echoes_the_arguments() -> None:
    response = ask(REPO, verb="ListRecords", metadataPrefix="oai_dc", set="country:th")
    request = response.find("o:request", NS)
    assert dict(request.attrib) == {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "country:th"}


TOKEN = "eyJ2ZXJiIjoiTGlzdFJlY29yZHMifQ.AAAAAAAAAAAAAAAAAAAAAA"


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Harvest"}, "badVerb"),
        ({"verb": "ListRecords"}, "badArgument"),  # metadataPrefix missing
        ({"verb": "Identify", "set": "country:th"}, "badArgument"),  # illegal argument
        ({"verb": "GetRecord", "identifier": "oai:archive.example.org:doc-01"}, "badArgument"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from_": "2026-13-01"}, "badArgument"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from_": "yesterday"}, "badArgument"),
        (
            {
                "verb": "ListIdentifiers",
                "metadataPrefix": "oai_dc",
                "from_": "2026-03-01",
                "until": "2026-02-01",
            },
            "badArgument",
        ),
        (
            {
                "verb": "ListIdentifiers",
                "metadataPrefix": "oai_dc",
                "from_": "2026-01-01",
                "until": "2026-02-01T00:00:00Z",
            },
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": TOKEN}, "badArgument"),
        ({"verb": "ListRecords", "resumptionToken": TOKEN}, "badResumptionToken"),
        ({"verb": "ListRecords", "resumptionToken": "not-a-token"}, "badResumptionToken"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        (
            {"verb": "GetRecord", "identifier": "oai:archive.example.org:doc-01", "metadataPrefix": "mods"},
            "cannotDisseminateFormat",
        ),
        (
            {
                "verb": "GetRecord",
                "identifier": "oai:archive.example.org:nothing",
                "metadataPrefix": "oai_dc",
            },
            "idDoesNotExist",
        ),
        (
            {
                "verb": "GetRecord",
                "identifier": "oai:elsewhere.example.org:doc-01",
                "metadataPrefix": "oai_dc",
            },
            "idDoesNotExist",
        ),
        ({"verb": "ListMetadataFormats", "identifier": "doc-01"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "country:jp"}, "noRecordsMatch"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": ""}, "badArgument"),  # not "every set"
        ({"verb": "ListRecords", "metadataPrefix": ""}, "badArgument"),  # no format named, not a wrong one
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "until": "2025-12-31"}, "noRecordsMatch"),
    ],
)
def test_error_conditions(arguments: dict[str, str], code: str) -> None:
    response = ask(REPO, **arguments)
    check_envelope(response)
    assert error_code(response) == code
    assert response.findtext("o:error", namespaces=NS)  # a message saying what to change
    request = response.find("o:request", NS)
    if code in ("badVerb", "badArgument"):
        assert dict(request.attrib) == {}  # the protocol: the base URL only
    assert request.text == BASE


def test_repeated_arguments_are_refused() -> None:
    from lxml import etree

    from crossings.oai.protocol import Context, answer

    context = Context(base_url=BASE, secret=b"k" * 32)
    for pairs, code in (
        ([("verb", "Identify"), ("verb", "Identify")], "badVerb"),
        ([("verb", "ListSets"), ("resumptionToken", "a"), ("resumptionToken", "b")], "badArgument"),
        ([("verb", "Identify"), ("", "")], "badArgument"),  # "verb=Identify&&&="
    ):
        assert error_code(etree.fromstring(answer(REPO, pairs, context))) == code


def test_a_token_from_another_server_or_altered_is_refused() -> None:
    first = ask(REPO, 2, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = first.findtext(".//o:resumptionToken", namespaces=NS)
    assert token
    assert (
        error_code(ask(REPO, 2, secret=b"o" * 32, verb="ListIdentifiers", resumptionToken=token))
        == "badResumptionToken"
    )
    body, signature = token.split(".")
    altered = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1] + "." + signature
    assert error_code(ask(REPO, 2, verb="ListIdentifiers", resumptionToken=altered)) == "badResumptionToken"
    # A token of one list does not continue another verb.
    assert error_code(ask(REPO, 2, verb="ListRecords", resumptionToken=token)) == "badResumptionToken"
    # Nor a list of records that changed since (a rebuild).
    changed = sample_repository(8)
    assert error_code(ask(changed, 2, verb="ListIdentifiers", resumptionToken=token)) == "badResumptionToken"
    assert error_code(ask(REPO, 2, verb="ListIdentifiers", resumptionToken=token)) is None


def test_restricted_records_are_dropped_by_the_public_view() -> None:
    mixed = sample_repository(4, restricted=2)
    public = mixed.public()
    assert {r.access for r in public.records} == {"public"}
    response = ask(public, 20, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert all("doc-5" not in i for i in identifiers(response))
    missing = ask(
        public, verb="GetRecord", identifier="oai:archive.example.org:doc-50", metadataPrefix="oai_dc"
    )
    assert error_code(missing) == "idDoesNotExist"


def test_characters_xml_cannot_hold_are_dropped() -> None:
    from dataclasses import replace

    from crossings.oai.repository import Field

    record = replace(REPO.records[0], fields=(Field("title", "bad\x0bcontrol\x00 text", "en"),))
    repository = replace(REPO, records=(record,))
    response = ask(
        repository, verb="GetRecord", identifier="oai:archive.example.org:doc-00", metadataPrefix="oai_dc"
    )
    assert response.findtext(".//dc:title", namespaces=NS) == "badcontrol text"


def test_a_repository_without_sets_has_no_set_hierarchy() -> None:
    from dataclasses import replace

    empty = replace(REPO, records=(), sets=())
    assert error_code(ask(empty, verb="ListSets")) == "noSetHierarchy"
    assert (
        error_code(ask(empty, verb="ListRecords", metadataPrefix="oai_dc", set="country:th"))
        == "noSetHierarchy"
    )
    assert error_code(ask(empty, verb="ListRecords", metadataPrefix="oai_dc")) == "noRecordsMatch"
    assert error_code(ask(empty, verb="Identify")) is None


# Names and values of the requests below that are fit to echo.
FIT = {"verb", "GetRecord", "ListRecords", "ListIdentifiers", "ListSets", "Identify", "identifier"}
FIT |= {"metadataPrefix", "set", "until", "resumptionToken", "oai_dc", "1"}


@pytest.mark.parametrize(
    "pairs",
    [
        [
            ("verb", "GetRecord"),
            ("identifier", "oai:archive.example.org:doc-01\x00<x>"),
            ("metadataPrefix", "oai_dc"),
        ],
        [("verb", "ListRecords"), ("metadataPrefix", "oai_dc\ufffe")],
        [("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("set", "country:th\x01")],
        [("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"), ("until", "2026-01-01\uffff")],
        [("verb", "ListSets"), ("resumptionToken", "abc\x1b[2J")],
        [("verb", "Identify\x00")],
        [("verb", "Identify"), ("x\x07y", "1")],
        [("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("set", "country:th\x85")],
    ],
)
def test_control_characters_and_noncharacters_are_refused_unechoed(pairs: list[tuple[str, str]]) -> None:
    """Such an argument is no request a harvester meant: badArgument, valid XML, nothing echoed."""
    from lxml import etree

    from crossings.oai.protocol import Context, answer

    body = answer(REPO, pairs, Context(base_url=BASE, secret=b"k" * 32))
    response = etree.fromstring(body)  # raises on a character XML 1.0 cannot hold
    check_envelope(response)
    assert error_code(response) == "badArgument"
    assert dict(response.find("o:request", NS).attrib) == {}
    text = body.decode("utf-8")
    for name, value in pairs:
        for unfit in (name, value):
            if unfit not in FIT:
                assert unfit not in text and repr(unfit)[1:-1] not in text, unfit


@pytest.mark.parametrize(
    "alter",
    [
        lambda body, signature: f"{body}.{signature[:-1]}é",  # the signature
        lambda body, signature: f"{body}é.{signature}",  # the body
        lambda body, signature: f"{body}.{signature}\U0001f600",  # an astral character
        lambda body, signature: f"{body}.\u202e{signature}",  # a direction override
        lambda body, signature: "ราคา.ใบ",  # no token at all
    ],
)
def test_a_token_with_characters_beyond_ascii_is_a_bad_token(alter: Callable[[str, str], str]) -> None:
    """A token is ASCII; any other text a harvester sends as one is badResumptionToken, never a
    crash (hmac.compare_digest raised TypeError on a str beyond ASCII: a 500 at /oai)."""
    first = ask(REPO, 2, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = first.findtext(".//o:resumptionToken", namespaces=NS)
    assert token
    body, signature = token.split(".")
    response = ask(REPO, 2, verb="ListIdentifiers", resumptionToken=alter(body, signature))
    check_envelope(response)
    assert error_code(response) == "badResumptionToken"


# The patterns of the oai-identifier schema (oai-identifier.xsd) for the scheme's two values.
REPOSITORY_IDENTIFIER = r"[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+"
SAMPLE_IDENTIFIER = r"oai:" + REPOSITORY_IDENTIFIER + r":[a-zA-Z0-9\-_\.!~\*'\(\);/\?:@&=\+$,%]+"


@pytest.mark.parametrize(
    ("base_url", "host", "declared"),
    [
        ("https://archive.example.org", "", "archive.example.org"),
        ("", "archive.example.org", "archive.example.org"),  # no base URL: the request's host
        ("", "127.0.0.1", None),
        ("", "::1", None),
        ("", "localhost", None),
        ("http://127.0.0.1:8000/", "", None),
        ("http://intranet:8000/", "", None),
    ],
)
def test_identify_declares_the_oai_identifier_scheme_only_for_a_domain_name(
    base_url: str, host: str, declared: str | None
) -> None:
    """oai-identifier.xsd takes a domain name as repositoryIdentifier: an Identify that declared
    127.0.0.1 or localhost was not valid against the schema its own schemaLocation names."""
    import re
    from dataclasses import replace

    from lxml import etree

    from crossings.oai.protocol import Context, answer

    repository = replace(REPO, base_url=base_url)
    context = Context(base_url=BASE, secret=b"k" * 32, host=host)
    response = etree.fromstring(answer(repository, [("verb", "Identify")], context))
    check_envelope(response)
    scheme = "{http://www.openarchives.org/OAI/2.0/oai-identifier}"
    found = response.findtext(f".//{scheme}repositoryIdentifier")
    assert found == declared
    if declared:
        assert re.fullmatch(REPOSITORY_IDENTIFIER, found)
        assert re.fullmatch(SAMPLE_IDENTIFIER, response.findtext(f".//{scheme}sampleIdentifier") or "")
    else:
        assert response.find(".//o:description", NS) is None
    # The records are still named in the host's namespace, whatever it is.
    listed = etree.fromstring(
        answer(repository, [("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc")], context)
    )
    expected = repository.host or host
    assert identifiers(listed)[0].startswith(f"oai:{expected}:")


@pytest.mark.parametrize(
    "value",
    ["๒๐๐๑-06-15", "２００１-06-15", "2001-06-15T10:00:0٠Z", "2001-06-15\n", "2001-06-15T10:00:00Z\n"],
)
def test_a_date_in_other_digits_is_refused_for_its_form(value: str) -> None:
    """The form of a datestamp is ASCII digits: a date in Thai or full-width digits was read as
    of that form and then refused as "not a date of the calendar", sending a harvester to check
    the calendar instead of the digits."""
    from crossings.oai import dates

    with pytest.raises(dates.BadDate, match="YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ"):
        dates.granularity(value)
    if "\n" not in value:  # a line break is refused before the dates are read
        response = ask(REPO, verb="ListIdentifiers", metadataPrefix="oai_dc", from_=value)
        assert error_code(response) == "badArgument"
        assert "YYYY-MM-DD" in (response.findtext("o:error", namespaces=NS) or "")


# The pattern of the OAI-PMH schema (OAI-PMH.xsd, emailType) for Identify's adminEmail.
EMAIL_TYPE = r"\S+@(\S+\.)+\S+"


@pytest.mark.parametrize("configured", ["", "postmaster@localhost", "archive", "a b@example.org"])
def test_no_address_is_guessed_and_none_the_schema_refuses_is_the_contact(configured: str) -> None:
    """Without crossings_oai_admin_email Identify said postmaster@<host>: an address nobody chose,
    and for a bare localhost one the schema's pattern refuses. A records file naming no address
    the schema takes (a hand-edited one too) has no contact now, and Identify is not answered."""
    from dataclasses import replace

    from crossings.oai.protocol import admin_email

    for base_url in ("", "https://archive.example.org"):
        bare = replace(REPO, admin_email=configured, base_url=base_url)
        assert admin_email(bare) == ""
        with pytest.raises(ValueError, match=r"crossings_oai_admin_email in conf\.py"):
            ask(bare, verb="Identify")


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "archive.example.org"])
def test_identify_with_a_contact_is_valid_on_any_host(host: str) -> None:
    """An archive without a base URL served on a bare localhost (or an IP address) identifies
    itself with the configured contact, in the schema's order and patterns, and declares no
    oai-identifier scheme for a host that is not a domain name."""
    import re
    from dataclasses import replace

    from lxml import etree

    from crossings.oai.protocol import Context, answer

    repository = replace(REPO, admin_email="editors@archive.example.org", base_url="")
    context = Context(base_url=f"http://{host}:8000/oai", secret=b"k" * 32, host=host)
    response = etree.fromstring(answer(repository, [("verb", "Identify")], context))
    check_envelope(response)
    identify = response.find("o:Identify", NS)
    names = [c.tag.split("}")[1] for c in identify]
    assert names[:7] == [
        "repositoryName",
        "baseURL",
        "protocolVersion",
        "adminEmail",
        "earliestDatestamp",
        "deletedRecord",
        "granularity",
    ]
    assert names[7:] == ([] if host != "archive.example.org" else ["description"])
    contact = identify.findtext("o:adminEmail", namespaces=NS)
    assert contact == "editors@archive.example.org" and re.fullmatch(EMAIL_TYPE, contact)
    assert "postmaster" not in etree.tostring(response, encoding="unicode")
