"""Read a xelatex log: the first error with its line, traced back to the archive document at fault."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from crossings.sphinx.latex import DOC_MARK, END_MARK

# With -file-line-error: "./proceedings.tex:123: Undefined control sequence."
_FILE_LINE = re.compile(r"^(?:\./)?(?P<file>[^:\n]+\.tex):(?P<line>\d+): (?P<message>.*)$")
_BANG = re.compile(r"^! (?P<message>.*)$")
_CONTEXT = re.compile(r"^l\.(?P<line>\d+) ?(?P<text>.*)$")
_MISSING = re.compile(
    r"^Missing character: There is no (?P<char>.+?) (?:\(U\+(?P<code>[0-9A-F]+)\) )?in font (?P<font>.+?)!$"
)


@dataclass(frozen=True)
class TexError:
    """The first error of a LaTeX run."""

    message: str
    line: int | None
    context: str
    document: str  # docname of the archive document, or "" when outside any document


def first_error(log: str) -> TexError | None:
    """The first error in *log* (message, .tex line, the offending input), or None."""
    lines = log.splitlines()
    for number, text in enumerate(lines):
        match = _FILE_LINE.match(text) or _BANG.match(text)
        if match is None:
            continue
        line = int(match.group("line")) if "line" in match.groupdict() and match.group("line") else None
        context = ""
        for follow in lines[number + 1 : number + 12]:
            found = _CONTEXT.match(follow)
            if found:
                line = line or int(found.group("line"))
                context = found.group("text").strip()
                break
        return TexError(match.group("message").strip(), line, context, "")
    return None


def document_at(tex: str, line: int) -> str:
    """The docname whose content is at *line* of the .tex source ("" in the book's own parts)."""
    current = ""
    for number, text in enumerate(tex.splitlines(), start=1):
        if number > line:
            break
        if text.startswith(DOC_MARK):
            current = text[len(DOC_MARK) :].strip()
        elif text.startswith(END_MARK):
            current = ""
    return current


def locate(error: TexError, tex_file: Path) -> TexError:
    """*error* with the document it comes from."""
    if error.line is None or not tex_file.is_file():
        return error
    document = document_at(tex_file.read_text(encoding="utf-8", errors="replace"), error.line)
    return TexError(error.message, error.line, error.context, document)


def missing_characters(log: str) -> list[str]:
    """Characters a font had no glyph for ("Missing character" lines), each once."""
    found: list[str] = []
    for text in log.splitlines():
        match = _MISSING.match(text.strip())
        if match and match.group("char") not in found:
            found.append(f"{match.group('char')} ({match.group('font')})")
    return list(dict.fromkeys(found))


def missing_chars(log: str) -> list[str]:
    """The characters of the "Missing character" lines of *log* (no font had a glyph), each once."""
    found = (_MISSING.match(text.strip()) for text in log.splitlines())
    return list(dict.fromkeys(match.group("char") for match in found if match))


def blank_by_document(log: str, tex: str) -> dict[str, list[str]]:
    """The characters no font had a glyph for, by the document whose text holds them ("" for the
    book's own pages), in the order of the log."""
    chars = missing_chars(log)
    held: dict[str, set[str]] = {}
    current = ""
    for text in tex.splitlines():
        if text.startswith(DOC_MARK):
            current = text[len(DOC_MARK) :].strip()
        elif text.startswith(END_MARK):
            current = ""
        else:
            held.setdefault(current, set()).update(char for char in chars if char in text)
    found: dict[str, list[str]] = {}
    for char in chars:
        for document in [name for name, those in held.items() if char in those] or [""]:
            found.setdefault(document, []).append(char)
    return found


def describe_chars(chars: list[str], shown: int = 12) -> str:
    """``ខ (U+1781), 😀 (U+1F600) and 3 more``: characters a reader can find in the source."""
    named = ", ".join(f"{char} (U+{ord(char[0]):04X})" for char in chars[:shown])
    return named + (f" and {len(chars) - shown} more" if len(chars) > shown else "")


def documents_in(tex: str) -> set[str]:
    """Docnames whose content reached the .tex source."""
    return {line[len(DOC_MARK) :].strip() for line in tex.splitlines() if line.startswith(DOC_MARK)}


def last_input(fls: str) -> str:
    """The last file of the build folder TeX opened (from latexmk's -recorder .fls), or ""."""
    last = ""
    for text in fls.splitlines():
        if text.startswith("INPUT "):
            name = text[len("INPUT ") :].strip().removeprefix("./")
            if "/" not in name and not name.endswith(
                (".aux", ".toc", ".out", ".ind", ".sty", ".cls", ".cfg")
            ):
                last = name
    return last


def crash_error(tex_file: Path, fls_file: Path) -> TexError | None:
    """For a TeX crash with no error in the log (e.g. a corrupt image): the file it was reading."""
    if not fls_file.is_file() or not tex_file.is_file():
        return None
    name = last_input(fls_file.read_text(encoding="utf-8", errors="replace"))
    if not name or name == tex_file.name:
        return None
    stem, _dot, suffix = name.rpartition(".")
    tex = tex_file.read_text(encoding="utf-8", errors="replace")
    for number, text in enumerate(tex.splitlines(), start=1):
        if name in text or f"{{{stem}}}.{suffix}" in text:
            message = f"TeX stopped while reading {name} (a damaged or unsupported file?)"
            return TexError(message, number, text.strip()[:200], document_at(tex, number))
    return None
