"""The Static Repository file: its structure, day granularity, no sets, only public records."""

from __future__ import annotations

import pytest
from lxml import etree

from crossings.oai.repository import Repository
from crossings.oai.static import static_base_url, static_repository
from tests.oai.sample import NS, sample_repository

FILE_URL = "https://archive.example.org/en/oai-static.xml"


def read(repository: Repository) -> etree._Element:
    """The parsed static file of *repository*."""
    return etree.fromstring(static_repository(repository, FILE_URL))


def test_static_repository_structure() -> None:
    repository = sample_repository(4)
    root = read(repository)
    assert root.tag == f"{{{NS['sr']}}}Repository"
    assert [etree.QName(c).localname for c in root] == ["Identify", "ListMetadataFormats", "ListRecords"]
    assert all(etree.QName(c).namespace == NS["sr"] for c in root)
    identify = root.find("sr:Identify", NS)
    assert all(etree.QName(c).namespace == NS["o"] for c in identify)
    assert identify.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DD"
    assert identify.findtext("o:deletedRecord", namespaces=NS) == "no"
    assert identify.findtext("o:baseURL", namespaces=NS) == FILE_URL
    assert identify.findtext("o:adminEmail", namespaces=NS) == "archive@example.org"
    assert identify.findtext("o:earliestDatestamp", namespaces=NS) == "2026-01-01"
    records = root.find("sr:ListRecords", NS)
    assert records.get("metadataPrefix") == "oai_dc"
    ids = [node.text for node in records.iterfind("o:record/o:header/o:identifier", NS)]
    assert ids == sorted(f"oai:archive.example.org:{r.id}" for r in repository.records)
    assert {node.text for node in records.iterfind(".//o:datestamp", NS)} <= {
        "2026-01-01",
        "2026-02-01",
        "2026-03-01",
    }
    assert records.find(".//o:setSpec", NS) is None
    assert len(records.findall(".//oai_dc:dc", NS)) == 4


def test_gateway_base_url() -> None:
    from dataclasses import replace

    repository = replace(sample_repository(1), static_gateway="https://gateway.example.net/oai/")
    assert (
        static_base_url(repository, FILE_URL)
        == "https://gateway.example.net/oai/archive.example.org/en/oai-static.xml"
    )


def test_no_static_file_is_made_without_a_contact() -> None:
    """The static file's Identify needs an adminEmail too, and none is guessed (the build writes
    no file then: crossings.sphinx.oai)."""
    from dataclasses import replace

    for configured in ("", "postmaster@localhost"):
        with pytest.raises(ValueError, match="crossings_oai_admin_email"):
            static_repository(replace(sample_repository(2), admin_email=configured), FILE_URL)
