"""Turn a contributed file's bytes into a pandoc input under a neutral name in the work folder."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from crossings.ingest.containers import check_zip
from crossings.ingest.encodings import decode_text, rtf_to_unicode
from crossings.ingest.hidden import drop_hidden_text
from crossings.ingest.sniff import sniff

# pandoc reader per kind. Contributed Markdown is read without raw HTML, so tags stay visible text.
READERS = {
    "docx": "docx",
    "odt": "odt",
    "epub": "epub",
    "html": "html",
    "rtf": "rtf",
    "md": "commonmark_x-raw_html-raw_attribute",
    "txt": "commonmark_x-raw_html-raw_attribute-yaml_metadata_block",
    "doc": "docx",
    "wpd": "docx",
}
ZIPPED = ("docx", "odt", "epub")
_UNDERLINE = re.compile(r"^(={3,}|-{3,})$")
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class PandocInput:
    """What pandoc should read: the file name in the work folder, the reader and how it was decoded."""

    name: str
    reader: str
    kind: str
    encoding: str = ""
    via: str = ""
    notes: tuple[str, ...] = ()


def prepare(
    data: bytes, workdir: Path, display: str, *, declared: str = "", language: str = "en"
) -> PandocInput:
    """Check the bytes, decode or convert them, and write the pandoc input into *workdir*."""
    kind = sniff(data, display)
    if kind == "docx":
        check_zip(data, display)
        return _docx(data, workdir, PandocInput("input.docx", "docx", kind))
    if kind in ZIPPED:
        check_zip(data, display)
        return _write(workdir, f"input.{kind}", data, PandocInput(f"input.{kind}", READERS[kind], kind))
    if kind in ("doc", "wpd"):
        return _legacy(data, workdir, display, kind)
    if kind == "rtf":
        converted = rtf_to_unicode(data, declared=declared, language=language, display=display)
        return _write(workdir, "input.rtf", converted, PandocInput("input.rtf", READERS["rtf"], kind))
    text, encoding = decode_text(data, declared=declared, language=language, display=display)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if kind == "txt":
        text = escape_plain_text(text)
    name = {"html": "input.html", "md": "input.md", "txt": "input.md"}[kind]
    return _write(workdir, name, text.encode("utf-8"), PandocInput(name, READERS[kind], kind, encoding))


def escape_plain_text(text: str) -> str:
    """Plain text as CommonMark that reads back as that text; underlined lines become headings."""
    lines = text.split("\n")
    out = []
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        underline = lines[index + 1].strip() if index + 1 < len(lines) else ""
        escaped = _PUNCT.sub(r"\\\1", line)
        if line and _UNDERLINE.match(underline):
            level = "#" if underline[0] == "=" else "##"
            out += ["", f"{level} {escaped}", ""]
            index += 2
            continue
        out.append(escaped)
        index += 1
    return "\n".join(out) + "\n"


def _legacy(data: bytes, workdir: Path, display: str, kind: str) -> PandocInput:
    """Convert .doc/.wpd to .docx with LibreOffice, then check the result like any .docx."""
    from crossings.ingest.legacy import convert_legacy  # LibreOffice is needed for legacy files only

    original = workdir / f"input.{kind}"
    original.write_bytes(data)
    converted = convert_legacy(original, workdir, display)
    docx = converted.read_bytes()
    check_zip(docx, display)
    return _docx(docx, workdir, PandocInput("input.docx", "docx", kind, via="LibreOffice"))


def _docx(data: bytes, workdir: Path, result: PandocInput) -> PandocInput:
    """Write a docx for pandoc without its hidden text, noting how much was left out."""
    data, hidden = drop_hidden_text(data)
    if hidden:
        note = (
            f"{hidden} run{'s' if hidden > 1 else ''} of hidden text left out (hidden in Word; not published)"
        )
        result = replace(result, notes=(note,))
    return _write(workdir, result.name, data, result)


def _write(workdir: Path, name: str, data: bytes, result: PandocInput) -> PandocInput:
    """Write *data* as ``workdir/name`` and return *result*."""
    (workdir / name).write_bytes(data)
    return result
