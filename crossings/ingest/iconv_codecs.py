"""Legacy encodings Python has no codec for, decoded by the C library's iconv.

VISCII and TCVN 5712 (the Vietnamese encodings of the 1990s, before Windows-1258 and Unicode)
and EUC-TW (Taiwan's CNS 11643 in EUC form) are in glibc's iconv, present on every Debian
system (the ``iconv`` program of libc-bin), but not in Python. They are registered as decoding
codecs under their usual names, so the catalog's encoding column and detection can use them.
"""

from __future__ import annotations

import codecs
import re
import shutil
import subprocess

# Python codec name (as codecs.lookup normalises it) -> iconv's name.
ICONV_ONLY = {
    "viscii": "VISCII",
    "tcvn": "TCVN5712-1",
    "tcvn5712_1": "TCVN5712-1",
    "tcvn_5712": "TCVN5712-1",
    "euc_tw": "EUC-TW",
    "euctw": "EUC-TW",
    "cns11643": "EUC-TW",
}
_POSITION = re.compile(rb"position (\d+)")


def _decoder(codec: str, name: str) -> codecs.CodecInfo:
    """A decoding-only codec that runs iconv on the whole input."""

    def decode(data: bytes, errors: str = "strict") -> tuple[str, int]:
        tool = shutil.which("iconv")
        if tool is None:
            raise UnicodeDecodeError(codec, bytes(data), 0, 1, "the iconv program is missing (libc-bin)")
        done = subprocess.run(
            [tool, "-f", name, "-t", "UTF-8"],
            input=bytes(data),
            capture_output=True,
            timeout=120,
            check=False,
        )
        if done.returncode != 0:
            found = _POSITION.search(done.stderr)
            start = int(found.group(1)) if found else 0
            raise UnicodeDecodeError(codec, bytes(data), start, start + 1, f"not valid {name}")
        return done.stdout.decode("utf-8"), len(data)

    def encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
        raise UnicodeEncodeError(codec, text, 0, len(text), "crossings only decodes this encoding")

    return codecs.CodecInfo(encode, decode, name=codec)  # type: ignore[arg-type]  # bytes for Buffer


def _search(normalised: str) -> codecs.CodecInfo | None:
    """The codecs search function: ours for the names of ICONV_ONLY, else None."""
    key = normalised.replace("-", "_").lower()
    name = ICONV_ONLY.get(key)
    return _decoder(key, name) if name else None


codecs.register(_search)
