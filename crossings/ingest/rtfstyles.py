"""Keep an RTF's style sheet out of its body: style names are never the contributor's text.

pandoc prints a style's name as body text when the style sheet is unusual: written as a bare
``\\stylesheet`` that does not open its own group (the rest of the document's group would be the
style sheet, so pandoc reads the entries as text), or with a group inside an entry, such as a
keyboard shortcut ``{\\*\\keycode ...}`` between the words of a character style's name or a
``{\\keycode ...}`` written without ``\\*``. Here the style sheet is rewritten as pandoc reads
it right: one group, each entry a flat group. Entries keep their formatting (pandoc takes
heading levels from them); the groups inside entries carry nothing pandoc uses.
"""

from __future__ import annotations

import re

_STYLESHEET = re.compile(rb"(?<!\\)\\stylesheet(?![a-zA-Z])")
# What may stand between a group's { and the word that makes it a destination.
_OPENS_GROUP = re.compile(rb"\{\s*(?:\\\*\s*)?$")
_SPACE = b" \t\r\n"


def clean_stylesheet(data: bytes) -> bytes:
    """*data* with every style sheet one group of flat entries (unchanged when it already is)."""
    out = bytearray()
    pos = 0
    for match in _STYLESHEET.finditer(data):
        if match.start() < pos:
            continue  # inside a style sheet already rewritten
        if _OPENS_GROUP.search(data[max(0, match.start() - 8) : match.start()]):
            end = _group_end(data, data.rindex(b"{", 0, match.start()))
            if end is None:
                break  # the style sheet never closes: nothing after it can be told apart
            out += data[pos : match.end()] + _flat_entries(data[match.end() : end - 1]) + b"}"
        else:
            end = _entries_end(data, match.end())
            out += (
                data[pos : match.start()] + b"{\\stylesheet" + _flat_entries(data[match.end() : end]) + b"}"
            )
        pos = end
    return bytes(out + data[pos:]) if pos else data


def _group_end(data: bytes, start: int) -> int | None:
    """The index after the } that closes the group opening at *start* (None if it never closes)."""
    depth = 0
    pos = start
    while pos < len(data):
        byte = data[pos]
        if byte == 0x5C:  # a backslash: \{ \} \\ are characters, not braces
            pos += 2
            continue
        if byte == 0x7B:
            depth += 1
        elif byte == 0x7D:
            depth -= 1
            if depth == 0:
                return pos + 1
        pos += 1
    return None


def _entries_end(data: bytes, pos: int) -> int:
    """After a bare \\stylesheet: the end of the groups that follow it and read as style entries."""
    end = pos
    while True:
        start = end
        while start < len(data) and data[start] in _SPACE:
            start += 1
        if start >= len(data) or data[start] != 0x7B:
            return end
        close = _group_end(data, start)
        if close is None or not data[start + 1 : close - 1].rstrip().endswith(b";"):
            return end  # not a style entry: the body (or another table) starts here
        end = close


def _flat_entries(entries: bytes) -> bytes:
    """Style entries with the groups inside each of them removed."""
    out = bytearray()
    pos = 0
    while pos < len(entries):
        if entries[pos] == 0x5C:
            out += entries[pos : pos + 2]
            pos += 2
        elif entries[pos] == 0x7B:
            close = _group_end(entries, pos) or len(entries)
            out += b"{" + _without_groups(entries[pos + 1 : close - 1]) + b"}"
            pos = close
        else:
            out.append(entries[pos])
            pos += 1
    return bytes(out)


def _without_groups(entry: bytes) -> bytes:
    """One entry's contents without the groups nested in it."""
    out = bytearray()
    pos = 0
    while pos < len(entry):
        if entry[pos] == 0x5C:
            out += entry[pos : pos + 2]
            pos += 2
        elif entry[pos] == 0x7B:
            pos = _group_end(entry, pos) or len(entry)
        else:
            out.append(entry[pos])
            pos += 1
    return bytes(out)
