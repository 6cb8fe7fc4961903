"""What a word processor's file says about the people who wrote it, and what ingest leaves out."""

from __future__ import annotations

import io
import zipfile
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET

# (zip entry, namespaced tag, field name as reported)
_PEOPLE_FIELDS = {
    "docx": (
        ("docProps/core.xml", "{http://purl.org/dc/elements/1.1/}creator", "creator"),
        (
            "docProps/core.xml",
            "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy",
            "lastModifiedBy",
        ),
    ),
    "odt": (
        ("meta.xml", "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}initial-creator", "initial-creator"),
        ("meta.xml", "{http://purl.org/dc/elements/1.1/}creator", "creator"),
    ),
}
_MAX_XML = 16 * 1024 * 1024


def metadata_warnings(data: bytes, kind: str) -> list[str]:
    """Warnings about personal names, comments and tracked changes in a docx/odt."""
    if kind not in _PEOPLE_FIELDS:
        return []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            warnings = _people(archive, kind)
            if kind == "docx":
                warnings += _docx_markup(archive)
            return warnings
    except (zipfile.BadZipFile, OSError, ValueError):
        return []


def _read_xml(archive: zipfile.ZipFile, name: str) -> Element | None:
    """Parse one entry safely (no DTDs, no entities); None when absent, huge or broken."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_XML:
        return None
    try:
        root: Element = SafeET.fromstring(archive.read(info))
    except Exception:  # defusedxml raises its own errors for DTDs and entities
        return None
    return root


def _people(archive: zipfile.ZipFile, kind: str) -> list[str]:
    """A warning for each author-like field that holds a name."""
    warnings = []
    for entry, tag, label in _PEOPLE_FIELDS[kind]:
        root = _read_xml(archive, entry)
        if root is None:
            continue
        found = root.find(f".//{tag}")
        if found is not None and (found.text or "").strip():
            warnings.append(f"possible personal name in document metadata: {label} field; not published")
    return warnings


def _docx_markup(archive: zipfile.ZipFile) -> list[str]:
    """Say what happened to comments and tracked changes (a byte search: parsing costs more than pandoc)."""
    warnings = []
    if b"<w:comment " in _read_bytes(archive, "word/comments.xml"):
        warnings.append("comments dropped (reviewers' comments are not published)")
    body = _read_bytes(archive, "word/document.xml")
    if b"<w:ins " in body or b"<w:del " in body:
        warnings.append("tracked changes accepted (insertions kept, deletions removed)")
    return warnings


def _read_bytes(archive: zipfile.ZipFile, name: str) -> bytes:
    """One entry's bytes; empty when absent or larger than any real document part."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return b""
    return archive.read(info) if info.file_size <= _MAX_XML else b""
