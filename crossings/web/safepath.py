"""Turning a request path into path segments that cannot leave the built site.

A request is refused (None) when its raw form encodes a dot, a slash, a backslash, a NUL or a
percent sign (double encoding): no file the build writes needs them, and every traversal trick
(``%2e%2e``, ``..%2f``, ``%252e``) uses one. The decoded form is then split on ``/`` and refused
if a segment is ``.``, ``..``, hidden (``.buildinfo``, ``.doctrees``) or holds a backslash or NUL.
The caller still resolves the final path and checks it lies inside the site (symlinks).
"""

from __future__ import annotations

from pathlib import Path

REFUSED_ESCAPES = (b"%2e", b"%2f", b"%5c", b"%00", b"%25")
REFUSED_CHARS = ("\x00", "\\")


def path_segments(path: str, raw_path: bytes | None = None) -> tuple[str, ...] | None:
    """The segments of *path* (decoded) if safe, else None; empty segments are dropped."""
    if raw_path is not None and any(escape in raw_path.lower() for escape in REFUSED_ESCAPES):
        return None
    if any(char in path for char in REFUSED_CHARS):
        return None
    segments = tuple(part for part in path.split("/") if part)
    if any(part.startswith(".") for part in segments):  # ".", "..", and hidden files alike
        return None
    return segments


def inside(root: Path, segments: tuple[str, ...]) -> Path | None:
    """The resolved file or folder *segments* name under *root*, or None if it lies outside."""
    base = root.resolve()
    target = base.joinpath(*segments).resolve()
    if not target.is_relative_to(base) or not target.exists():
        return None
    return target
