"""What a word processor's file says about the people who wrote it, and what ingest leaves out."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET

from crossings.ingest.parts import PartError, as_utf8

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


def metadata_warnings(data: bytes, kind: str, body: str = "") -> list[str]:
    """Warnings about personal names (those *body* repeats), comments and tracked changes in a docx/odt."""
    if kind not in _PEOPLE_FIELDS:
        return []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            warnings = _people(archive, kind, body)
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


def people_properties(archive: zipfile.ZipFile, kind: str) -> list[tuple[str, str]]:
    """(property, value) of every filled author-like property of a docx or odt package."""
    filled = []
    for entry, tag, label in _PEOPLE_FIELDS.get(kind, ()):
        root = _read_xml(archive, entry)
        found = root.find(f".//{tag}") if root is not None else None
        value = " ".join((found.text or "").split()) if found is not None else ""
        if value:
            filled.append((label, value))
    return filled


def _people(archive: zipfile.ZipFile, kind: str, body: str) -> list[str]:
    """A warning per person the document's properties name who is also named in its (published) text.

    The properties themselves are never published, so a name there alone needs nothing from the
    editor; the same name in the text does (measured on the real-world corpus: the warning went
    from 105 files, every one with its author's name in the properties only, to 0).
    """
    names: dict[str, list[str]] = {}
    for label, value in people_properties(archive, kind):
        if likely_name(value):
            names.setdefault(value, []).append(label)
    warnings = []
    folded = _fold(body)
    for name, labels in names.items():
        times = folded.count(_fold(name))
        if times:
            warnings.append(
                f"{name!r} (the document's {' and '.join(labels)} property) is named {times} time"
                f"{'s' if times > 1 else ''} in its text, which is published: if this person must not be "
                "named, add the name to redactions.csv (or mark it with {redact}) before building"
            )
    return warnings


def _fold(text: str) -> str:
    """Text compared without case and with any run of spaces (or Markdown emphasis) as one space."""
    return " ".join(re.sub(r"[*_\\]", " ", text).split()).casefold()


_GENERIC = re.compile(
    r"\b(user|users|admin|administrator|owner|author|unknown|anonymous|guest|default|test|tester|"
    r"microsoft|office|word|windows|libreoffice|openoffice|apache|python|docx|odfpy|pandoc|writer|"
    r"company|corporation|corp|inc|ltd|llc|gmbh|team|staff|department|dept|ministry|university|"
    r"school|library|project|editor|secretary|reception|home|pc|computer|laptop|customer)\b",
    re.I,
)
# Latin letters with diacritics, Vietnamese's stacked ones (U+1E00-U+1EFF: Nguyễn, Đặng) included.
_WORD_NAME = re.compile(
    r"^(?:[A-Z\u00c0-\u00de\u0100-\u024f\u1e00-\u1eff][a-z\u00df-\u00ff\u0100-\u024f\u1e00-\u1eff'’-]+\.?"
    r"|[A-Z]\.|[a-z]{1,3})$"
)
_HAN_NAME = re.compile(
    r"^[\u4e00-\u9fff]{2,4}$|^[\uac00-\ud7af]{2,4}$|^[\u0e01-\u0e4e]{2,20}\s[\u0e01-\u0e4e]{2,20}$"
)


def likely_name(value: str) -> bool:
    """True when a metadata value looks like a person's name or address, not a program or role.

    Word fills these fields from the logged-in account: program names, "User", "Administrator",
    company names and login names are what most real files hold (measured on the real-world
    corpus, tests/corpus), so only a value shaped like a name or an e-mail address counts.
    """
    text = " ".join(value.split())
    if not text or _GENERIC.search(text) or any(c.isdigit() for c in text):
        return False
    if re.fullmatch(r"[\w.+-]+@[\w-]+\.[\w.-]+", text):
        return True
    if _HAN_NAME.match(text):
        return True
    words = text.replace(",", " ").split()
    capitals = sum(1 for word in words if word[:1].isupper())
    return 2 <= len(words) <= 4 and capitals >= 2 and all(_WORD_NAME.match(word) for word in words)


def _docx_markup(archive: zipfile.ZipFile) -> list[str]:
    """Say what happened to comments and tracked changes (a byte search: parsing costs more than pandoc)."""
    warnings = []
    if b"<w:comment " in _read_bytes(archive, "word/comments.xml"):
        warnings.append("comments dropped (reviewers' comments are not published)")
    body = _read_bytes(archive, main_part(archive))
    if b"<w:ins " in body or b"<w:del " in body:
        warnings.append("tracked changes accepted (insertions kept, deletions removed)")
    return warnings


def main_part(archive: zipfile.ZipFile) -> str:
    """The main document part as the package's relationships name it."""
    from crossings.ingest.sniff import office_main_part

    rels = _read_bytes(archive, "_rels/.rels")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as only_rels:
        only_rels.writestr("_rels/.rels", rels)
    return office_main_part(buffer.getvalue())


def _read_bytes(archive: zipfile.ZipFile, name: str) -> bytes:
    """One entry's bytes; empty when absent or larger than any real document part."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return b""
    if info.file_size > _MAX_XML:
        return b""
    try:
        return as_utf8(archive.read(info), name)  # a part in UTF-16 is searched like any other
    except PartError:
        return b""
