"""The pictures of an RTF file that pandoc's reader drops: counted, so the editor is told.

pandoc extracts ``\\pngblip``, ``\\jpegblip`` and ``\\emfblip`` pictures and silently drops the
others (Windows metafiles, device-independent bitmaps, Mac PICT, OS/2 metafiles). A picture
inside ``\\nonshppict`` is the fallback copy of a ``\\shppict`` one and is not counted.
"""

from __future__ import annotations

import re
from collections import Counter

_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\[^a-zA-Z]|([{}])|[^\\{}]+", re.S)
KEPT = frozenset({"pngblip", "jpegblip", "emfblip"})
DROPPED = {
    "wmetafile": "Windows metafile",
    "dibitmap": "bitmap",
    "wbitmap": "bitmap",
    "macpict": "Mac PICT",
    "pmmetafile": "OS/2 metafile",
}


def dropped_pictures(data: bytes) -> Counter[str]:
    """How many pictures pandoc will drop, by the name of their format."""
    dropped: Counter[str] = Counter()
    depth, fallback_at, pict_at = 0, -1, -1
    pos = 0
    while pos < len(data):
        match = _TOKEN.match(data, pos)
        if match is None:  # a lone backslash at the end
            break
        pos = match.end()
        word, param, brace = match.group(1), match.group(2), match.group(3)
        if brace == b"{":
            depth += 1
        elif brace == b"}":
            depth -= 1
            fallback_at = -1 if depth < fallback_at else fallback_at
            pict_at = -1 if depth < pict_at else pict_at
        elif word == b"bin" and param:
            pos += max(0, int(param))  # raw bytes: never read as control words
        elif word == b"nonshppict" and fallback_at < 0:
            fallback_at = depth
        elif word == b"pict" and fallback_at < 0:
            pict_at = depth
        elif pict_at == depth and word is not None and word.decode() in DROPPED:
            dropped[DROPPED[word.decode()]] += 1
    return dropped


def dropped_note(data: bytes) -> str:
    """The warning for an RTF's dropped pictures, or ""."""
    dropped = dropped_pictures(data)
    if not dropped:
        return ""
    total = sum(dropped.values())
    kinds = ", ".join(f"{count} {name}" for name, count in sorted(dropped.items()))
    return (
        f"{total} picture{'s' if total > 1 else ''} left out ({kinds}: a format the converter cannot "
        "keep); open the file in Word or LibreOffice, save the pictures as PNG or JPEG (or the file "
        "as .docx) and replace it to keep them"
    )
