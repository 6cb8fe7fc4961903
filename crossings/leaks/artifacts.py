"""Turn every kind of built artifact into text that can be searched for leaks."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

MARKUP_SUFFIXES = {".html", ".htm", ".xhtml", ".xml", ".svg", ".ncx", ".opf"}
SKIP_SUFFIXES = {".woff", ".woff2", ".ttf", ".otf", ".eot"}
_TAG = re.compile(r"<[^>]*>")
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
MAX_BYTES = 200 * 1024 * 1024
# OAI-PMH names a document ``oai:<host>:<id>`` (oai-static.xml) and its records file by ``"id"``
# (build/<edition>/oai/<lang>.json): neither spells the page path the id needles look for.
_OAI_IDENTIFIER = re.compile(r"\boai:[A-Za-z0-9.-]+:([A-Za-z0-9_.!~*'()-]+)")
_RECORD_ID = re.compile(r'"id":\s*"([^"\\]+)"')


def _blank(match: re.Match[str]) -> str:
    """Spaces in place of a tag, keeping its line breaks, so offsets stay those of the file."""
    return "".join("\n" if c == "\n" else " " for c in match.group(0))


def _entity(match: re.Match[str]) -> str:
    """The character of an entity, padded with spaces to the entity's length."""
    char = html.unescape(match.group(0))
    return char + " " * (len(match.group(0)) - len(char))


def markup_text(text: str) -> str:
    """The readable text of HTML/XML, at the same offsets: tags blanked, entities decoded."""
    return _ENTITY.sub(_entity, _TAG.sub(_blank, text))


def text_views(name: str, data: bytes) -> Iterator[tuple[str, str]]:
    """(label, text) views of one artifact's bytes, chosen by its name."""
    suffix = Path(name).suffix.lower()
    if suffix in SKIP_SUFFIXES:
        return
    if Path(name).name == "objects.inv":
        yield from _inventory(name, data)
    elif suffix in {".epub", ".zip", ".docx", ".odt"}:
        yield from _archive_members(name, data)
    elif suffix == ".pdf":
        yield name + " (text)", pdf_text(data, name)
        yield from pdf_metadata(data, name)
        yield name, data.decode("latin-1")
    else:
        text = data.decode("utf-8", errors="replace")
        yield name, text
        if suffix in MARKUP_SUFFIXES:
            yield name, markup_text(text)
        if suffix in {".xml", ".json"}:
            yield from _oai_ids(name, text)


def _oai_ids(name: str, text: str) -> Iterator[tuple[str, str]]:
    """The documents an OAI-PMH file names, as page paths (``documents/<id>``), one per line."""
    ids = _OAI_IDENTIFIER.findall(text)
    if suffix_folder(name) == "oai":
        ids += _RECORD_ID.findall(text)
    if ids:
        yield name + " (OAI identifiers)", "\n".join(f"documents/{doc_id}" for doc_id in ids)


def suffix_folder(name: str) -> str:
    """The name of the folder holding *name*."""
    return Path(name).parent.name


def _inventory(name: str, data: bytes) -> Iterator[tuple[str, str]]:
    """Sphinx's objects.inv: four header lines, then zlib-compressed entries."""
    parts = data.split(b"\n", 4)
    yield name + " (header)", b"\n".join(parts[:4]).decode("utf-8", errors="replace")
    try:
        yield name, zlib.decompress(parts[4]).decode("utf-8", errors="replace") if len(parts) == 5 else ""
    except zlib.error:
        yield name, data.decode("utf-8", errors="replace")


def _archive_members(name: str, data: bytes) -> Iterator[tuple[str, str]]:
    """Each member of an EPUB or zip, as its own kind of artifact."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if info.is_dir() or info.file_size > MAX_BYTES:
                    continue
                yield f"{name}!{info.filename}", info.filename
                yield from text_views(f"{name}!{info.filename}", archive.read(info))
    except zipfile.BadZipFile:
        yield name, data.decode("utf-8", errors="replace")


def pdf_text(data: bytes, name: str) -> str:
    """The text layer of a PDF through pdftotext (poppler-utils)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        raise RuntimeError(f"{name}: pdftotext is missing; install poppler-utils to scan PDFs")
    done = subprocess.run(
        [tool, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, timeout=300, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{name}: pdftotext failed: {done.stderr.decode(errors='replace')[:300]}")
    return done.stdout.decode("utf-8", errors="replace")


# What a PDF holds besides its pages' text, through poppler-utils: the document information
# dictionary (title, author, subject, keywords...), its XMP metadata and its bookmarks, which
# pdftotext does not give and the raw bytes hold as UTF-16 or in compressed object streams.
PDF_METADATA = (
    ("metadata", ("pdfinfo", "-enc", "UTF-8", "-custom")),
    ("XMP metadata", ("pdfinfo", "-meta")),
    ("bookmarks", ("pdftohtml", "-xml", "-i", "-stdout", "-q", "-f", "1", "-l", "1")),
)


def pdf_metadata(data: bytes, name: str) -> Iterator[tuple[str, str]]:
    """The information dictionary, XMP metadata and bookmarks of a PDF, one view each."""
    with tempfile.TemporaryDirectory(prefix="crossings-leaks-") as folder:
        path = Path(folder) / "scanned.pdf"
        path.write_bytes(data)
        for what, command in PDF_METADATA:
            tool = shutil.which(command[0])
            if tool is None:
                raise RuntimeError(f"{name}: {command[0]} is missing; install poppler-utils to scan PDFs")
            done = subprocess.run(
                [tool, *command[1:], str(path)], capture_output=True, timeout=300, check=False
            )
            if done.returncode != 0:
                raise RuntimeError(
                    f"{name}: {command[0]} failed: {done.stderr.decode(errors='replace')[:300]}"
                )
            text = done.stdout.decode("utf-8", errors="replace")
            if what == "bookmarks":  # the first page's text comes first: the text view has it
                text = text[text.find("<outline>") :] if "<outline>" in text else ""
            yield f"{name} ({what})", text if what == "metadata" else markup_text(text)
