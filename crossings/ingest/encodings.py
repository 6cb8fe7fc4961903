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
from crossings.ingest.rtf import rtf_to_unicode
from crossings.ingest.scripts import Verdict, check_script, expected_form

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


def decode_text(data: bytes, *, declared: str = "", language: str = "en", display: str) -> tuple[str, str]:
    """Return (text, encoding used) or raise IngestError rather than guess wrong."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], codec, display, f"it starts with a {name} byte-order mark"), name
    if declared:
        return _declared(data, declared, language, display)
    for codec in _utf16(data):
        text = _attempt(data, codec)
        if text is not None and check_script(text, language).ok:
            return text, codec
    if data.isascii() and b"\x00" not in data:
        return data.decode("ascii"), "utf-8"
    meta = _meta_charset(data)
    if meta:
        text = _attempt(data, meta)
        if text is not None and check_script(text, language).ok:
            return text, meta
    text = _attempt(data, "utf-8")
    if text is not None and "\x00" not in text:  # NULs: UTF-16 that failed its check above
        # Legacy bytes almost never form valid UTF-8 sequences, so valid UTF-8 is proof enough.
        return text, "utf-8"
    return _detect(data, language, display)


def _strict(data: bytes, codec: str, display: str, why: str) -> str:
    """Decode strictly, or say which byte does not fit."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"{display}: {why}, but byte {exc.start} (0x{data[exc.start]:02x}) is not valid {codec}; "
            "save the file again as UTF-8 or set the encoding column in catalog.csv"
        ) from exc
    return unicodedata.normalize("NFC", text) if codec == "cp1258" else text


def _attempt(data: bytes, codec: str) -> str | None:
    """The strictly decoded text, or None when the bytes are not valid in `codec`."""
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    # cp1258 writes Vietnamese tones as combining marks; compose them as every other source does.
    return unicodedata.normalize("NFC", text) if codec == "cp1258" else text


def _declared(data: bytes, declared: str, language: str, display: str) -> tuple[str, str]:
    """Decode with the catalog's encoding column, and check the result is in the expected script."""
    codec = charsets.superset(declared)
    if codec is None:
        raise IngestError(
            f"{display}: the encoding column says {declared!r}, which is not an encoding Python knows; "
            "use a name such as utf-8, big5, gb18030, shift_jis, euc-kr, tis-620 or cp1252"
        )
    text = _attempt(data, codec)
    if text is None and codec != charsets.normalise(declared):
        text = _attempt(data, declared)  # e.g. latin-1 bytes that cp1252 leaves undefined
    if text is None:
        text = _strict(data, codec, display, f"the encoding column says {declared}")
    if codec.startswith("utf") or data.isascii():
        return text, codec  # nothing ambiguous to check
    verdict = check_script(text, language)
    if not verdict.ok:
        raise IngestError(
            f"{display}: decoded as {codec} (the encoding column says {declared}) but {verdict.problem}; "
            "check the encoding and language columns in catalog.csv"
        )
    return text, codec


def _meta_charset(data: bytes) -> str | None:
    """The superset codec of an HTML <meta charset>/http-equiv or XML declaration in the first 2 KB."""
    found = _META.search(data[:2048])
    if not found:
        return None
    label = (found.group(1) or found.group(2)).decode("ascii")
    return charsets.superset(label)


def _detect(data: bytes, language: str, display: str) -> tuple[str, str]:
    """Try the codecs likely for the language, then charset-normalizer's guess; keep one that reads right."""
    tried: list[tuple[str, Verdict]] = []
    chosen = _first_good(data, language, (*charsets.candidates(language), *_utf16(data)), tried)
    guess: list[str] = []
    if chosen is None:
        guess = _guess(data)  # slow (~0.1-0.3 s), so only when the usual codecs failed
        chosen = _first_good(data, language, guess, tried)
    if chosen is None:
        raise IngestError(_uncertain(display, language, tried, guess))
    return _attempt(data, chosen) or "", chosen


def _first_good(
    data: bytes, language: str, codecs: Iterable[str], tried: list[tuple[str, Verdict]]
) -> str | None:
    """The best codec that decodes `data` into text of `language`, recording every attempt in `tried`.

    For Chinese all candidates are judged and the one whose form (Traditional/Simplified) matches
    the language and whose text is most like real Chinese wins; otherwise the first that passes.
    """
    want = expected_form(language)
    passing: list[tuple[str, Verdict]] = []
    for codec in dict.fromkeys(codecs):
        if any(codec == done for done, _ in tried):
            continue
        text = _attempt(data, codec)
        if text is None:
            continue
        verdict = check_script(text, language)
        tried.append((codec, verdict))
        if verdict.ok and verdict.form in ("", want):
            if not want:
                return codec
            passing.append((codec, verdict))
    return max(passing, key=lambda item: item[1].score)[0] if passing else None


def _uncertain(display: str, language: str, tried: list[tuple[str, Verdict]], guess: list[str]) -> str:
    """The "encoding uncertain" message: what was tried, what went wrong, which column to set."""
    passing = [(codec, verdict) for codec, verdict in tried if verdict.ok]
    fix = f"set the encoding column in catalog.csv (e.g. {charsets.example(language)})"
    if guess and guess[0] not in charsets.candidates(language):
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


def _utf16(data: bytes) -> list[str]:
    """UTF-16 codecs to try when the bytes have the zero pattern of BOM-less UTF-16."""
    head = data[:4096]
    if head[1::2].count(0) > len(head) // 4:
        return ["utf-16-le"]
    if head[0::2].count(0) > len(head) // 4:
        return ["utf-16-be"]
    return []
