"""pandoc's error messages (Haskell's words) told in the editor's: what is wrong, where, and what to do.

The messages are those pandoc 3's readers give for the formats crossings hands it (docx, odt,
epub, rtf, html, Markdown): its zip library on a damaged container, its XML parser on a damaged
part, Parsec on malformed RTF, its text decoder on bytes that are not UTF-8. A message not
listed here is still shown, after what to do.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# What the format is called, and the program to open it in and save it again.
FORMATS = {
    "docx": ("Word file", "Word or LibreOffice Writer"),
    "odt": ("OpenDocument file", "LibreOffice Writer"),
    "epub": ("EPUB e-book", "an e-book editor such as Calibre or Sigil"),
    "rtf": ("RTF file", "Word, WordPad or LibreOffice Writer"),
    "html": ("web page", "a web browser (Save Page As...) or a text editor"),
    "markdown": ("text file", "a text editor"),
}
_PACKAGES = {FORMATS[kind][0] for kind in ("docx", "odt", "epub")}
RESAVE = "open it in {program}, save it again (or ask the contributor for a new copy) and replace the file"
UNKNOWN = (
    "pandoc could not read the {name}; " + RESAVE + "; if that does not help, send the file and this "
    "message to the archive's maintainers. pandoc said: {detail}"
)
ZIP_REASONS = {
    "not enough bytes": "it ends too early: it was cut off, as an interrupted download or copy leaves it",
    "Did not find end of central directory signature": (
        "it is not a complete zip container (a {name} is one): the file is cut off or damaged"
    ),
}
ZIP_PREFIXES = ("couldn't unpack docx container: ", "Could not unzip ODT: ", "Couldn't extract ePub file: ")
# Where XML parsers put the position: "1:7 (6)" or "errorPosition = 1:11 (10)".
_XML_POSITION = re.compile(r"(\d+):(\d+) \(\d+\)")
_PARSEC = re.compile(r"^Error at (?:\"[^\"]*\" )?\(line (\d+), column (\d+)\):\s*(.*)$", re.DOTALL)
_UTF8 = re.compile(
    r"Cannot decode byte '\\x([0-9a-fA-F]{2})'|UTF-8 decoding error in .*? at byte offset (\d+)"
)


@dataclass(frozen=True)
class Context:
    """The format pandoc was reading, as the editor knows it."""

    name: str
    program: str

    @classmethod
    def of(cls, reader: str) -> Context:
        """The context of a pandoc reader name (``commonmark_x-raw_html`` reads a text file)."""
        base = re.split(r"[-+]", reader, maxsplit=1)[0]
        key = base if base in FORMATS else "markdown"
        return cls(*FORMATS[key])

    def resave(self) -> str:
        """What to do about a damaged file."""
        return RESAVE.format(program=self.program)


def _zip(detail: str, context: Context) -> str | None:
    """A damaged zip container (docx, odt, epub)."""
    for prefix in ZIP_PREFIXES:
        if detail.startswith(prefix):
            reason = detail[len(prefix) :].strip()
            told = ZIP_REASONS.get(reason, f"its zip container is damaged ({reason})")
            return (
                f"the {context.name} cannot be unpacked: {told.format(name=context.name)}; {context.resave()}"
            )
    return None


def _xml(detail: str, context: Context) -> str | None:
    """A part of the container that is not well-formed XML."""
    match = re.match(r"Invalid XML in (\S+?):", detail)
    if not match:
        return None
    position = _XML_POSITION.search(detail)
    where = f" at line {position.group(1)}, column {position.group(2)}" if position else ""
    return (
        f"the {context.name} is damaged: its part {match.group(1)} is not well-formed XML{where}; "
        f"{context.resave()}"
    )


def _missing_part(detail: str, context: Context) -> str | None:
    """A required part of the container is missing."""
    match = re.match(r"(?:Could not find|No entry on path:) (\S+)$", detail.strip())
    if match:
        return (
            f"the {context.name} is incomplete: it has no {match.group(1)}, which every {context.name} "
            f"needs; {context.resave()}"
        )
    if detail.startswith("couldn't parse docx file"):
        return (
            f"the {context.name} has no readable main text (word/document.xml is missing or damaged); "
            f"{context.resave()}"
        )
    return None


def _parsec(detail: str, context: Context) -> str | None:
    """A syntax error at a line and column (RTF, and pandoc's other text readers)."""
    match = _PARSEC.match(detail.strip())
    if not match:
        return None
    lines = [line.strip() for line in match.group(3).splitlines() if line.strip()]
    said = next(
        (line for line in lines if line.startswith(("unexpected", "expecting"))), lines[0] if lines else ""
    )
    what = f" ({said})" if said else ""
    return (
        f"the {context.name} is malformed at line {match.group(1)}, column {match.group(2)}{what}; "
        f"{context.resave()}"
    )


def _utf8(detail: str, context: Context) -> str | None:
    """Bytes that are not UTF-8 reached a text reader."""
    match = _UTF8.search(detail)
    if not match:
        return None
    where = f"the byte 0x{match.group(1).upper()}" if match.group(1) else f"byte offset {match.group(2)}"
    if context.name in _PACKAGES:  # the catalog's encoding column is for texts, not for a part of a package
        return f"a part of the {context.name} is not UTF-8 text as it declares ({where}); {context.resave()}"
    return (
        f"the {context.name} is not UTF-8 text ({where} is not UTF-8); write its encoding in the encoding "
        "column of reports/catalog.csv (for example cp1252, big5, gb18030, cp932, cp874) or save it as "
        "UTF-8, then run the ingest again"
    )


def _reader(detail: str, context: Context) -> str | None:
    """A reader this pandoc does not have: crossings asked for it, so it is crossings' fault."""
    match = re.match(r"Unknown (?:input format|reader):? (\S+)", detail.strip())
    if not match:
        return None
    return (
        f"this pandoc has no reader {match.group(1)!r} for the {context.name} (crossings chose it: report "
        "this to the archive's maintainers with the file)"
    )


RULES: tuple[Callable[[str, Context], str | None], ...] = (_zip, _xml, _missing_part, _parsec, _utf8, _reader)


def explain(detail: str, reader: str) -> str:
    """pandoc's *detail* about a file read with *reader*, as what is wrong, where and what to do."""
    context = Context.of(reader)
    for rule in RULES:
        told = rule(detail, context)
        if told is not None:
            return told
    shown = " ".join(detail.split())[:300] or "no message"
    return UNKNOWN.format(name=context.name, program=context.program, detail=shown)
