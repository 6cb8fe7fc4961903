"""Keep Japanese ruby (furigana) in a .docx: pandoc's reader drops every ``<w:ruby>`` element whole,
base text included, which left a Japanese document with ruby on every line an empty body.

Each ruby becomes its base text followed by the reading in full-width parentheses, 漢字（かんじ）,
as Japanese plain text writes readings.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

from crossings.ingest.parts import namespaces, parse_part, rezip
from crossings.ingest.sniff import office_main_part

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NOTES = ("word/footnotes.xml", "word/endnotes.xml")


def unfold_ruby(data: bytes) -> tuple[bytes, int]:
    """The docx with every ruby written as base（reading）, and how many there were (0: *data* unchanged)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = set(source.namelist())
        parts = [name for name in (office_main_part(data), *_NOTES) if name in names]
        found = {name: source.read(name) for name in parts}
        if not any(b"ruby" in xml for xml in found.values()):
            return data, 0
        replaced, total = {}, 0
        for name, xml in found.items():
            replaced[name], count = _unfold_part(name, xml)
            total += count
        return (rezip(source, replaced), total) if total else (data, 0)


def _unfold_part(name: str, xml: bytes) -> tuple[bytes, int]:
    """One XML part with its rubies unfolded."""
    if b"ruby" not in xml:
        return xml, 0
    root = parse_part(xml, name)
    for prefix, uri in namespaces(xml):
        ET.register_namespace(prefix, uri)
    count = 0
    for parent in list(root.iter()):
        for index, run in reversed(list(enumerate(parent))):
            ruby = run.find(f"{{{_W}}}ruby") if run.tag == f"{{{_W}}}r" else None
            if ruby is None:
                continue
            parent.remove(run)
            for offset, new in enumerate(_runs(ruby)):
                parent.insert(index + offset, new)
            count += 1
    return ET.tostring(root, encoding="utf-8", xml_declaration=True), count


def _runs(ruby: ET.Element) -> list[ET.Element]:
    """The base text's runs, then one run holding （reading）."""
    base = ruby.find(f"{{{_W}}}rubyBase")
    runs = list(base.findall(f"{{{_W}}}r")) if base is not None else []
    reading = "".join(t.text or "" for t in ruby.iterfind(f"{{{_W}}}rt//{{{_W}}}t"))
    if reading:
        run = ET.Element(f"{{{_W}}}r")
        ET.SubElement(run, f"{{{_W}}}t").text = f"（{reading}）"
        runs.append(run)
    return runs
