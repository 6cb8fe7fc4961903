"""A long plain text cut into parts pandoc converts one after the other, without losing a character.

pandoc holds a whole document in memory, about 300 bytes for each character of a paragraph, so a
text of 10 MB (or one line of 10 MB, as old editors and CR-only exports write paragraphs) would
pass the memory cap. The escaped Markdown made from a plain text (``escape_plain_text``) is cut
between paragraphs where it can, else inside a paragraph at a space or line break (the part
after it continues the paragraph), else between two non-ASCII characters (a run of Chinese or
Thai without spaces); runner.lua joins the converted parts again.
"""

from __future__ import annotations

PART_CHARS = 400_000
PARAGRAPH, LINE, GLUED = "\n\n", "\n", ""  # how a part joins the one before it
_SENTENCE_ENDS = "。！？；，、.!?;"


def split_parts(markdown: str, size: int = 0) -> list[tuple[str, str]]:
    """The parts of *markdown* (each at most *size* characters) and how each joins the previous one."""
    size = size or PART_CHARS
    parts: list[tuple[str, str]] = []
    joiner, start = PARAGRAPH, 0
    while len(markdown) - start > size:
        end = start + size
        cut = markdown.rfind("\n\n", start + 1, end)
        if cut > start:
            parts.append((markdown[start:cut], joiner))
            joiner, start = PARAGRAPH, cut + 2
            continue
        cut = max(markdown.rfind("\n", start + 1, end), markdown.rfind(" ", start + 1, end))
        if cut > start:
            parts.append((markdown[start:cut], joiner))
            joiner, start = LINE, cut + 1
            continue
        cut = _between_characters(markdown, start, end)
        parts.append((markdown[start:cut], joiner))
        joiner, start = GLUED, cut
    parts.append((markdown[start:], joiner))
    return parts


def _between_characters(markdown: str, start: int, end: int) -> int:
    """Where to cut a run without spaces: after a sentence's end, else between two non-ASCII characters."""
    for cut in range(end, start + 1, -1):
        if markdown[cut - 1] in _SENTENCE_ENDS and not markdown[cut].isascii():
            return cut
    for cut in range(end, start + 1, -1):
        if not markdown[cut - 1].isascii() and not markdown[cut].isascii():
            return cut
    for cut in range(end, start + 1, -1):  # ASCII without a space: never inside a \-escape
        if markdown[cut - 1].isalnum() and markdown[cut].isalnum():
            return cut
    window = markdown[start:end]  # punctuation only, every mark escaped: not after an odd backslash
    return end - (len(window) - len(window.rstrip("\\"))) % 2
