"""Remove hidden text from a .docx before pandoc reads it (pandoc would publish it as ordinary text).

Hidden runs (``<w:vanish/>``) are typically notes the author did not mean readers to see;
in an archive about people at risk they are left out and the editor is told how many. Text is
hidden as Word decides it: by the run's own properties, else by its character style, else by
its paragraph's style (each style inheriting from the one it is based on).
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
        styles_xml = source.read("word/styles.xml") if "word/styles.xml" in names else b""
        if not any(b"vanish" in xml for xml in (*parts.values(), styles_xml)):
            return data, 0
        styles = hidden_styles(styles_xml)
        cleaned, removed = {}, 0
        for name, xml in parts.items():
            cleaned[name], count = _clean_part(xml, styles)
            removed += count
        if not removed:
            return data, 0
        return rezip(source, cleaned), removed


def _vanish(properties: ET.Element | None) -> bool | None:
    """What a run-properties element says about hiding: True, False, or None (nothing)."""
    vanish = properties.find(f"{{{_W}}}vanish") if properties is not None else None
    if vanish is None:
        return None
    return vanish.get(f"{{{_W}}}val", "true").lower() not in _OFF


def hidden_styles(xml: bytes) -> dict[str, bool]:
    """Style id -> whether text in that style is hidden, following basedOn (empty without styles)."""
    if not xml:
        return {}
    root = SafeET.fromstring(xml)
    own: dict[str, tuple[str, bool | None]] = {}
    for style in root.iter(f"{{{_W}}}style"):
        style_id = style.get(f"{{{_W}}}styleId", "")
        based = style.find(f"{{{_W}}}basedOn")
        parent = based.get(f"{{{_W}}}val", "") if based is not None else ""
        own[style_id] = (parent, _vanish(style.find(f"{{{_W}}}rPr")))
    resolved: dict[str, bool] = {}
    for style_id in own:
        seen, current, state = set(), style_id, None
        while current in own and current not in seen and state is None:
            seen.add(current)
            current, state = own[current]
        resolved[style_id] = bool(state)
    return resolved


def _clean_part(xml: bytes, styles: dict[str, bool]) -> tuple[bytes, int]:
    """One XML part without the runs Word would hide."""
    if b"vanish" not in xml and not any(styles.values()):
        return xml, 0
    for prefix, uri in namespaces(xml):
        ET.register_namespace(prefix, uri)
    root = SafeET.fromstring(xml)
    parents = {child: parent for parent in root.iter() for child in parent}
    removed = 0
    for run in list(root.iter(f"{{{_W}}}r")):
        if _is_hidden(run, _paragraph_style(run, parents), styles):
            parents[run].remove(run)
            removed += 1
    return ET.tostring(root, encoding="utf-8", xml_declaration=True), removed


def _paragraph_style(run: ET.Element, parents: dict[ET.Element, ET.Element]) -> str:
    """The style id of the paragraph holding *run* ('' when it has none)."""
    node = parents.get(run)
    while node is not None and node.tag != f"{{{_W}}}p":
        node = parents.get(node)
    style = node.find(f"{{{_W}}}pPr/{{{_W}}}pStyle") if node is not None else None
    return style.get(f"{{{_W}}}val", "") if style is not None else ""


def _is_hidden(run: ET.Element, paragraph_style: str, styles: dict[str, bool]) -> bool:
    """True when Word hides the run: its own properties, else its character style, else its paragraph's."""
    properties = run.find(f"{{{_W}}}rPr")
    own = _vanish(properties)
    if own is not None:
        return own
    character = properties.find(f"{{{_W}}}rStyle") if properties is not None else None
    if character is not None:
        style_id = character.get(f"{{{_W}}}val", "")
        if styles.get(style_id):
            return True
    return styles.get(paragraph_style, False)


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
