"""Images carry more than their pixels: metadata goes, and an SVG's text is redacted.

A phone photo pasted into a contributed document keeps its EXIF block: the photographer's
name, the camera, and the GPS position where it was taken (a shelter, a home). Editors' tools
add XMP and IPTC blocks, comments and text chunks. None of it is shown by a browser, all of it
is read by anyone who downloads the file. Metadata is removed losslessly, segment by segment
(the pixels are never re-encoded), keeping only what decoding and colour need. An SVG is text:
withheld names in it are replaced like any other text, and an SVG that still shows one (split
across elements) is not published at all.
"""

from __future__ import annotations

import re
import struct
import zlib

from crossings.redact.skeleton import Pattern, find, skeleton_text

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# PNG chunks needed to decode and colour an image (and animate it); text, EXIF, time stamps go.
PNG_KEPT = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"pHYs", b"bKGD", b"hIST", b"acTL", b"fcTL", b"fdAT",
}  # fmt: skip
# JPEG segments with metadata: APP1 (EXIF, XMP), APP3-APP13 (IPTC, vendor notes) and COM.
JPEG_DROPPED = {0xE1, *range(0xE3, 0xEE), 0xFE}
WEBP_DROPPED = {b"EXIF", b"XMP "}
_TEXT = re.compile(r">([^<]*)<")
_ATTRIBUTE = re.compile(r"""=(["'])(.*?)\1""", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def _png(data: bytes) -> bytes:
    """A PNG without ancillary text, EXIF and time chunks."""
    out = [PNG_SIGNATURE]
    at = len(PNG_SIGNATURE)
    while at + 12 <= len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        end = at + 12 + length
        if kind in PNG_KEPT:
            out.append(data[at:end])
        at = end
        if kind == b"IEND":
            break
    return b"".join(out)


def _jpeg(data: bytes) -> bytes:
    """A JPEG without EXIF, XMP, IPTC and comment segments (the image data is copied as it is)."""
    out = [data[:2]]
    at = 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if 0xD0 <= marker <= 0xD9 or marker == 0x01:  # markers without a length
            out.append(data[at : at + 2])
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if marker == 0xDA:  # start of scan: the rest is image data
            out.append(data[at:])
            return b"".join(out)
        if marker not in JPEG_DROPPED:
            out.append(data[at : at + 2 + length])
        at += 2 + length
    out.append(data[at:])
    return b"".join(out)


def _webp(data: bytes) -> bytes:
    """A WebP without its EXIF and XMP chunks (and the header flags that announce them)."""
    chunks = []
    at = 12
    while at + 8 <= len(data):
        kind = data[at : at + 4]
        (length,) = struct.unpack("<I", data[at + 4 : at + 8])
        end = at + 8 + length + (length & 1)
        chunk = data[at:end]
        if kind == b"VP8X" and len(chunk) >= 9:
            chunk = chunk[:8] + bytes([chunk[8] & ~0x0C]) + chunk[9:]  # no EXIF or XMP flag
        if kind not in WEBP_DROPPED:
            chunks.append(chunk)
        at = end
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _gif(data: bytes) -> bytes:
    """A GIF without comment extensions and application extensions other than looping."""
    if len(data) < 13:
        return data
    flags = data[10]
    at = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    out = [data[:at]]
    while at < len(data):
        block = data[at]
        if block == 0x3B:  # trailer
            out.append(data[at : at + 1])
            break
        if block == 0x21:
            label = data[at + 1]
            end = _sub_blocks(data, at + 2)
            keep = label not in (0xFE, 0xFF) or data[at + 3 : at + 14] == b"NETSCAPE2.0"
            if keep:
                out.append(data[at:end])
            at = end
        elif block == 0x2C:
            start = at
            local = data[at + 9]
            at += 10 + (3 * 2 ** ((local & 7) + 1) if local & 0x80 else 0) + 1
            at = _sub_blocks(data, at)
            out.append(data[start:at])
        else:
            out.append(data[at:])
            break
    return b"".join(out)


def _sub_blocks(data: bytes, at: int) -> int:
    """The offset after a run of GIF data sub-blocks starting at *at*."""
    while at < len(data) and data[at] != 0:
        at += data[at] + 1
    return at + 1


def strip_metadata(data: bytes) -> bytes:
    """*data* without metadata when it is a PNG, JPEG, GIF or WebP image; anything else as it is."""
    try:
        if data.startswith(PNG_SIGNATURE):
            return _png(data)
        if data.startswith(b"\xff\xd8"):
            return _jpeg(data)
        if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
            return _webp(data)
        if data.startswith((b"GIF87a", b"GIF89a")):
            return _gif(data)
    except (struct.error, IndexError, zlib.error):
        return data
    return data


def redact_svg(text: str, patterns: list[Pattern], marker: str) -> str | None:
    """An SVG's source with names replaced in its text and attributes; None if one still shows."""
    if not patterns:
        return text

    def replace(segment: str) -> str:
        matches = find(segment, patterns)
        for match in reversed(matches):
            segment = segment[: match.start] + marker + segment[match.end :]
        return segment

    out = _TEXT.sub(lambda m: ">" + replace(m.group(1)) + "<", text)
    out = _ATTRIBUTE.sub(lambda m: "=" + m.group(1) + replace(m.group(2)) + m.group(1), out)
    visible = skeleton_text(_TAG.sub(" ", out)) + " " + skeleton_text(out)
    if any(pattern.skeleton in visible for pattern in patterns):
        return None  # a name split across elements: withhold the whole image
    return out
