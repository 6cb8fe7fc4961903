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

from crossings.ingest.parts import namespaces, parse_part, rezip

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NOTES = ("word/footnotes.xml", "word/endnotes.xml")
_OFF = {"0", "false", "off"}
_P, _R = f"{{{_W}}}p", f"{{{_W}}}r"


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
            cleaned[name], count = _clean_part(name, xml, styles)
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
    root = parse_part(xml, "word/styles.xml")
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


def _clean_part(name: str, xml: bytes, styles: dict[str, bool]) -> tuple[bytes, int]:
    """One XML part without the runs Word would hide."""
    if b"vanish" not in xml and not any(styles.values()):
        return xml, 0
    root = parse_part(xml, name)
    for prefix, uri in namespaces(xml):
        ET.register_namespace(prefix, uri)
    removed = 0
    stack: list[tuple[ET.Element, str]] = [(root, "")]  # no recursion: depth is bounded by parse_part
    while stack:
        node, paragraph_style = stack.pop()
        for child in list(node):
            if child.tag == _R and _is_hidden(child, paragraph_style, styles):
                node.remove(child)
                removed += 1
            else:
                stack.append((child, _paragraph_style(child) if child.tag == _P else paragraph_style))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True), removed


def _paragraph_style(paragraph: ET.Element) -> str:
    """The style id of *paragraph* ('' when it has none)."""
    style = paragraph.find(f"{{{_W}}}pPr/{{{_W}}}pStyle")
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
