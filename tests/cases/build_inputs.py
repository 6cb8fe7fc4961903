"""Make the input files of the conversion cases (run once; the inputs are kept in git).

    .venv/bin/python -m tests.cases.build_inputs [CASE]...

Inputs come from pandoc, LibreOffice (``soffice --headless --convert-to``) and python-docx,
so that the cases cover files real word processors write, not only pandoc's own. Hand-written
inputs (html-hostile, md-directives, txt-plain) are their own source and are edited in place.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pypandoc

CASES = Path(__file__).resolve().parent

RICH_MD = """\
---
title: Rich Report
---

# Migration routes

Intro paragraph with *emphasis*, **strong** and a [link](https://example.org/report).
A footnote here.[^n]

## Lists

- first item
- second item
  1. nested one
  2. nested two

> A block quote from a worker.

+-------------+-------------+
| Country     | Notes       |
+=============+=============+
| Thailand and Malaysia     |
+-------------+-------------+
| Hong Kong   | two         |
|             |             |
|             | paragraphs  |
+-------------+-------------+

| A | B |
|---|---|
| 1 | 2 |

![A red square](red.png)

[^n]: The footnote text.
"""


BIG5_RTF = rb"{\rtf1\ansi\ansicpg950\deff0{\fonttbl{\f0\fnil\fcharset136 PMingLiU;}}" + (
    rb"\f0 \'a4\'a4\'a4\'e5\'b3\'f8\'a7\'69\par English line\par}"
)


def png(width: int = 4, height: int = 4) -> bytes:
    """A small red PNG."""
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def pandoc_file(markdown: str, target: Path, work: Path) -> None:
    """Write *markdown* (images resolved in *work*) to *target* with pandoc."""
    (work / "red.png").write_bytes(png())
    source = work / "source.md"
    source.write_text(markdown, encoding="utf-8")
    # -s: a complete file (pandoc writes RTF and HTML fragments otherwise)
    pypandoc.convert_file(
        str(source), target.suffix[1:], outputfile=str(target), cworkdir=str(work), extra_args=["-s"]
    )


def soffice(source: Path, fmt: str, target: Path, work: Path) -> None:
    """Convert *source* with headless LibreOffice and move the result to *target*."""
    profile = work / "lo-profile"
    out = work / "lo-out"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
         "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    shutil.move(str(out / f"{source.stem}.{fmt}"), target)


def hidden_docx(target: Path) -> None:
    """A python-docx file with hidden text, a tracked insertion and deletion, a comment and an author."""
    import docx
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    document = docx.Document()
    document.core_properties.author = "Jane Contributor"
    document.add_heading("Hidden and tracked", level=1)
    paragraph = document.add_paragraph("Visible text. ")
    paragraph.add_run("HIDDEN NOTE").font.hidden = True
    changed = document.add_paragraph("Kept ")
    for tag, text_tag, text in (("w:ins", "w:t", "INSERTED"), ("w:del", "w:delText", "DELETED")):
        change = OxmlElement(tag)
        change.set(qn("w:id"), "1" if tag == "w:ins" else "2")
        change.set(qn("w:author"), "Reviewer")
        change.set(qn("w:date"), "2001-06-01T00:00:00Z")
        run = OxmlElement("w:r")
        node = OxmlElement(text_tag)
        node.text = text
        run.append(node)
        change.append(run)
        changed._p.append(change)
    commented = document.add_paragraph("Commented sentence.")
    document.add_comment(commented.runs, text="REVIEWER COMMENT", author="Bob Reviewer")
    document.save(str(target))


def build(case: str, work: Path) -> None:
    """Write the input of one case."""
    folder = CASES / case
    folder.mkdir(exist_ok=True)
    makers: dict[str, Callable[[], None]] = {
        "docx-pandoc": lambda: pandoc_file(RICH_MD, folder / "input.docx", work),
        "odt-pandoc": lambda: pandoc_file(RICH_MD, folder / "input.odt", work),
        "epub-pandoc": lambda: pandoc_file(RICH_MD, folder / "input.epub", work),
        "rtf-pandoc": lambda: pandoc_file(RICH_MD, folder / "input.rtf", work),
        "docx-libreoffice": lambda: _via_libreoffice("odt", "docx", folder, work),
        "odt-libreoffice": lambda: _via_libreoffice("docx", "odt", folder, work),
        "rtf-big5": lambda: (folder / "input.rtf").write_bytes(BIG5_RTF),
        "docx-hidden-tracked": lambda: hidden_docx(folder / "input.docx"),
    }
    makers[case]()


def _via_libreoffice(source_fmt: str, target_fmt: str, folder: Path, work: Path) -> None:
    """Have pandoc write the rich document, then LibreOffice re-save it in the target format."""
    source = work / f"rich.{source_fmt}"
    pandoc_file(RICH_MD, source, work)
    soffice(source, target_fmt, folder / f"input.{target_fmt}", work)


def main(names: list[str]) -> None:
    """Build the named cases, or all of them."""
    all_cases = [
        "docx-pandoc", "odt-pandoc", "epub-pandoc", "rtf-pandoc", "docx-libreoffice", "odt-libreoffice",
        "rtf-big5", "docx-hidden-tracked",
    ]  # fmt: skip
    for case in names or all_cases:
        with tempfile.TemporaryDirectory() as work:
            build(case, Path(work))
        print(f"built tests/cases/{case}")


if __name__ == "__main__":
    main(sys.argv[1:])
