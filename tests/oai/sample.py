"""A small repository of sample records, and a reader of responses, for the OAI-PMH tests."""

from __future__ import annotations

from datetime import UTC, datetime

from lxml import etree

from crossings.oai.protocol import Context, answer
from crossings.oai.repository import Field, Record, Repository, SetInfo

NS = {
    "o": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "sr": "http://www.openarchives.org/OAI/2.0/static-repository",
}
BASE = "https://archive.example.org/oai"
NOW = datetime(2026, 12, 5, 12, 0, 0, tzinfo=UTC)


def sample_record(number: int, country: str, datestamp: str, access: str = "public") -> Record:
    """Sample document *number* about *country*."""
    return Record(
        id=f"doc-{number:02d}",
        datestamp=datestamp,
        fields=(
            Field("title", f"Sample document {number}", "en"),
            Field("creator", f"Sample Author {number}"),
            Field("creator", "Second Sample Author"),
            Field("coverage", country.upper(), "en"),
            Field("identifier", f"https://archive.example.org/en/documents/doc-{number:02d}.html"),
        ),
        sets=(f"country:{country}", "type:paper"),
        access=access,
    )


def sample_repository(count: int = 7, restricted: int = 0) -> Repository:
    """*count* public records over two countries and three days, then *restricted* restricted ones."""
    days = ("2026-01-01T10:00:00Z", "2026-02-01T10:00:00Z", "2026-03-01T10:00:00Z")
    records = [sample_record(n, "th" if n % 2 else "hk", days[n % 3]) for n in range(count)]
    records += [sample_record(50 + n, "th", days[0], "restricted") for n in range(restricted)]
    return Repository(
        name="Sample archive",
        admin_email="archive@example.org",
        base_url="https://archive.example.org",
        language="en",
        records=tuple(records),
        sets=(
            SetInfo("country", "Countries"),
            SetInfo("country:hk", "Hong Kong"),
            SetInfo("country:th", "Thailand"),
            SetInfo("type", "Document types"),
            SetInfo("type:paper", "Papers"),
        ),
    )


def ask(
    repository: Repository, page_size: int = 3, secret: bytes = b"s" * 32, **arguments: str
) -> etree._Element:
    """The parsed response to *arguments* (``from_`` for ``from``)."""
    pairs = [(name.rstrip("_"), value) for name, value in arguments.items()]
    context = Context(base_url=BASE, secret=secret, now=NOW, page_size=page_size)
    return etree.fromstring(answer(repository, pairs, context))


def error_code(response: etree._Element) -> str | None:
    """The code of the response's error, if it has one."""
    found = response.find("o:error", NS)
    return None if found is None else found.get("code")


def check_envelope(response: etree._Element) -> None:
    """Root OAI-PMH in the OAI namespace, then responseDate and request, as the protocol requires."""
    assert response.tag == "{http://www.openarchives.org/OAI/2.0/}OAI-PMH"
    children = list(response)
    assert [etree.QName(c).localname for c in children[:2]] == ["responseDate", "request"]
    assert all(etree.QName(c).namespace == NS["o"] for c in children)
    assert len(children) == 3, [c.tag for c in children]  # one verb element or one error
    datetime.strptime(children[0].text or "", "%Y-%m-%dT%H:%M:%SZ")
