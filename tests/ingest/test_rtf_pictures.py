"""Pictures inside an RTF file: PNG kept as an image file like a Word file's (in hex or as raw
\\bin bytes), formats the converter cannot keep dropped with a warning, never hex in the text."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

from crossings.ingest.rtfpictures import dropped_pictures
from tests.ingest.archives import ingest, make_archive, row


def tiny_png() -> bytes:
    """A real 1x1 red PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PNG = tiny_png()
WMF = b"\\pict\\wmetafile8\\picw1\\pich1 010009000003220000000000"


def rtf(*paragraphs: bytes) -> bytes:
    """An RTF document of *paragraphs*."""
    body = b"\n".join(b"{\\pard " + p + b"\\par}" for p in paragraphs)
    return b"{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times;}}\n" + body + b"\n}"


def convert(tmp_path: Path, data: bytes) -> tuple[dict[str, object], str, list[Path]]:
    """Ingest *data* as reports/p.rtf: its report, its body and its media files."""
    root = make_archive(tmp_path / "archive", {"p.rtf": data}, [row("p.rtf", "p")])
    import json

    report = json.loads(ingest(root, "--json", "--jobs", "1").output)["documents"][0]
    documents = root / "source" / "documents"
    body = (documents / "p.md").read_text(encoding="utf-8") if (documents / "p.md").exists() else ""
    media = sorted((documents / "p").iterdir()) if (documents / "p").is_dir() else []
    return report, body, media


def test_png_in_hex_and_in_binary_are_kept_as_images(tmp_path: Path) -> None:
    hexed = b"{\\pict\\pngblip\\picw1\\pich1\n" + PNG.hex().encode() + b"}"
    binary = b"{\\pict\\pngblip\\picw1\\pich1\\bin" + str(len(PNG)).encode() + b" " + PNG + b"}"
    report, body, media = convert(tmp_path, rtf(b"Before.", hexed, b"Middle.", binary, b"After."))
    assert report["status"] == "converted", report["reason"]
    assert [p.name for p in media] == ["image-1.png", "image-2.png"]
    assert all(p.read_bytes()[:8] == PNG[:8] for p in media)
    assert "![image](p/image-1.png)" in body and "![image](p/image-2.png)" in body
    assert "Before." in body and "Middle." in body and "After." in body
    assert report["warnings"] == []
    assert not re.search(r"[0-9a-fA-F]{16}|IHDR|IEND", body.split("---", 2)[2])


def test_metafiles_are_dropped_with_a_warning(tmp_path: Path) -> None:
    shape = b"{\\*\\shppict{\\pict\\pngblip " + PNG.hex().encode() + b"}}{\\nonshppict{" + WMF + b"}}"
    report, body, media = convert(tmp_path, rtf(b"Text.", b"{" + WMF + b"}", shape))
    assert report["status"] == "converted", report["reason"]
    assert [p.name for p in media] == ["image-1.png"]  # the shape's PNG; its metafile copy is a fallback
    (warning,) = report["warnings"]
    assert warning.startswith("1 picture left out (1 Windows metafile: a format the converter cannot keep)")
    assert "save the pictures as PNG or JPEG" in warning
    assert not re.search(r"[0-9a-fA-F]{16}", body.split("---", 2)[2])


def test_dropped_pictures_counts_formats_and_skips_binary_data() -> None:
    tricky = b"{\\pict\\pngblip\\bin12 \\wmetafile8}}" + b"{\\pict\\dibitmap0 28}{\\pict\\macpict 00}"
    assert dropped_pictures(rtf(tricky)) == {"bitmap": 1, "Mac PICT": 1}
