"""Rewrite RTF's code-page bytes (\\'hh) as Unicode escapes (\\uN?) pandoc understands.

pandoc's RTF reader decodes \\'hh one byte at a time and knows no double-byte code page
("Unsupported code page 950"), so Chinese, Japanese, Korean and Thai RTF comes out as Latin-1
garbage. Here each \\'hh run is decoded with the code page in force (the font's \\fcharset, else
the catalog's encoding, else \\ansicpg), checked against the catalog language's script, and
written back as \\uN escapes; everything else is copied byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crossings.ingest import charsets
from crossings.ingest.errors import IngestError
from crossings.ingest.scripts import check_script, is_latin_language, script_for

_TOKEN = re.compile(
    rb"\\'([0-9a-fA-F]{2})|\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\([^a-zA-Z])|([{}])|([^\\{}]+)|(\\)", re.S
)
_DOUBLE_BYTE = {
    "cp932": lambda b: 0x81 <= b <= 0x9F or 0xE0 <= b <= 0xFC,
    "cp949": lambda b: 0x81 <= b <= 0xFE,
    "cp950": lambda b: 0x81 <= b <= 0xFE,
    "big5hkscs": lambda b: 0x81 <= b <= 0xFE,
    "gb18030": lambda b: 0x81 <= b <= 0xFE,
    "johab": lambda b: 0x84 <= b <= 0xD3 or 0xD8 <= b <= 0xF9,
}
_SYMBOL_CHARSET = 2
_TOO_SHORT = "it is too short to tell"
# Groups whose text is not the document's: font table, styles, document info, headers' fields...
_DESTINATIONS = {"stylesheet", "info", "colortbl", "listtable", "listoverridetable", "revtbl", "pict"}
_PANDOC_CODE_PAGES = {1252}  # measured: pandoc 3.9 warns "Unsupported code page" for every other


@dataclass
class _State:
    """What the writer knows at one point of the RTF: fonts, code pages, skip counts."""

    default_codec: str
    fixed_codec: bool  # the catalog's encoding column overrides \ansicpg
    fonts: dict[int, int] = field(default_factory=dict)  # font number -> \fcharset
    deff: int | None = None
    font: int | None = None
    uc: int = 1
    skip: int = 0
    defining: int | None = None  # font being defined inside \fonttbl
    table_depth: int = 0  # group depth of \fonttbl
    stack: list[tuple[int | None, int]] = field(default_factory=list)
    lead: int | None = None
    high: int | None = None  # a \\u high surrogate waiting for its low half
    dropping: bool = False  # the \\u escape was removed, so its fallback characters go too
    decoded: list[str] = field(default_factory=list)
    destinations: list[int] = field(default_factory=list)  # depths of groups that are not body text

    def in_body(self) -> bool:
        """True outside the font table, style sheet, document info and other destinations."""
        return not self.destinations and self.defining is None

    def codec(self) -> str | None:
        """The codec for \\'hh bytes in the current font (None: a symbol font, leave as is)."""
        font = self.font if self.font is not None else self.deff
        if self.defining is not None and self.defining >= 0:
            font = self.defining  # a font's own name is written in its charset
        charset = self.fonts.get(font, 0) if font is not None else 0
        if charset == _SYMBOL_CHARSET:
            return None
        return charsets.FCHARSETS.get(charset) or self.default_codec


def rtf_to_unicode(
    data: bytes, *, declared: str = "", language: str = "en", script: str = "", display: str
) -> bytes:
    """Return the RTF with every code-page byte escape rewritten as a Unicode escape."""
    script = script or script_for(language)
    if declared:
        confirmed = declared.rstrip().endswith("!")  # checked by the editor: see encodings._declared
        declared = declared.rstrip().rstrip("!").rstrip()
        codec = charsets.superset(declared)
        if codec is None:
            raise IngestError(
                f"{display}: the encoding column says {declared!r}, "
                "which is not a text encoding Python knows; "
                "use a name such as big5, gb18030, shift_jis, euc-kr, tis-620 or cp1252"
            )
        return _checked(data, codec, True, language, script, display, confirmed=confirmed)
    own = _ansi_codec(data)
    first_problem = ""
    tries = [own, *charsets.candidates(language, script)] if _non_latin(language, script) else [own]
    for codec in dict.fromkeys(tries):
        try:
            return _checked(data, codec, False, language, script, display)
        except IngestError as exc:
            first_problem = first_problem or str(exc)
    raise IngestError(first_problem)


def _non_latin(language: str, script: str) -> bool:
    """True when the language's script check can tell right from wrong in escaped bytes alone."""
    return not is_latin_language(language, script)


def _ansi_codec(data: bytes) -> str:
    """The codec of the document's \\ansicpg (or \\mac/\\pc), cp1252 when it names none."""
    head = data[:4096]
    found = re.search(rb"\\ansicpg(\d{1,5})", head)
    if found:
        return charsets.code_page(int(found.group(1))) or "cp1252"
    if re.match(rb"\s*{\\rtf1?\\mac", head):
        return "mac_roman"
    return "cp1252"


def _checked(
    data: bytes, codec: str, fixed: bool, language: str, script: str, display: str, *, confirmed: bool = False
) -> bytes:
    """Rewrite with `codec` as the default code page; raise when the decoded text is in the wrong script.

    Only body text is judged: font and style names are often in another script than the text
    (an English letter written on Japanese Windows names its fonts in Japanese). Too little text
    to tell is no reason to refuse a code page the RTF itself declares; nor is anything the check
    finds when the editor *confirmed* the encoding column (``cp949!``).
    """
    state = _State(default_codec=codec, fixed_codec=fixed)
    out = _rewrite(data, state, display)
    decoded = "".join(state.decoded)
    if decoded.strip() and _non_latin(language, script) and not confirmed:
        verdict = check_script(decoded, language, script)
        if not verdict.ok and not (codec == _ansi_codec(data) and verdict.problem.startswith(_TOO_SHORT)):
            source = "the encoding column" if fixed else "the RTF's code page"
            raise IngestError(
                f"{display}: encoding uncertain: the RTF's \\'hh bytes decoded as {codec} ({source}) "
                f"but {verdict.problem}; set the encoding column in catalog.csv "
                f"(e.g. {charsets.example(language, script)}){_confirm(codec) if fixed else ''}"
            )
    return out


def _confirm(codec: str) -> str:
    """How to convert an unusual text the editor has checked in the encoding the column names."""
    return (
        f". If you have checked that the text reads right as {codec} (open it in a word processor set to "
        f"that encoding), write {codec}! in the encoding column to convert it as it is"
    )


def _rewrite(data: bytes, state: _State, display: str) -> bytes:
    """One pass over the tokens, copying all but code-page bytes."""
    out = bytearray()
    pos = 0
    while pos < len(data):
        match = _TOKEN.match(data, pos)
        if match is None:  # pragma: no cover - the pattern matches any byte
            raise AssertionError(pos)
        pos = match.end()
        hexbyte, word, param, symbol, brace, text, _ = match.groups()
        if hexbyte is not None:
            _byte(int(hexbyte, 16), state, out, display)
        elif word is not None:
            _flush(state, out)
            pos = _control(word.decode("ascii"), param, match.group(0), data, pos, state, out)
        elif symbol is not None:
            _symbol(symbol, match.group(0), state, out, display)
        elif brace is not None:
            _brace(brace, state, out)
        elif text is not None:
            _text(text, state, out, display)
        else:
            out += match.group(0)
    _flush(state, out)
    return bytes(out)


def _control(
    word: str, param: bytes | None, raw: bytes, data: bytes, pos: int, state: _State, out: bytearray
) -> int:
    """Copy a control word, noting the ones that change fonts, code pages and skip counts."""
    number = int(param) if param is not None else None
    out += raw
    if state.skip:
        state.skip -= 1
        return pos
    if word == "bin" and number:
        # Raw binary data (a picture's bytes): pandoc's reader cannot skip it and fails the whole
        # file, so a picture's bytes become the hex it reads; binary anywhere else is dropped.
        # A negative count holds no bytes (read as one, it sent the reader back, never to finish).
        number = max(0, number)
        del out[-len(raw) :]
        if state.destinations:
            out += b" " + data[pos : pos + number].hex().encode("ascii") + b" "
        else:
            out += b"{}"  # ends the control word before it (\pard\bin2 xytext is not \pardtext)
        return pos + number
    if word == "u":
        state.skip = state.uc
        state.dropping = False
        _unicode(number or 0, raw, state, out)
    elif word == "uc" and number is not None:
        state.uc = min(max(0, number), 16)  # real writers use 0-2; a huge count would blow up output
    elif word == "f" and number is not None:
        if state.defining is not None:
            state.defining = number
        else:
            state.font = number
    elif word == "fcharset" and number is not None and state.defining is not None:
        state.fonts[state.defining] = number
    elif word == "fonttbl":
        state.defining, state.table_depth = -1, len(state.stack)
    elif word in _DESTINATIONS or out[: len(out) - len(raw)].endswith(b"\\*"):
        state.destinations.append(len(state.stack))
    elif word == "deff" and number is not None:
        state.deff = number
    elif word == "plain":
        state.font = None
    elif word == "ansicpg" and number is not None:
        if not state.fixed_codec:
            state.default_codec = charsets.code_page(number) or state.default_codec
        if number not in _PANDOC_CODE_PAGES:
            # Every byte this code page governs is a \uN escape now; pandoc would only warn about it.
            out[-len(raw) :] = b"\\ansicpg1252" + raw[len(b"\\ansicpg") + len(param or b"") :]
    return pos


def _symbol(symbol: bytes, raw: bytes, state: _State, out: bytearray, display: str) -> None:
    """Control symbols: \\\\, \\{ and \\} can be the trail byte of a double-byte character."""
    if state.skip:
        state.skip -= 1
        out += raw
    elif state.lead is not None and symbol in b"\\{}":
        _byte(symbol[0], state, out, display)
    else:
        _flush(state, out)
        out += raw


def _brace(brace: bytes, state: _State, out: bytearray) -> None:
    """Groups scope the font and the \\uc count; a group end also ends any fallback skipping."""
    _flush(state, out)
    state.skip = 0
    state.high = None
    if brace == b"{":
        state.stack.append((state.font, state.uc))
    else:
        if state.stack:
            state.font, state.uc = state.stack.pop()
        while state.destinations and state.destinations[-1] > len(state.stack):
            state.destinations.pop()
        if state.defining is not None and len(state.stack) < state.table_depth:
            state.defining = None  # the font table's group closed
    out += brace


def _text(text: bytes, state: _State, out: bytearray, display: str) -> None:
    """Plain text: skip fallback characters, complete a pending lead byte, decode raw 8-bit bytes."""
    if not state.skip and state.lead is None and text.isascii():
        out += text  # the common case, and picture data in hex: copy at C speed
        return
    for index, byte in enumerate(text):
        if byte in b"\r\n":
            out.append(byte)  # RTF ignores line breaks in the source
        elif state.skip:
            state.skip -= 1
            if not state.dropping:
                out.append(byte)
        elif state.lead is not None or byte >= 0x80:
            _byte(byte, state, out, display)
        elif state.defining is not None:
            out += text[index:]  # font names: nothing to decode in ASCII
            return
        else:
            out.append(byte)


def _byte(byte: int, state: _State, out: bytearray, display: str) -> None:
    """One code-page byte: a fallback to skip, a lead byte to hold, or a character to write."""
    if state.skip:
        state.skip -= 1
        out += b"" if state.dropping else b"\\'%02x" % byte
        return
    codec = state.codec()
    if codec is None:
        out += b"\\'%02x" % byte
        return
    if state.lead is not None:
        raw, state.lead = bytes((state.lead, byte)), None
    elif codec in _DOUBLE_BYTE and _DOUBLE_BYTE[codec](byte):
        state.lead = byte
        return
    else:
        raw = bytes((byte,))
    try:
        _emit(raw.decode(codec), state, out, display)
    except UnicodeDecodeError:
        out += b"".join(b"\\'%02x" % b for b in raw)  # not a character in this code page: leave it


def _flush(state: _State, out: bytearray) -> None:
    """A lead byte with no trail: leave it as it was."""
    if state.lead is not None:
        out += b"\\'%02x" % state.lead
        state.lead = None


def _emit(chars: str, state: _State, out: bytearray, display: str) -> None:
    """Write characters as \\uN escapes followed by the fallback count pandoc expects."""
    for char in chars:
        code = ord(char)
        if state.in_body():
            state.decoded.append(char)
        if code > 0xFFFF:
            out += char.encode("utf-8")  # pandoc reads its input as UTF-8; \\uN cannot hold this
            continue
        number = code if code < 0x8000 else code - 0x10000
        out += b"\\u%d" % number + (b"\\'3f" * state.uc if state.uc else b" ")


def _unicode(number: int, raw: bytes, state: _State, out: bytearray) -> None:
    """A \\uN escape: surrogate pairs (astral characters, e.g. Gothic) become the character itself.

    pandoc turns each half into U+FFFD, so the pair is written as UTF-8, which pandoc reads.
    """
    code = number + 0x10000 if number < 0 else number
    if 0xD800 <= code < 0xDC00:
        state.high, state.dropping = code, True
        del out[-len(raw) :]
        return
    if 0xDC00 <= code < 0xE000 and state.high is not None:
        state.dropping = True
        del out[-len(raw) :]
        char = chr(0x10000 + ((state.high - 0xD800) << 10) + (code - 0xDC00))
        state.high = None
        if state.in_body():
            state.decoded.append(char)
        out += char.encode("utf-8")
        return
    state.high = None
    if state.in_body() and 0 <= code < 0x110000:
        state.decoded.append(chr(code))
