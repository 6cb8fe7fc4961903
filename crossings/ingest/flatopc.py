"""Turn a Word "XML Document" (Flat OPC: one XML file holding every part of a .docx) into a .docx.

Word saves this as .xml (and people rename it .doc); pandoc and LibreOffice read only the zip
package, so the parts are written into one, byte for byte. The XML is parsed with defusedxml
(no DTDs, no entities).
"""

from __future__ import annotations

import base64
import binascii
import io
import zipfile
from xml.etree import ElementTree as ET

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from crossings.ingest.errors import IngestError
from crossings.ingest.parts import MAX_ELEMENTS, namespaces

_PKG = "{http://schemas.microsoft.com/office/2006/xmlPackage}"
_ADVICE = "open it in Word, save it as .docx and add that instead"


def flat_opc_to_docx(data: bytes, display: str) -> bytes:
    """The .docx package of a Flat OPC document; IngestError when it cannot be read."""
    elements = data.count(b"<") - data.count(b"</")
    if elements > MAX_ELEMENTS:  # parsed here, outside pandoc's memory cap: bounded like any part
        raise IngestError(
            f"{display}: the Word XML document holds about {elements:,} XML elements, more than ingest "
            f"reads ({MAX_ELEMENTS:,}, about 3,000 pages); split the document into parts and add each"
        )
    try:
        root = SafeET.fromstring(data)
    except (ET.ParseError, DefusedXmlException, ValueError) as exc:
        raise IngestError(f"{display}: the Word XML document cannot be read ({exc}); {_ADVICE}") from exc
    for prefix, uri in namespaces(data):  # pandoc finds elements by their usual prefixes (w:, r:)
        ET.register_namespace(prefix, uri)
    out = io.BytesIO()
    types: list[tuple[str, str]] = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for part in root.iter(f"{_PKG}part"):
            name = (part.get(f"{_PKG}name") or "").lstrip("/")
            if not name or ".." in name.split("/"):
                continue
            types.append((name, part.get(f"{_PKG}contentType") or ""))
            package.writestr(name, _contents(part, display, name))
        package.writestr("[Content_Types].xml", _content_types(types))
    if not any(name.endswith(".rels") for name, _ in types):
        raise IngestError(f"{display}: the Word XML document holds no parts; {_ADVICE}")
    return out.getvalue()


def _contents(part: ET.Element, display: str, name: str) -> bytes:
    """One part's bytes: its XML child serialised, or its base64 binary data decoded."""
    xml = part.find(f"{_PKG}xmlData")
    if xml is not None and len(xml):
        serialised: bytes = ET.tostring(xml[0], encoding="utf-8", xml_declaration=True)
        return serialised
    binary = part.find(f"{_PKG}binaryData")
    try:
        decoded: bytes = base64.b64decode((binary.text or "") if binary is not None else "", validate=False)
        return decoded
    except (binascii.Error, ValueError) as exc:
        raise IngestError(f"{display}: part {name!r} of the Word XML document is damaged; {_ADVICE}") from exc


def _content_types(types: list[tuple[str, str]]) -> str:
    """[Content_Types].xml with an override per part."""
    overrides = "".join(
        f'<Override PartName="/{_escape(name)}" ContentType="{_escape(kind)}"/>'
        for name, kind in types
        if kind
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + overrides + "</Types>"
    )


def _escape(text: str) -> str:
    """*text* safe inside an XML attribute."""
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
