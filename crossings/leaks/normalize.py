"""The normal form of needles and haystacks: the skeleton redaction matches names in.

One normalisation for both sides (crossings.redact.skeleton): case, NFKC forms, line breaks,
hyphens and apostrophes, soft hyphens and zero-width or bidi characters, entities and
percent-escapes, markup punctuation. So the scan sees what redaction might miss.
"""

from __future__ import annotations

from crossings.redact.skeleton import skeleton, skeleton_text


def normalize(text: str) -> tuple[str, list[int]]:
    """The skeleton of *text*, and the offset in *text* of each of its characters."""
    bones = skeleton(text)
    return bones.text, bones.starts


def normalize_needle(text: str) -> str:
    """The normal form of a needle."""
    return skeleton_text(text)
