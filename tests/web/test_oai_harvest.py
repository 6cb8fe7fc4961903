"""An OAI-PMH harvest of a live `crossings serve` over the demo archive, with a harvesting client.

The demo is ingested and its English site built (which writes the records and oai-static.xml);
the server pages by 4 so that every list needs several resumption tokens.
"""

from __future__ import annotations

import csv
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from lxml import etree
from oaipmh_scythe import Scythe, exceptions
from oaipmh_scythe.iterator import OAIResponseIterator

from tests.browser.conftest import copy_demo
from tests.oai.sample import NS, check_envelope, error_code
from tests.serving import CROSSINGS, crossings_serve, serving

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
DEMO_PARTS = ("reports", "vocabularies", "locales", "search", "source", "conf.py", "redactions.csv")
PAGE = 4
HOST = "crossings.example.org"  # the host of the demo's crossings_base_url


def crossings(*args: str) -> None:
    """Run one crossings command; fail the test with its output if it fails."""
    done = subprocess.run([CROSSINGS, *args], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo archive, ingested and built in English."""
    root = tmp_path_factory.mktemp("oai") / "archive"
    root.mkdir()
    copy_demo(root, ingested=False)
    crossings("ingest", "--archive", str(root))
    crossings("build", "html", "--lang", "en", "--archive", str(root))
    return root


@pytest.fixture(scope="module")
def endpoint(demo: Path) -> Iterator[str]:
    """The /oai address of a running server over the demo."""
    command = crossings_serve(demo, "--oai-page-size", str(PAGE))
    with serving(command, "/oai?verb=Identify") as served:
        yield served.base + "/oai"


def catalog_rows(demo: Path) -> list[dict[str, str]]:
    """The demo's catalog rows whose document ingest wrote."""
    with (demo / "reports" / "catalog.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [row for row in rows if (demo / "source" / "documents" / f"{row['id']}.md").is_file()]


def withheld_names(demo: Path) -> set[str]:
    """The names of the demo's redactions.csv."""
    with (demo / "redactions.csv").open(encoding="utf-8", newline="") as handle:
        return {row["name"] for row in csv.DictReader(handle)}


def test_harvest_gets_every_public_record_over_several_pages(demo: Path, endpoint: str) -> None:
    rows = catalog_rows(demo)
    public = {row["id"] for row in rows if row["access"] == "public"}
    restricted = {row["id"] for row in rows if row["access"] != "public"}
    assert restricted and len(public) > 2 * PAGE  # the demo shows what this test is about
    with Scythe(endpoint, iterator=OAIResponseIterator) as pages_client:
        pages = list(pages_client.list_records(metadata_prefix="oai_dc"))
    assert len(pages) == -(-len(public) // PAGE)
    for number, page in enumerate(pages):
        check_envelope(page.xml)
        token = page.xml.find(".//o:resumptionToken", NS)
        assert token is not None
        assert token.get("cursor") == str(number * PAGE)
        assert token.get("completeListSize") == str(len(public))
    with Scythe(endpoint) as client:
        records = list(client.list_records(metadata_prefix="oai_dc"))
    harvested = [record.header.identifier for record in records]
    assert sorted(harvested) == sorted(f"oai:{HOST}:{doc_id}" for doc_id in public)
    assert not {i.rsplit(":", 1)[1] for i in harvested} & restricted
    by_id = {row["id"]: row for row in rows}
    withheld = withheld_names(demo)
    assert withheld & {a for row in rows for a in row["authors"].split(";")}  # the demo withholds an author
    for record in records:
        row = by_id[record.header.identifier.rsplit(":", 1)[1]]
        assert record.metadata["title"] == [row["title"]]
        authors = [a for a in row["authors"].split(";") if a]
        # A withheld name is replaced by the marker, never harvested.
        assert record.metadata["creator"] == [a if a not in withheld else "[name withheld]" for a in authors]
        assert f"https://{HOST}/en/documents/{row['id']}.html" in record.metadata["identifier"]
        assert f"type:{row['type']}" in record.header.setSpecs
        for country in filter(None, row["countries"].split(";")):
            assert f"country:{country.lower()}" in record.header.setSpecs


def test_identify_sets_and_selective_harvest(demo: Path, endpoint: str) -> None:
    with Scythe(endpoint) as client:
        identify = client.identify()
        assert identify.adminEmail == "archive@example.org"
        assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ"
        assert identify.baseURL == endpoint
        specs = {item.setSpec: item.setName for item in client.list_sets()}
        assert specs["country:th"] == "Thailand" and specs["country"]
        assert {"theme", "event", "type"} <= set(specs)
        thai = {h.identifier for h in client.list_identifiers(metadata_prefix="oai_dc", set_="country:th")}
        expected = {
            row["id"] for row in catalog_rows(demo) if row["access"] == "public" and "TH" in row["countries"]
        }
        assert thai == {f"oai:{HOST}:{doc_id}" for doc_id in expected}
        stamps = [h.datestamp for h in client.list_identifiers(metadata_prefix="oai_dc")]
        assert identify.earliestDatestamp == min(stamps)
        later = list(client.list_identifiers(metadata_prefix="oai_dc", from_=max(stamps)))
        assert later and all(h.datestamp == max(stamps) for h in later)
        one = client.get_record(f"oai:{HOST}:th-thailand")
        assert one.header.identifier == f"oai:{HOST}:th-thailand"


@pytest.mark.parametrize(
    ("query", "raised"),
    [
        ({"verb": "Harvest"}, exceptions.BadVerb),
        ({"verb": "ListRecords"}, exceptions.BadArgument),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-03-01", "until": "2026-02-01"},
            exceptions.BadArgument,
        ),
        ({"verb": "ListRecords", "resumptionToken": "forged.token"}, exceptions.BadResumptionToken),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, exceptions.CannotDisseminateFormat),
        (
            {"verb": "GetRecord", "identifier": f"oai:{HOST}:no-such-document", "metadataPrefix": "oai_dc"},
            exceptions.IdDoesNotExist,
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "2000-01-01"},
            exceptions.NoRecordsMatch,
        ),
    ],
)
def test_each_error_over_http(endpoint: str, query: dict[str, str], raised: type[Exception]) -> None:
    with Scythe(endpoint) as client, pytest.raises(raised):
        client.harvest(query)
    for response in (httpx.get(endpoint, params=query), httpx.post(endpoint, data=query)):
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/xml; charset=utf-8"
        root = etree.fromstring(response.content)
        check_envelope(root)
        assert error_code(root) == raised.__name__[0].lower() + raised.__name__[1:]


def test_restricted_documents_are_unknown(demo: Path, endpoint: str) -> None:
    restricted = [row["id"] for row in catalog_rows(demo) if row["access"] != "public"]
    assert restricted
    with Scythe(endpoint) as client:
        for doc_id in restricted:
            with pytest.raises(exceptions.IdDoesNotExist):
                client.get_record(f"oai:{HOST}:{doc_id}")


def test_static_repository_is_served_and_holds_the_same_records(demo: Path, endpoint: str) -> None:
    static = httpx.get(endpoint.removesuffix("/oai") + "/en/oai-static.xml")
    assert static.status_code == 200 and "xml" in static.headers["content-type"]
    root = etree.fromstring(static.content)
    assert root.tag == f"{{{NS['sr']}}}Repository"
    ids = {node.text for node in root.iterfind(".//o:header/o:identifier", NS)}
    with Scythe(endpoint) as client:
        assert ids == {h.identifier for h in client.list_identifiers(metadata_prefix="oai_dc")}
    assert root.findtext(".//o:baseURL", namespaces=NS) == f"https://{HOST}/en/oai-static.xml"


def test_rebuilding_unchanged_documents_keeps_datestamps_and_the_leak_scan_passes(demo: Path) -> None:
    records = demo / "build" / "public" / "oai" / "en.json"
    before = records.read_text(encoding="utf-8")
    crossings("build", "html", "--lang", "en", "--archive", str(demo))
    assert records.read_text(encoding="utf-8") == before
    crossings("check", "--leaks", "--archive", str(demo))


def test_an_edited_document_alone_moves_and_the_server_follows_the_new_build(
    demo: Path, endpoint: str
) -> None:
    records = demo / "build" / "public" / "oai" / "en.json"
    before = {r["id"]: r["datestamp"] for r in json.loads(records.read_text("utf-8"))["records"]}
    first = httpx.get(endpoint, params={"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    token = etree.fromstring(first.content).findtext(".//o:resumptionToken", namespaces=NS)
    assert token
    document = demo / "source" / "documents" / "au-australia.md"
    document.write_text(
        document.read_text("utf-8") + "\nSample sentence added by the OAI-PMH test.\n", "utf-8"
    )
    crossings("build", "html", "--lang", "en", "--archive", str(demo))
    after = {r["id"]: r["datestamp"] for r in json.loads(records.read_text("utf-8"))["records"]}
    assert {doc_id for doc_id in after if after[doc_id] != before[doc_id]} == {"au-australia"}
    assert after["au-australia"] > before["au-australia"]
    with Scythe(endpoint) as client:
        assert client.get_record(f"oai:{HOST}:au-australia").header.datestamp == after["au-australia"]
        recent = [
            h.identifier
            for h in client.list_identifiers(metadata_prefix="oai_dc", from_=after["au-australia"])
        ]
        assert recent == [f"oai:{HOST}:au-australia"]
    stale = httpx.get(endpoint, params={"verb": "ListIdentifiers", "resumptionToken": token})
    assert error_code(etree.fromstring(stale.content)) == "badResumptionToken"
