"""Metadata made safe to put in an XML element or a one-line field.

A catalog cell or a front-matter value is whatever an editor or a contributor typed. XML 1.0
cannot hold most control characters at all (the document would not parse), and direction
overrides or isolates would reorder what a reader of the deposit sees. Escaping of ``<``, ``&``
and quotes is the XML writer's job; this removes what no escaping can carry.
"""

from __future__ import annotations

import re

# Characters XML 1.0 forbids, C1 controls, direction overrides and isolates, line separators.
_UNWANTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_SPACES = re.compile(r"\s+")


def one_line(value: object) -> str:
    """*value* as one line of text: forbidden and invisible characters out, spaces folded."""
    return _SPACES.sub(" ", _UNWANTED.sub(" ", str(value))).strip()
