"""Decode contributed text (txt, md, html) to Unicode without ever producing mojibake.

Order: a byte-order mark; the catalog's ``encoding`` column (decoded with the superset codec);
an HTML/XML charset declaration in the first 2 KB; strict UTF-8; then codecs likely for the
catalog language plus charset-normalizer's guess. Every legacy decode is checked against the
script of the catalog language (see scripts.py); when none passes, the file stops with an
"encoding uncertain" error that says which column to set.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from crossings.ingest import charsets
from crossings.ingest.errors import IngestError
from crossings.ingest.mixed_codecs import mixed_lines
from crossings.ingest.rtf import rtf_to_unicode
from crossings.ingest.scripts import Verdict, check_script, expected_form, script_for

__all__ = ["decode_text", "rtf_to_unicode"]

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
    (b"\xff\xfe", "utf-16-le", "utf-16"),
    (b"\xfe\xff", "utf-16-be", "utf-16"),
)
_META = re.compile(
    rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.I,
)
_FORMS = {"Hant": "Traditional", "Hans": "Simplified"}
_ISO2022_JP = ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2", "iso2022_jp_2004", "iso2022_jp_3")
_ISO2022_KR = ("iso2022_kr",)
_HZ_RUN = re.compile(rb"~\{(?:[\x21-\x7e]{2})+~\}")
_JIS_ESCAPE = re.compile(rb"\x1b(\$[@B]|\$\(D|\(J|\(I|\$\(Q)")
# KS X 1001:1998 Annex 3: a Hangul syllable outside the 2,350 precomposed ones of EUC-KR is
# written as 8 bytes, the filler (0xA4D4) then its initial, vowel and final (or the filler) as
# compatibility jamo. Python's euc_kr codec composes them; its superset cp949 leaves loose jamo.
_CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_JONGSEONG = "\u3164ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"  # the filler: no final
_MAKE_UP = re.compile(f"\u3164([{_CHOSEONG}])([\u314f-\u3163])([{_JONGSEONG}])")
_KOREAN_CODECS = frozenset({"cp949", "euc_kr", "euc-kr"})
# How Python's codecs say that the bytes end inside a character (legacy, UTF-16/32, UTF-8).
_CUT_REASONS = frozenset({"incomplete multibyte sequence", "truncated data", "unexpected end of data"})
# A valid multi-byte UTF-8 sequence, and a lead byte with the start of its sequence (a cut one).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def decode_text(
    data: bytes, *, declared: str = "", language: str = "en", script: str = "", display: str
) -> tuple[str, str]:
    """Return (text, encoding used) or raise IngestError rather than guess wrong.

    *script* is the language's ISO 15924 script (languages.csv); "" takes the built-in table's.
    """
    script = script or script_for(language)
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            why = f"it starts with a {name} byte-order mark"
            return _strict(data[len(bom) :], codec, display, why, skipped=len(bom)), name
    if declared:
        return _declared(data, declared, language, script, display)
    for codec in (*_utf32(data), *_utf16(data)):  # UTF-32 has UTF-16's zeros too: it goes first
        text = _attempt(data, codec)
        if text is not None and check_script(text, language, script).ok:
            return text, codec
    escaped = _iso2022(data, language, script) or _hz(data, language, script)
    if escaped is not None:
        return escaped
    if data.isascii() and b"\x00" not in data:
        return data.decode("ascii"), "utf-8"
    text = _attempt(data, "utf-8")
    if text is not None:
        # Legacy bytes almost never form valid UTF-8 sequences, so valid UTF-8 is proof enough, even
        # against a <meta charset>: a page saved again as UTF-8 often keeps its old one.
        return text, "utf-8"
    meta = _meta_charset(data)
    if meta:
        text = _attempt(data, meta)
        verdict = check_script(text, language, script) if text is not None else Verdict("not valid")
        if text is not None and verdict.ok and not _outscored(data, meta, verdict, language, script):
            _refuse_mixed(data, meta, language, script, display)
            _refuse_two_codecs(data, meta, language, script, display)
            return text, meta
    _refuse_damaged_utf8(data, display)
    text, codec = _detect(data, language, script, display)
    _refuse_mixed(data, codec, language, script, display)
    _refuse_two_codecs(data, codec, language, script, display)
    return text, codec


def _outscored(data: bytes, meta: str, verdict: Verdict, language: str, script: str) -> bool:
    """True when one of the language's code pages reads the page as the language better than its
    <meta charset> does: a site template's windows-1252 above a page written in cp1250 passes the
    check when it has few accented letters, but cp1250 gives the letters Czech writes."""
    tried: list[tuple[str, Verdict]] = []
    rivals = [codec for codec in charsets.candidates(language, script) if codec != meta]
    best = _first_good(data, language, script, rivals, tried)
    return best is not None and dict(tried)[best].score > verdict.score


def _refuse_two_codecs(data: bytes, codec: str, language: str, script: str, display: str) -> None:
    """Stop a CJK text whose lines are in two legacy encodings of the region (*codec*: the one it
    decoded with whole, "" when none did): either would turn the other's lines into mojibake."""
    found = mixed_lines(
        data, (*dict.fromkeys((codec, *charsets.candidates(language, script))),), script, codec
    )
    if found is None:
        return
    line, other, first, best = found
    raise IngestError(
        f"{display}: the text mixes encodings: line {line} reads as {other}, line {first} as {best}; "
        f"open it in a text editor as {best}, retype or paste the lines that read wrong from a copy "
        f"opened as {other}, save it as UTF-8 and replace the file"
    )


def _refuse_mixed(data: bytes, codec: str, language: str, script: str, display: str) -> None:
    """Stop a text whose lines are partly UTF-8 and partly a legacy encoding (pasted together from
    two sources): decoded whole with *codec*, every UTF-8 letter would become two or three wrong
    ones ("CafÃĐ"); when no codec fits, setting the encoding column would not help either. A line
    counts as UTF-8 when it is valid UTF-8 and reads as the language."""
    first_utf8 = first_legacy = 0
    utf8_lines: list[str] = []
    for number, line in enumerate(data.splitlines(), 1):
        if line.isascii():
            continue
        try:
            utf8_lines.append(line.decode("utf-8"))
            first_utf8 = first_utf8 or number
        except UnicodeDecodeError:
            first_legacy = first_legacy or number
    if not (first_utf8 and first_legacy) or not check_script("\n".join(utf8_lines), language, script).ok:
        return
    reads = f" (it reads as {codec})" if codec else ""
    raise IngestError(
        f"{display}: the text mixes encodings: line {first_utf8} is UTF-8, line {first_legacy} is not"
        f"{reads}; open it in a text editor, correct the lines whose letters are wrong, "
        "save it as UTF-8 and replace the file"
    )


def _iso2022(data: bytes, language: str, script: str) -> tuple[str, str] | None:
    """ISO-2022-JP/KR text (7-bit, switched by escape sequences): decoded when its escapes say so.

    It is plain ASCII byte for byte, so without this it would pass as ASCII with the escapes
    left in (garbage); SO/SI shifts of ISO-2022-KR would look like binary.
    """
    if b"\x1b" not in data[:65_536] or not data.isascii():
        return None
    codecs = _ISO2022_KR if b"\x1b$)C" in data else _ISO2022_JP if _JIS_ESCAPE.search(data) else ()
    for codec in codecs:
        text = _attempt(data, codec)
        if text is not None and check_script(text, language, script).ok:
            return text, codec
    return None


def _hz(data: bytes, language: str, script: str) -> tuple[str, str] | None:
    """HZ-GB-2312 text (RFC 1843: 7-bit GB2312 between ``~{`` and ``~}``, as Chinese Usenet and mail
    carried it): decoded when the language is Chinese and every shifted run is valid GB2312.

    It is plain ASCII byte for byte, so without this the Chinese would pass as ASCII letters.
    """
    if script != "Hani" or not data.isascii() or _HZ_RUN.search(data) is None:
        return None
    text = _attempt(data, "hz")
    if text is None or text.isascii() or not check_script(text, language, script).ok:
        return None
    return text, "hz"


def _strict(data: bytes, codec: str, display: str, why: str, *, skipped: int = 0) -> str:
    """Decode strictly, or say which byte does not fit (*skipped*: bytes before *data* in the file)."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        if codec.replace("_", "-").startswith("utf-8"):
            _refuse_damaged_utf8(data, display, skipped)
        if _cut_at_end(exc, data):
            raise IngestError(_cut_off(data, codec, exc.start, display, skipped)) from exc
        raise IngestError(
            f"{display}: {why}, but byte {skipped + exc.start} (0x{data[exc.start]:02x}) is not valid "
            f"{codec}; save the file again as UTF-8 or set the encoding column in catalog.csv"
        ) from exc
    return _decoded(text, codec)


def _attempt(data: bytes, codec: str) -> str | None:
    """The strictly decoded text, or None when the bytes are not valid in `codec`.

    A text holding NUL characters is not one: it is what UTF-16 makes of UTF-32's zero bytes.
    """
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    return None if "\x00" in text else _decoded(text, codec)


def _decoded(text: str, codec: str) -> str:
    """The text as its codec means it: cp1258 writes Vietnamese tones as combining marks, composed
    here as every other source has them; EUC-KR's 8-byte spellings of a Hangul syllable are that
    syllable (as Python's euc_kr codec and the KS X 1001 standard read them), not four loose jamo."""
    if codec == "cp1258":
        return unicodedata.normalize("NFC", text)
    if codec in _KOREAN_CODECS and "\u3164" in text:
        return _MAKE_UP.sub(_compose_syllable, text)
    return text


def _compose_syllable(match: re.Match[str]) -> str:
    """The Hangul syllable of one make-up sequence (filler, initial, vowel, final)."""
    initial, vowel, final = match.groups()
    index = (_CHOSEONG.index(initial) * 21 + ord(vowel) - 0x314F) * 28 + _JONGSEONG.index(final)
    return chr(0xAC00 + index)


def _refuse_damaged_utf8(data: bytes, display: str, skipped: int = 0) -> None:
    """Stop a UTF-8 text that is damaged in a few places (cut off in the middle of a character, a
    stray byte) with where and what to do: read as a legacy code page it would be mojibake, and
    setting the encoding column cannot mend it. A text counts as UTF-8 when its multi-byte UTF-8
    characters outnumber its invalid bytes four to one (legacy text has almost none of the former),
    or when its only fault is a character cut off at the very end."""
    sequences = len(_UTF8_SEQUENCE.findall(data))
    if not sequences:
        return
    faults: list[UnicodeDecodeError] = []
    start = 0
    while len(faults) <= 3:
        try:
            data[start:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            faults.append(
                UnicodeDecodeError(exc.encoding, data, start + exc.start, start + exc.end, exc.reason)
            )
            start += exc.end
    cut_at_end = len(faults) == 1 and faults[0].reason == "unexpected end of data"
    if faults and (cut_at_end or (len(faults) <= 3 and sequences >= 4 * len(faults))):
        raise IngestError(_damaged_utf8(data, faults[0], display, skipped))


def _damaged_utf8(data: bytes, exc: UnicodeDecodeError, display: str, skipped: int) -> str:
    """Where a UTF-8 text is damaged and what to do, in an editor's words."""
    line = data[: exc.start].count(b"\n") + 1
    where = f"byte {skipped + exc.start} (line {line})"
    if exc.reason == "unexpected end of data":
        return (
            f"{display}: the text is UTF-8 but ends in the middle of a character at {where}: the file was "
            "cut off (an upload or a copy that did not finish); ask the contributor for the whole file "
            "again and replace it"
        )
    return (
        f"{display}: the text is UTF-8 but damaged at {where}: byte 0x{data[exc.start]:02x} is not part of "
        "any character; open it in a text editor that shows the damage (it marks the place with \ufffd "
        "or a box), correct or delete the character there, save it as UTF-8 and replace the file, or ask "
        "the contributor for the file again. The encoding column cannot mend it"
    )


def _declared(data: bytes, declared: str, language: str, script: str, display: str) -> tuple[str, str]:
    """Decode with the catalog's encoding column, and check the result is in the expected script.

    ``big5hkscs!`` (the name and an exclamation mark) says the editor has checked that the text
    reads right in that encoding: a text the check finds unusual (rare syllables, more romanised
    letters than Han) is then converted as decoded; bytes the encoding cannot decode still stop it.
    """
    confirmed = declared.rstrip().endswith("!")
    declared = declared.rstrip().rstrip("!").rstrip()
    codec = charsets.superset(declared)
    if codec is None:
        raise IngestError(
            f"{display}: the encoding column says {declared!r}, which is not a text encoding Python knows; "
            "use a name such as utf-8, big5, gb18030, shift_jis, euc-kr, tis-620 or cp1252"
        )
    text = _attempt(data, codec)
    if text is None and codec != charsets.normalise(declared):
        text = _attempt(data, declared)  # e.g. latin-1 bytes that cp1252 leaves undefined
    if text is None:
        text = _strict(data, codec, display, f"the encoding column says {declared}")
        _refuse_nuls(text, codec, declared, display)
    if codec.startswith("utf") or data.isascii():
        return text, codec  # nothing ambiguous to check
    _refuse_mixed(data, codec, language, script, display)
    _refuse_two_codecs(data, codec, language, script, display)
    verdict = check_script(text, language, script)
    if not verdict.ok and not confirmed:
        raise IngestError(_declared_wrong(data, codec, declared, verdict, language, script, display))
    return text, codec


def _declared_wrong(
    data: bytes, codec: str, declared: str, verdict: Verdict, language: str, script: str, display: str
) -> str:
    """Why the declared decode is refused, and what to do: the encoding that reads right when one
    of the language's does, else how to confirm the declared one (an unusual text, not a wrong codec)."""
    said = f"{display}: decoded as {codec} (the encoding column says {declared}) but {verdict.problem}"
    others = [other for other in charsets.candidates(language, script) if other != codec]
    better = _first_good(data, language, script, others, [])
    if better is not None:
        return f"{said}; it reads right as {better}: set that in the encoding column in catalog.csv"
    return (
        f"{said}; check the encoding and language columns in catalog.csv. If you have checked that the "
        f"text reads right as {declared} (open it in a web browser or text editor set to that encoding), "
        f"write {declared}! in the encoding column to convert it as it is"
    )


def _refuse_nuls(text: str, codec: str, declared: str, display: str) -> None:
    """Stop a declared decode that gives NUL characters: the column names the wrong encoding (UTF-16
    for a UTF-32 file: every second character would be a NUL)."""
    if "\x00" not in text:
        return
    line = text[: text.index("\x00")].count("\n") + 1
    raise IngestError(
        f"{display}: decoded as {codec} (the encoding column says {declared}) the text holds NUL characters "
        f"from line {line}, so that is not its encoding; clear the encoding column (UTF-16 and UTF-32 "
        "are recognised by themselves) or set the right one"
    )


def _meta_charset(data: bytes) -> str | None:
    """The superset codec of an HTML <meta charset>/http-equiv or XML declaration in the first 2 KB."""
    found = _META.search(data[:2048])
    if not found:
        return None
    label = (found.group(1) or found.group(2)).decode("ascii")
    return charsets.superset(label)


def _detect(data: bytes, language: str, script: str, display: str) -> tuple[str, str]:
    """Try the codecs likely for the language, then charset-normalizer's guess; keep one that reads right."""
    tried: list[tuple[str, Verdict]] = []
    likely = (*charsets.candidates(language, script), *_utf16(data))
    chosen = _first_good(data, language, script, likely, tried)
    guess: list[str] = []
    if chosen is None:
        guess = _guess(data)  # slow (~0.1-0.3 s), so only when the usual codecs failed
        chosen = _first_good(data, language, script, guess, tried)
    if chosen is None:
        _refuse_cut_off(data, language, script, (*likely, *guess), display)
        _refuse_mixed(data, "", language, script, display)  # the truer reason, when it is the reason
        _refuse_two_codecs(data, "", language, script, display)
        raise IngestError(_uncertain(display, language, script, tried, guess))
    return _attempt(data, chosen) or "", chosen


def _refuse_cut_off(data: bytes, language: str, script: str, codecs: Iterable[str], display: str) -> None:
    """Stop a text that one of *codecs* reads as the language but for its last character, cut in
    two (an upload or a copy of 2001 that did not finish): the encoding column cannot mend it."""
    for codec in dict.fromkeys(codecs):
        start = _cut_start(data, codec)
        text = None if start is None else _attempt(data[:start], codec)
        if start is not None and text is not None and check_script(text, language, script).ok:
            raise IngestError(_cut_off(data, codec, start, display))


def _cut_start(data: bytes, codec: str) -> int | None:
    """Where the character cut off at the end of *data* starts, when that is *codec*'s only fault."""
    try:
        data.decode(codec)
    except UnicodeDecodeError as exc:
        return exc.start if _cut_at_end(exc, data) else None
    except LookupError:
        return None
    return None


def _cut_at_end(exc: UnicodeDecodeError, data: bytes) -> bool:
    """True when the decode failed only because the bytes end inside a character."""
    return exc.end >= len(data) and exc.reason in _CUT_REASONS


def _cut_off(data: bytes, codec: str, start: int, display: str, skipped: int = 0) -> str:
    """What to do with a text in *codec* that ends inside a character at byte *start*."""
    line = data[:start].decode(codec, "replace").count("\n") + 1  # not 0x0A bytes: UTF-16 has others
    return (
        f"{display}: the text reads as {codec} but ends in the middle of a character at byte "
        f"{skipped + start} (line {line}): the file was cut off (an upload or a copy that did not finish); "
        "ask the contributor for the whole file again and replace it. If no complete copy exists, open "
        f"it in a text editor as {codec}, delete the broken last character, save it as UTF-8 and replace "
        "the file"
    )


def _first_good(
    data: bytes, language: str, script: str, codecs: Iterable[str], tried: list[tuple[str, Verdict]]
) -> str | None:
    """The best codec that decodes `data` into text of `language`, recording every attempt in `tried`.

    Every candidate is judged: the one whose text is most like real text of the language wins
    (KOI8-R and cp1251 both give Cyrillic letters, but only one gives frequent ones), the first
    on a tie; for Chinese only a candidate of the language's form (Traditional/Simplified) passes.
    """
    want = expected_form(language)
    passing: list[tuple[str, Verdict]] = []
    for codec in dict.fromkeys(codecs):
        if any(codec == done for done, _ in tried):
            continue
        text = _attempt(data, codec)
        if text is None:
            continue
        verdict = check_script(text, language, script)
        tried.append((codec, verdict))
        if verdict.ok and verdict.form in ("", want):
            passing.append((codec, verdict))
    return max(passing, key=lambda item: item[1].score)[0] if passing else None


def _uncertain(
    display: str, language: str, script: str, tried: list[tuple[str, Verdict]], guess: list[str]
) -> str:
    """The "encoding uncertain" message: what was tried, what went wrong, which column to set."""
    passing = [(codec, verdict) for codec, verdict in tried if verdict.ok]
    fix = f"set the encoding column in catalog.csv (e.g. {charsets.example(language, script)})"
    if guess and guess[0] not in charsets.candidates(language, script):
        fix = (
            f"set the encoding column in catalog.csv (charset-normalizer suggests {guess[0]}), "
            f"or check the language column ({language})"
        )
    if passing:
        codec, verdict = passing[0]
        return (
            f"{display}: encoding uncertain: decoded as {codec} it reads as {_FORMS[verdict.form]} Chinese, "
            f"but the language column says {language}; fix the language column, or {fix}"
        )
    if not tried:
        usual = f"the bytes are not valid UTF-8 nor any encoding usual for {language}"
        return f"{display}: encoding uncertain: {usual}; {fix}"
    codec, verdict = tried[0]
    return f"{display}: encoding uncertain: decoded as {codec} but {verdict.problem}; {fix}"


def _guess(data: bytes) -> list[str]:
    """charset-normalizer's best guess, as a superset codec (an empty list when it has none)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65_536]).best()
    codec = charsets.superset(best.encoding) if best is not None else None
    return [codec] if codec else []


def _utf32(data: bytes) -> list[str]:
    """UTF-32 codecs to try when the bytes have the zero pattern of BOM-less UTF-32: the top byte of
    every character zero, and the next one too for most (all but the supplementary planes), whatever
    the script (U+4E00 has a low byte of zero too, so the low bytes cannot tell)."""
    head = data[: 4096 - 4096 % 4]
    if len(head) < 8:
        return []
    units = len(head) // 4
    if head[3::4].count(0) == units and head[2::4].count(0) > units // 2:
        return ["utf-32-le"]
    if head[0::4].count(0) == units and head[1::4].count(0) > units // 2:
        return ["utf-32-be"]
    return []


def _utf16(data: bytes) -> list[str]:
    """UTF-16 codecs to try when the bytes have the zero pattern of BOM-less UTF-16."""
    from crossings.ingest.sniff import bomless_utf16

    head = data[:4096]
    found = bomless_utf16(head)
    if found:
        return [found]
    if head[1::2].count(0) > len(head) // 4:
        return ["utf-16-le"]
    if head[0::2].count(0) > len(head) // 4:
        return ["utf-16-be"]
    return []
