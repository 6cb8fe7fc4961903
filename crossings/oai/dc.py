"""A record's metadata as ``oai_dc`` (simple Dublin Core), the one format every repository offers."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from crossings.oai.repository import Record
from crossings.oai.xmlout import DC, OAI_DC, OAI_DC_SCHEMA, SCHEMA_LOCATION, XML, child, q

PREFIX = "oai_dc"
# The fifteen elements of simple Dublin Core, in the order the oai_dc schema lists them.
ELEMENTS = (
    "title",
    "creator",
    "subject",
    "description",
    "publisher",
    "contributor",
    "date",
    "type",
    "format",
    "identifier",
    "source",
    "language",
    "relation",
    "coverage",
    "rights",
)


def dc_element(record: Record) -> ET.Element:
    """``<oai_dc:dc>`` holding one ``dc:*`` element per field of *record*, in the schema's order."""
    root = ET.Element(q(OAI_DC, "dc"), {SCHEMA_LOCATION: f"{OAI_DC} {OAI_DC_SCHEMA}"})
    order = {name: position for position, name in enumerate(ELEMENTS)}
    for item in sorted(record.fields, key=lambda f: order.get(f.name, len(order))):
        if item.name not in order or not item.value.strip():
            continue
        attrs = {q(XML, "lang"): item.lang} if item.lang else {}
        child(root, q(DC, item.name), item.value, **attrs)
    return root
