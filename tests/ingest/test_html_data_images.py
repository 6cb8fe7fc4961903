"""An HTML page's images written inline as data: URIs are kept as media files like a Word file's;
an SVG or a data: URI that is not the image it declares is dropped, named shortly in the warning."""

from __future__ import annotations

import base64
import struct
import zlib
from pathlib import Path

from crossings.catalog.model import DocumentMeta
from crossings.ingest.convert import convert


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\xff\x00\x00" * 2 + b"\x00" + b"\x00\x00\xff" * 2)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def test_data_uri_images_become_media_files(tmp_path: Path) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    page = (
        f'<html><body><p>Before</p><p><img src="{_uri("image/png", _png())}" alt="A map"></p>'
        f'<p><img src="{_uri("image/svg+xml", svg)}" alt="Vector"></p>'
        f'<p><img src="{_uri("image/png", b"not a picture" * 200)}" alt="Fake"></p><p>After</p></body></html>'
    )
    meta = DocumentMeta(id="page", title="Page", type="paper", file="page.html")
    converted = convert(page.encode(), tmp_path, "reports/page.html", meta, now="2001-01-01T00:00:00Z")
    assert "![A map](page/image-1.png)" in converted.body and "base64" not in converted.body
    assert sorted(p.name for p in converted.media.iterdir()) == ["image-1.png"]
    assert (converted.media / "image-1.png").read_bytes() == _png()
    (warning,) = converted.warnings
    assert "2 images removed" in warning and "data:image/svg+xml;base64,... (" in warning
    assert len(warning) < 400, warning
