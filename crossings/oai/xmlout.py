"""Namespaces and the writing of OAI-PMH XML (ElementTree, UTF-8, characters XML 1.0 allows)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML = "http://www.w3.org/XML/1998/namespace"
OAI_IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"
OAI_IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
STATIC = "http://www.openarchives.org/OAI/2.0/static-repository"
STATIC_SCHEMA = "http://www.openarchives.org/OAI/2.0/static-repository.xsd"
SCHEMA_LOCATION = f"{{{XSI}}}schemaLocation"

# The prefix of each namespace in a response ("" for the default namespace of its documents).
RESPONSE_PREFIXES = {OAI: "", OAI_DC: "oai_dc", DC: "dc", XSI: "xsi", OAI_IDENTIFIER: "oai-identifier"}
STATIC_PREFIXES = {STATIC: "", OAI: "oai", OAI_DC: "oai_dc", DC: "dc", XSI: "xsi"}

# Characters XML 1.0 cannot carry at all (controls other than tab and line breaks, surrogates,
# U+FFFE/U+FFFF): a stray one in a catalogue cell must not make a response unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """*text* without the characters XML 1.0 forbids."""
    return _NOT_XML.sub("", text)


def q(namespace: str, name: str) -> str:
    """A qualified name."""
    return f"{{{namespace}}}{name}"


def child(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A new child of *parent* with *text* and *attrs*."""
    element = ET.SubElement(parent, tag, {key: clean(value) for key, value in attrs.items()})
    if text is not None:
        element.text = clean(text)
    return element


def _name(qualified: str, prefixes: dict[str, str]) -> str:
    """``{uri}local`` written with the namespace's prefix (``xml:`` is predeclared)."""
    if not qualified.startswith("{"):
        return qualified
    uri, local = qualified[1:].split("}", 1)
    prefix = "xml" if uri == XML else prefixes[uri]
    return f"{prefix}:{local}" if prefix else local


def _used(root: ET.Element) -> list[str]:
    """The namespaces the tree's tags and attributes use, in order of first use."""
    found: dict[str, None] = {}
    for element in root.iter():
        for qualified in (element.tag, *element.attrib):
            if qualified.startswith("{"):
                found[qualified[1:].split("}", 1)[0]] = None
    return [uri for uri in found if uri != XML]


def _write(element: ET.Element, prefixes: dict[str, str], out: list[str], declare: str = "") -> None:
    """*element* and its children as XML text."""
    tag = _name(element.tag, prefixes)
    attrs = "".join(f" {_name(k, prefixes)}={quoteattr(v)}" for k, v in element.attrib.items())
    children = list(element)
    if not children and not element.text:
        out.append(f"<{tag}{declare}{attrs}/>")
        return
    out.append(f"<{tag}{declare}{attrs}>{escape(element.text or '')}")
    for item in children:
        _write(item, prefixes, out)
    out.append(f"</{tag}>")


def serialize(root: ET.Element, prefixes: dict[str, str]) -> bytes:
    """The document: XML declaration, UTF-8, every namespace it uses declared on the root with its
    prefix in *prefixes* ("" for the default namespace)."""
    declare = "".join(
        f" xmlns:{prefixes[uri]}={quoteattr(uri)}" if prefixes[uri] else f" xmlns={quoteattr(uri)}"
        for uri in _used(root)
    )
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    _write(root, prefixes, out, declare)
    return ("".join(out) + "\n").encode("utf-8")
