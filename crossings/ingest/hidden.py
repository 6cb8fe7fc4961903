"""Remove hidden text from a .docx before pandoc reads it (pandoc would publish it as ordinary text).

Hidden runs (``<w:vanish/>``) are typically notes the author did not mean readers to see;
in an archive about people at risk they are left out and the editor is told how many.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

import defusedxml.ElementTree as SafeET

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NOTES = ("word/footnotes.xml", "word/endnotes.xml")
_OFF = {"0", "false", "off"}


def drop_hidden_text(data: bytes) -> tuple[bytes, int]:
    """The docx without its hidden runs, and how many were removed (0: *data* unchanged)."""
    from crossings.ingest.sniff import office_main_part

    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = set(source.namelist())
        wanted = (office_main_part(data), *_NOTES)  # the main part is named by the package's relationships
        parts = {name: source.read(name) for name in wanted if name in names}
        if not any(b"vanish" in xml for xml in parts.values()):
            return data, 0
        cleaned, removed = {}, 0
        for name, xml in parts.items():
            cleaned[name], count = _clean_part(xml)
            removed += count
        if not removed:
            return data, 0
        return rezip(source, cleaned), removed


def _clean_part(xml: bytes) -> tuple[bytes, int]:
    """One XML part without runs whose properties say vanish."""
    if b"vanish" not in xml:
        return xml, 0
    for prefix, uri in namespaces(xml):
        ET.register_namespace(prefix, uri)
    root = SafeET.fromstring(xml)
    removed = 0
    for parent in root.iter():
        for run in [child for child in parent if child.tag == f"{{{_W}}}r" and _is_hidden(child)]:
            parent.remove(run)
            removed += 1
    return ET.tostring(root, encoding="utf-8", xml_declaration=True), removed


def _is_hidden(run: ET.Element) -> bool:
    """True when the run's own properties hide it."""
    vanish = run.find(f"{{{_W}}}rPr/{{{_W}}}vanish")
    return vanish is not None and vanish.get(f"{{{_W}}}val", "true").lower() not in _OFF


def namespaces(xml: bytes) -> list[tuple[str, str]]:
    """The prefixes the part declares, so that it is written back with the same ones."""
    found = []
    for _event, (prefix, uri) in SafeET.iterparse(io.BytesIO(xml), events=("start-ns",)):
        if prefix and not prefix.startswith("ns"):
            found.append((prefix, uri))
    return found


def rezip(source: zipfile.ZipFile, replaced: dict[str, bytes]) -> bytes:
    """A copy of the zip with some parts replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replaced.get(info.filename) or source.read(info))
    return out.getvalue()
