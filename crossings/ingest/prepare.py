"""Turn a contributed file's bytes into a pandoc input under a neutral name in the work folder."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from crossings.ingest.containers import check_zip
from crossings.ingest.encodings import decode_text, rtf_to_unicode
from crossings.ingest.errors import IngestError
from crossings.ingest.flatopc import flat_opc_to_docx
from crossings.ingest.hidden import drop_hidden_text
from crossings.ingest.parts import PartError, utf8_package
from crossings.ingest.rtfpictures import dropped_note
from crossings.ingest.rtfstyles import clean_stylesheet
from crossings.ingest.ruby import unfold_ruby
from crossings.ingest.sniff import LEGACY_KINDS, sniff, trim_padding
from crossings.ingest.textparts import GLUED, LINE, PARAGRAPH, split_parts
from crossings.ingest.verbatim import protect
from crossings.nesting import (
    html_depths,
    inline_depth,
    markdown_depth,
    too_deep,
    too_deep_inline,
    too_deep_inline_html,
)

# pandoc reader per kind. Contributed Markdown is read without raw HTML, so tags stay visible text.
READERS = {
    "docx": "docx",
    "odt": "odt",
    "epub": "epub",
    "html": "html",
    "rtf": "rtf",
    "md": "commonmark_x-raw_html-raw_attribute",
    "txt": "commonmark_x-raw_html-raw_attribute-yaml_metadata_block",
}
ZIPPED = ("docx", "odt", "epub")
_ASCII_BLANKS = " \t\f\v"
_UNDERLINE = re.compile(r"^(={3,}|-{3,})$")
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_LIST_ITEM = re.compile(
    r"^(?:[-*+\u2022\u00b7\u25aa\u2023\u25e6\u2043]|(?P<number>\d{1,3})(?P<delim>[.)]))\s+(?P<text>\S.*)$"
)


@dataclass(frozen=True)
class PandocInput:
    """What pandoc should read: the file name in the work folder, the reader and how it was decoded."""

    name: str
    reader: str
    kind: str
    encoding: str = ""
    via: str = ""
    notes: tuple[str, ...] = ()
    verbatim: tuple[str, ...] = ()  # the characters behind the tokens of crossings.ingest.verbatim


def prepare(
    data: bytes, workdir: Path, display: str, *, declared: str = "", language: str = "en", script: str = ""
) -> PandocInput:
    """Check the bytes, decode or convert them, and write the pandoc input into *workdir*.

    *script* is the language's ISO 15924 script from languages.csv ("" for the built-in table's).
    """
    kind = sniff(data, display)
    data = trim_padding(data)
    try:
        return _prepare(data, kind, workdir, display, declared=declared, language=language, script=script)
    except PartError as exc:
        raise IngestError(f"{display}: {exc}") from exc


def _prepare(
    data: bytes, kind: str, workdir: Path, display: str, *, declared: str, language: str, script: str
) -> PandocInput:
    """prepare() once the kind is known."""
    if kind == "docx":
        check_zip(data, display)
        return _docx(utf8_package(data), workdir, PandocInput("input.docx", "docx", kind))
    if kind == "flatopc":
        package = flat_opc_to_docx(data, display)
        check_zip(package, display)  # the package it holds meets every cap a .docx does (entries, names)
        return _docx(package, workdir, PandocInput("input.docx", "docx", kind))
    if kind in ZIPPED:
        check_zip(data, display)
        data = utf8_package(data)
        return _write(workdir, f"input.{kind}", data, PandocInput(f"input.{kind}", READERS[kind], kind))
    if kind in LEGACY_KINDS:
        return _legacy(data, workdir, display, kind)
    if kind in ("rtf", "rtf-fragment"):
        if kind == "rtf-fragment":  # RTF copied without its header: pandoc needs the {\rtf1 group
            data = b"{\\rtf1\\ansi\\deff0\n" + data + b"\n}"
        data = clean_stylesheet(data)  # style names must not reach the body
        converted = rtf_to_unicode(data, declared=declared, language=language, script=script, display=display)
        note = dropped_note(data)
        result = PandocInput("input.rtf", READERS["rtf"], "rtf", notes=(note,) if note else ())
        return _write(workdir, "input.rtf", converted, result)
    text, encoding = decode_text(data, declared=declared, language=language, script=script, display=display)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if kind == "txt":
        markdown, kept = protect(escape_plain_text(text))  # CommonMark's reader changes no character
        return _text_parts(workdir, markdown, PandocInput("", READERS[kind], kind, encoding, verbatim=kept))
    _refuse_deep_nesting(text, kind, display)
    name = {"html": "input.html", "md": "input.md"}[kind]
    kept = ()
    if kind == "md":
        text, kept = protect(text)
    result = PandocInput(name, READERS[kind], kind, encoding, verbatim=kept)
    return _write(workdir, name, text.encode("utf-8"), result)


def _refuse_deep_nesting(text: str, kind: str, display: str) -> None:
    """Fail a web page or Markdown text nested past the limit before pandoc spends minutes on it."""
    deep, inline = html_depths(text) if kind == "html" else (markdown_depth(text), None)
    if deep is not None:
        raise IngestError(f"{display}: line {deep.line}: {too_deep()}; then replace the file")
    if kind == "md":
        inline = inline_depth(text)
    if inline is not None:
        message = too_deep_inline() if kind == "md" else too_deep_inline_html()
        raise IngestError(f"{display}: line {inline.line}: {message}")


def escape_plain_text(text: str) -> str:
    """Plain text as CommonMark that reads back as that text: underlined lines become headings,
    bulleted and numbered lines (-, *, •, 1., 2)...) stay lists, blank lines separate paragraphs.

    Only spaces and tabs are taken off a line's ends (CommonMark would read them as indentation):
    the ideographic space U+3000 that indents a Chinese or Japanese paragraph, a no-break space,
    an em space are characters the contributor wrote, and are kept. A line of nothing but
    spaces of any kind is a blank line."""
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    in_list = False
    while index < len(lines):
        line = lines[index].strip(_ASCII_BLANKS)
        line = line if line.strip() else ""
        underline = lines[index + 1].strip() if index + 1 < len(lines) else ""
        escaped = _PUNCT.sub(r"\\\1", line)
        item = _LIST_ITEM.match(line)
        if line and _UNDERLINE.match(underline):
            level = "#" if underline[0] == "=" else "##"
            out += ["", f"{level} {escaped}", ""]
            index += 2
            in_list = False
            continue
        if item:
            if not in_list and out and out[-1]:
                out.append("")  # a list may not interrupt a paragraph in every case: start it apart
            number = item.group("number")
            marker = f"{number}{item.group('delim')}" if number else "-"
            out.append(f"{marker} " + _PUNCT.sub(r"\\\1", item.group("text")))
            in_list = True
        else:
            in_list = in_list and bool(line)
            out.append(escaped)
        index += 1
    return "\n".join(out) + "\n"


def _legacy(data: bytes, workdir: Path, display: str, kind: str) -> PandocInput:
    """Convert .doc/.wpd to .docx with LibreOffice, then check the result like any .docx."""
    from crossings.ingest.legacy import convert_legacy  # LibreOffice is needed for legacy files only

    original = workdir / "input.legacy"
    original.write_bytes(data)
    converted = convert_legacy(original, workdir, display, kind=kind)
    docx = converted.read_bytes()
    check_zip(docx, display)
    return _docx(docx, workdir, PandocInput("input.docx", "docx", kind, via="LibreOffice"))


def _docx(data: bytes, workdir: Path, result: PandocInput) -> PandocInput:
    """Write a docx for pandoc without its hidden text (noting how much was left out), ruby kept."""
    data, hidden = drop_hidden_text(data)
    data, _rubies = unfold_ruby(data)
    if hidden:
        note = (
            f"{hidden} run{'s' if hidden > 1 else ''} of hidden text left out (hidden in Word; not published)"
        )
        result = replace(result, notes=(note,))
    return _write(workdir, result.name, data, result)


def _text_parts(workdir: Path, markdown: str, result: PandocInput) -> PandocInput:
    """Write a plain text's Markdown in parts pandoc can hold (``textparts``); name them in order.

    The names are joined by commas; a name after ``+`` continues the previous part's paragraph
    (a cut at a space or line break), after ``~`` is glued to it (a cut between two characters).
    """
    names = []
    for number, (part, joiner) in enumerate(split_parts(markdown)):
        name = f"input-{number}.md" if number else "input.md"
        (workdir / name).write_text(part, encoding="utf-8")
        names.append({PARAGRAPH: "", LINE: "+", GLUED: "~"}[joiner] + name)
    return replace(result, name=",".join(names))


def _write(workdir: Path, name: str, data: bytes, result: PandocInput) -> PandocInput:
    """Write *data* as ``workdir/name`` and return *result*."""
    (workdir / name).write_bytes(data)
    return result
