"""Good and hostile originals for batch tests, built in memory."""

from __future__ import annotations

import io
import zipfile

from tests.ingest.cases import CASES

DOCX = (CASES / "docx-pandoc" / "input.docx").read_bytes()
ODT = (CASES / "odt-libreoffice" / "input.odt").read_bytes()
HTML = (CASES / "html-hostile" / "input.html").read_bytes()
EPUB = (CASES / "epub-pandoc" / "input.epub").read_bytes()
MD = (CASES / "md-directives" / "input.md").read_bytes()
HIDDEN = (CASES / "docx-hidden-tracked" / "input.docx").read_bytes()

_ENTITIES = ['<!ENTITY lol "lol">'] + [
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
]
BILLION_LAUGHS = (
    f'<?xml version="1.0"?><!DOCTYPE lolz [{"".join(_ENTITIES)}]>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
).encode()


def replace_entries(docx: bytes, replaced: dict[str, bytes], extra: dict[str, bytes] | None = None) -> bytes:
    """A copy of a zip with some entries replaced and others added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, replaced.get(info.filename, source.read(info)))
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A docx whose document.xml inflates to 1 GB of zeros."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(DOCX)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info.filename, source.read(info))
        with target.open("word/document.xml", "w", force_zip64=True) as handle:
            block = b"\0" * (1 << 20)
            for _ in range(1024):
                handle.write(block)
    return out.getvalue()


def many_entries(count: int = 60_000) -> bytes:
    """A docx with *count* extra (tiny) entries."""
    return replace_entries(DOCX, {}, {f"word/media/x{i}.txt": b"" for i in range(count)})


def good_files() -> dict[str, tuple[bytes, str, str]]:
    """name -> (bytes, id, language) of files that must convert."""
    return {
        "good/report.docx": (DOCX, "good-docx", "en"),
        "good/report.odt": (ODT, "good-odt", "en"),
        "good/page.html": (HTML, "good-html", "en"),
        "good/book.epub": (EPUB, "good-epub", "en"),
        "good/notes.md": (MD, "good-md", "en"),
        "good/hidden.docx": (HIDDEN, "good-hidden", "en"),
        "good/--output=x.docx": (DOCX, "good-dash-name", "en"),
        "good/+RTS -M1k -RTS.txt": (b"A text file with a hostile name.\n", "good-rts-name", "en"),
        "good/big5.txt": ("移工姊妹在香港的工作與生活情況報告。".encode("big5"), "good-big5", "zh-Hant"),
        "good/thai.txt": ("รายงานสถานการณ์แรงงานข้ามชาติในประเทศไทย".encode("cp874"), "good-thai", "th"),
    }


def bad_files() -> dict[str, tuple[bytes, str]]:
    """name -> (bytes, id) of files that must fail, each with a reason naming the file."""
    return {
        "bad/truncated.docx": (DOCX[: len(DOCX) // 2], "bad-truncated"),
        "bad/paper.docx": (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", "bad-pdf"),
        "bad/bomb.docx": (zip_bomb(), "bad-bomb"),
        "bad/traversal.docx": (replace_entries(DOCX, {}, {"../../evil.txt": b"x"}), "bad-traversal"),
        "bad/laughs.docx": (replace_entries(DOCX, {"word/document.xml": BILLION_LAUGHS}), "bad-laughs"),
        "bad/entries.docx": (many_entries(), "bad-entries"),
    }
