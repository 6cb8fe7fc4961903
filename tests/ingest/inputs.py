"""Test inputs for sniffing, container checks and decoding, made in the tests (no binary fixtures)."""

from __future__ import annotations

import functools
import io
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pypandoc

MARKDOWN = """# Migrant workers' report

Sex workers crossing from **Thailand** to *Malaysia* meet police and agents.

| route | country |
|---|---|
| TH>MY | Malaysia |

香港的性工作者組織紫藤 · การประชุมเครือข่าย
"""


@functools.cache
def pandoc_document(fmt: str) -> bytes:
    """A small real document (docx, odt, epub) written by pandoc."""
    with tempfile.TemporaryDirectory() as folder:
        return pandoc_file(fmt, Path(folder)).read_bytes()


def pandoc_file(fmt: str, folder: Path) -> Path:
    """Write a pandoc-made document into `folder` and return its path."""
    target = folder / f"made-by-pandoc.{fmt}"
    pypandoc.convert_text(MARKDOWN, fmt, format="commonmark_x", outputfile=str(target))
    return target


def libreoffice_convert(source: Path, fmt: str, folder: Path) -> Path:
    """Convert `source` with headless LibreOffice (own profile) and return the result."""
    profile = (folder / "lo-profile").resolve().as_uri()
    argv = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", fmt]
    subprocess.run(
        [*argv, "--outdir", str(folder), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / f"{source.stem}.{fmt.split(':')[0]}"


def make_zip(entries: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip with the given entries, in order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def replace_entry(document: bytes, name: str, data: bytes) -> bytes:
    """The zip `document` with entry `name` replaced by `data`, other entries unchanged."""
    with zipfile.ZipFile(io.BytesIO(document)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    entries[name] = data
    return make_zip(entries)


def rename_entry_bytes(document: bytes, old: bytes, new: bytes) -> bytes:
    """Rewrite an entry name in both the local and the central headers (same length)."""
    assert len(old) == len(new)
    assert document.count(old) == 2
    return document.replace(old, new)


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    b' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    b' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"
)
