"""The content codings ``crossings serve`` offers (brotli, gzip): which one a reader accepts, and
compressing a body with it. No web framework here: search processes compress their answers too.
"""

from __future__ import annotations

import gzip

import brotli

MIN_SIZE = 500  # bytes; a smaller body is sent as it is
BROTLI_QUALITY = 5  # near gzip's speed with a smaller result; 11 costs ~50x the time
# The theme's and the site's static files (``/<lang>/_static/``) are few, never change under their
# ETag and are compressed once into the cache: their best compression costs nothing per request and
# saves about a tenth of their bytes on a slow connection (the search page's joined script).
STATIC_QUALITY = 11
ENCODINGS = ("br", "gzip")  # ours, the preferred first


def chosen_encoding(accept_encoding: str) -> str | None:
    """``br``, ``gzip`` or None from an Accept-Encoding header: the one the reader weighs most
    (brotli on a tie), never one it weighs q=0, whether by name or through ``*``."""
    weights = accepted_weights(accept_encoding)
    ranked = [(weights.get(name, weights.get("*", 0.0)), -i, name) for i, name in enumerate(ENCODINGS)]
    weight, _, name = max(ranked)
    return name if weight > 0 else None


def accepted_weights(header: str) -> dict[str, float]:
    """Each coding of an Accept-Encoding header and its weight (q, from 0 to 1; 1 when not given,
    0 when malformed)."""
    weights: dict[str, float] = {}
    for item in header.lower().split(","):
        name, *params = (part.strip() for part in item.split(";"))
        if not name:
            continue
        weight = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                weight = _quality(value.strip())
        weights[name] = max(weight, weights.get(name, 0.0))
    return weights


def _quality(value: str) -> float:
    """A q value (``0``, ``0.5``, ``1.000``), or 0 when it is not one."""
    try:
        number = float(value)
    except ValueError:
        return 0.0
    return number if 0.0 <= number <= 1.0 else 0.0


def compress(body: bytes, encoding: str, best: bool = False) -> bytes:
    """*body* compressed with *encoding* (``br`` or ``gzip``); *best*: at the highest level."""
    if encoding == "br":
        return bytes(brotli.compress(body, quality=STATIC_QUALITY if best else BROTLI_QUALITY))
    return gzip.compress(body, compresslevel=9 if best else 6, mtime=0)
