"""The OAI-PMH Static Repository file: the whole repository as one XML document for static hosts.

The format of the OAI's Static Repository guidelines: ``Identify``, ``ListMetadataFormats`` and
one ``ListRecords`` per format, in the static-repository namespace with the OAI-PMH elements
inside; day granularity, no sets, no deleted records. A Static Repository Gateway makes it
harvestable; its ``baseURL`` is the gateway's address followed by the file's address without
``http://`` (the gateway the archive registers with: ``crossings_oai_static_gateway``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from crossings.oai import dates
from crossings.oai.dc import PREFIX, dc_element
from crossings.oai.protocol import Context, contact
from crossings.oai.repository import Repository
from crossings.oai.xmlout import (
    OAI,
    OAI_DC,
    OAI_DC_SCHEMA,
    SCHEMA_LOCATION,
    STATIC,
    STATIC_PREFIXES,
    STATIC_SCHEMA,
    child,
    q,
    serialize,
)

FILE_NAME = "oai-static.xml"


def static_base_url(repository: Repository, file_url: str) -> str:
    """The baseURL a gateway serves the file under: gateway + the file's URL without its scheme;
    without a gateway, the file's own URL."""
    gateway = repository.static_gateway
    if not gateway:
        return file_url
    return gateway.rstrip("/") + "/" + file_url.split("://", 1)[-1]


def static_repository(repository: Repository, file_url: str) -> bytes:
    """The Static Repository document of *repository*, published at *file_url* (one with a
    contact: crossings.oai.protocol.admin_email)."""
    root = ET.Element(q(STATIC, "Repository"), {SCHEMA_LOCATION: f"{STATIC} {STATIC_SCHEMA}"})
    identify = child(root, q(STATIC, "Identify"))
    context = Context(base_url=static_base_url(repository, file_url), secret=b"")
    child(identify, q(OAI, "repositoryName"), repository.name)
    child(identify, q(OAI, "baseURL"), context.base_url)
    child(identify, q(OAI, "protocolVersion"), "2.0")
    child(identify, q(OAI, "adminEmail"), contact(repository))
    child(identify, q(OAI, "earliestDatestamp"), dates.day(repository.earliest()))
    child(identify, q(OAI, "deletedRecord"), "no")
    child(identify, q(OAI, "granularity"), dates.DAY)
    formats = child(root, q(STATIC, "ListMetadataFormats"))
    fmt = child(formats, q(OAI, "metadataFormat"))
    child(fmt, q(OAI, "metadataPrefix"), PREFIX)
    child(fmt, q(OAI, "schema"), OAI_DC_SCHEMA)
    child(fmt, q(OAI, "metadataNamespace"), OAI_DC)
    records = child(root, q(STATIC, "ListRecords"), metadataPrefix=PREFIX)
    for record in sorted(repository.records, key=lambda r: r.id):
        element = child(records, q(OAI, "record"))
        header = child(element, q(OAI, "header"))
        child(header, q(OAI, "identifier"), repository.identifier(record.id))
        child(header, q(OAI, "datestamp"), dates.day(record.datestamp))
        child(element, q(OAI, "metadata")).append(dc_element(record))
    return serialize(root, STATIC_PREFIXES)
