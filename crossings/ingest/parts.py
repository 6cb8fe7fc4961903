"""The XML parts of a Word or OpenDocument package as ingest reads them: UTF-8, bounded, or refused.

An XML part may declare any encoding (UTF-16 with a byte order mark, ISO-8859-1, windows-1252...);
pandoc reads UTF-8 only and ingest's own byte searches (``vanish``, ``ruby``) look for ASCII, so
every part is written back in UTF-8 before either reads it. The parts ingest parses itself (hidden
text, ruby) are bounded like pandoc's run: a part of more than MAX_ELEMENTS elements (about 3,000
pages; a docx of 1,050,000 elements took the whole conversion 43 s and 1.2 GB, pandoc near its
1 GB cap, while one of 7,000,000 took hidden-text removal alone 52 s and 744 MB) or nested deeper
than MAX_DEPTH (Word's deepest real nesting, tables in tables in text boxes, is a few dozen levels)
is refused before it is parsed into a tree.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from xml.etree import ElementTree as ET

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

MAX_ELEMENTS = 1_000_000
RESAVE = "open it in Word or LibreOffice, save it again and replace the file"
MAX_DEPTH = 256
_XML_NAMES = (".xml", ".rels", ".xhtml", ".xht", ".opf", ".ncx")  # Office, OpenDocument and EPUB parts
_DECLARED = re.compile(rb"^<\?xml[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._-]{1,40})[\"']")
_DECLARATION = re.compile(r"^(<\?xml[^>]*?\bencoding\s*=\s*)([\"'])[A-Za-z0-9._-]*[\"']")
_NOT_TEXT = ("idna", "punycode", "utf-7", "undefined", "raw-unicode-escape", "unicode-escape")
_UTF16 = {codecs.BOM_UTF16_LE: "utf-16", codecs.BOM_UTF16_BE: "utf-16", b"<\x00?\x00": "utf-16-le"}
_UTF16 |= {b"\x00<\x00?": "utf-16-be"}


class PartError(ValueError):
    """One part of a package cannot be read; the message names the part and what is wrong."""

    def __init__(self, part: str, problem: str, advice: str = RESAVE) -> None:
        super().__init__(f"part {part!r} {problem}; {advice}")


def declared_encoding(xml: bytes, part: str) -> str:
    """The codec of *xml*: its byte order mark, else its declaration, else UTF-8."""
    for mark, encoding in _UTF16.items():
        if xml.startswith(mark):
            return encoding
    found = _DECLARED.match(xml.removeprefix(codecs.BOM_UTF8).lstrip())
    if not found:
        return "utf-8"
    name = found.group(1).decode("ascii")
    try:
        info = codecs.lookup(name)
    except LookupError:
        info = None
    if info is None or not info._is_text_encoding or info.name.replace("_", "-") in _NOT_TEXT:
        raise PartError(part, f"declares the encoding {name!r}, which is unknown or not a text encoding")
    if info.name.startswith(("utf-16", "utf-32")):
        # a declaration readable as ASCII is no UTF-16 part's: one that lies, read as pandoc reads it
        return "utf-8"
    return info.name


def as_utf8(xml: bytes, part: str) -> bytes:
    """*xml* in UTF-8 with a declaration saying so (unchanged when it already is UTF-8)."""
    encoding = declared_encoding(xml, part)
    if codecs.lookup(encoding).name == "utf-8":
        return xml
    try:
        text = xml.decode(encoding)
    except UnicodeDecodeError as exc:
        line = xml[: exc.start].decode(encoding, "replace").count("\n") + 1
        raise PartError(part, f"is not {encoding} text as it declares (line {line})") from exc
    text = _DECLARATION.sub(r"\1\2UTF-8\2", text.lstrip("\ufeff"), count=1)
    return text.encode("utf-8")


def utf8_package(data: bytes) -> bytes:
    """The zip *data* with every XML part in UTF-8 (*data* itself when all of them already are)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        replaced = {}
        for info in package.infolist():
            if info.filename.lower().endswith(_XML_NAMES):
                xml = package.read(info)
                utf8 = as_utf8(xml, info.filename)
                if utf8 is not xml:
                    replaced[info.filename] = utf8
        return rezip(package, replaced) if replaced else data


def parse_part(xml: bytes, part: str) -> ET.Element:
    """One part as a tree (no DTDs, no entities), refused when damaged, too big or too deep."""
    xml = as_utf8(xml, part)
    elements = xml.count(b"<") - xml.count(b"</")
    if elements > MAX_ELEMENTS:
        raise PartError(
            part,
            f"holds about {elements:,} XML elements, more than ingest reads ({MAX_ELEMENTS:,}, about "
            "3,000 pages)",
            "split the document into parts of fewer pages and add each",
        )
    try:
        root: ET.Element = SafeET.fromstring(xml)
    except (ET.ParseError, DefusedXmlException) as exc:
        raise PartError(part, f"is not well-formed XML ({exc})") from exc
    _check_depth(root, part)
    return root


def _check_depth(root: ET.Element, part: str) -> None:
    """Refuse elements nested deeper than MAX_DEPTH (writing them back would overflow the stack)."""
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise PartError(part, f"nests elements more than {MAX_DEPTH} levels deep, as no document does")
        stack.extend((child, depth + 1) for child in node)


def namespaces(xml: bytes) -> list[tuple[str, str]]:
    """The prefixes the part declares, so that it is written back with the same ones."""
    found = []
    for _event, (prefix, uri) in SafeET.iterparse(io.BytesIO(xml), events=("start-ns",)):
        if prefix and not prefix.startswith("ns"):
            found.append((prefix, uri))
    return found


def rezip(source: zipfile.ZipFile, replaced: dict[str, bytes]) -> bytes:
    """A copy of the zip with some parts replaced, each entry written as it was (name, order, method)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            # the entry's own ZipInfo: its compression kept (an ODF or EPUB mimetype stays stored, first)
            target.writestr(info, replaced.get(info.filename) or source.read(info))
    return out.getvalue()
