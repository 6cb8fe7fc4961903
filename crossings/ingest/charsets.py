"""Encoding names: the superset codec for each legacy encoding, and the likely ones per language."""

from __future__ import annotations

import codecs

from crossings.ingest import iconv_codecs  # noqa: F401  (registers VISCII, TCVN 5712, EUC-TW)

# Decode with the superset a real Windows/Mac program wrote, not the narrow standard it claimed.
_SUPERSETS = {
    "big5": "cp950",
    "big5-tw": "cp950",
    "csbig5": "cp950",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "hz": "hz",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "ms_kanji": "cp932",
    "euc_kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "uhc": "cp949",
    "tis-620": "cp874",
    "iso8859_11": "cp874",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "utf-8": "utf-8",
}
# Codecs tried when nothing declares the encoding (after strict UTF-8): all are judged, the text
# that reads most like the language wins, ties going to the first.
_BY_LANGUAGE = {
    "zh-hant": ("cp950", "big5hkscs", "gb18030", "euc_tw"),
    "zh-hans": ("gb18030", "cp950", "big5hkscs"),
    "zh": ("cp950", "gb18030", "big5hkscs"),
    "yue": ("big5hkscs", "cp950", "gb18030"),
    "ja": ("cp932", "euc_jp"),
    "ko": ("cp949", "johab"),
    "th": ("cp874",),
    "vi": ("cp1258", "viscii", "tcvn5712_1", "cp1252"),
    "km": (),
    "uk": ("cp1251", "koi8_u", "iso8859_5", "cp866", "mac_cyrillic"),
    "tr": ("cp1254", "iso8859_9", "iso8859_3"),
    "mt": ("iso8859_3", "cp1252"),
    "eo": ("iso8859_3", "cp1252"),
}
_CENTRAL = ("cp1250", "iso8859_2", "iso8859_16", "cp852", "mac_latin2")
_BALTIC = ("cp1257", "iso8859_13", "iso8859_4", "iso8859_10", "cp1252", "iso8859_15")
_BY_LANGUAGE |= dict.fromkeys(("cs", "sk", "pl", "hu", "sl", "hr", "bs", "ro", "sq", "sr-latn"), _CENTRAL)
_BY_LANGUAGE |= dict.fromkeys(("et", "lt", "lv"), _BALTIC)
_BY_SCRIPT = {
    "Cyrl": ("cp1251", "koi8_r", "iso8859_5", "cp866", "mac_cyrillic", "cp855", "koi8_u"),
    "Grek": ("cp1253", "iso8859_7", "mac_greek", "cp737"),
    "Hebr": ("cp1255", "iso8859_8", "cp862"),
    "Arab": ("cp1256", "iso8859_6", "cp720", "mac_arabic"),
}
_DEFAULT = ("cp1252", "iso8859_15", "mac_roman", "cp850")
# The example offered in "set the encoding column (e.g. ...)" messages.
EXAMPLES = {"zh-hant": "big5", "zh-hans": "gb18030", "zh": "big5 or gb18030", "yue": "big5hkscs"} | {
    "ja": "shift_jis",
    "ko": "euc-kr",
    "th": "tis-620",
    "vi": "cp1258",
    "tr": "cp1254",
    "uk": "cp1251 or koi8-u",
    "mt": "iso-8859-3",
    "eo": "iso-8859-3",
}
EXAMPLES |= dict.fromkeys(("cs", "sk", "pl", "hu", "sl", "hr", "bs", "ro", "sq"), "cp1250 or iso-8859-2")
EXAMPLES |= dict.fromkeys(("et", "lt", "lv"), "cp1257 or iso-8859-13")
_SCRIPT_EXAMPLES = {
    "Cyrl": "cp1251 or koi8-r",
    "Grek": "cp1253 or iso-8859-7",
    "Hebr": "cp1255 or iso-8859-8",
    "Arab": "cp1256 or iso-8859-6",
}
# RTF \fcharset numbers -> code page codec (0/1 mean "the document's \ansicpg", 2 is the symbol font).
FCHARSETS = {
    77: "mac_roman",
    128: "cp932",
    129: "cp949",
    130: "johab",
    134: "gb18030",
    136: "cp950",
    161: "cp1253",
    162: "cp1254",
    163: "cp1258",
    177: "cp1255",
    178: "cp1256",
    186: "cp1257",
    204: "cp1251",
    222: "cp874",
    238: "cp1250",
}


def normalise(name: str) -> str | None:
    """Python's canonical name of an encoding label, or None when Python does not know it."""
    label = name.strip().lower()
    if label in _SUPERSETS:
        return label
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    # rot13, base64, zlib, hex...: codecs Python knows that turn bytes into bytes, not into text
    return info.name if getattr(info, "_is_text_encoding", True) else None


def superset(name: str) -> str | None:
    """The codec to decode text labelled `name` with (big5 -> cp950, gb2312 -> gb18030...)."""
    canonical = normalise(name)
    if canonical is None:
        return None
    return _SUPERSETS.get(canonical, _SUPERSETS.get(name.strip().lower(), canonical))


def code_page(number: int) -> str | None:
    """The codec for a Windows code page number (RTF \\ansicpg), or None when unknown."""
    if number in (936, 20936):
        return "gb18030"
    try:
        return codecs.lookup(f"cp{number}").name
    except LookupError:
        return None


def candidates(language: str, script: str = "") -> tuple[str, ...]:
    """Legacy codecs worth trying for text in `language` (written in *script*), most likely first."""
    lowered = language.lower()
    for prefix in (lowered, lowered.split("-")[0]):
        if prefix in _BY_LANGUAGE:
            return _BY_LANGUAGE[prefix]
    if lowered.startswith(("zh-tw", "zh-hk", "zh-mo")):
        return _BY_LANGUAGE["zh-hant"]
    if lowered.startswith(("zh-cn", "zh-sg")):
        return _BY_LANGUAGE["zh-hans"]
    return _BY_SCRIPT.get(script, _DEFAULT)


def example(language: str, script: str = "") -> str:
    """An encoding to suggest for `language` (written in *script*) in error messages."""
    lowered = language.lower()
    found = EXAMPLES.get(lowered) or EXAMPLES.get(lowered.split("-")[0])
    return found or _SCRIPT_EXAMPLES.get(script, "cp1252")
