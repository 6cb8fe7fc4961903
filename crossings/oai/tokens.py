"""Resumption tokens that hold their own state and cannot be forged.

A token is the list request it continues (verb, metadataPrefix, set, from, until), the position
of the next page and the generation of the records it was cut from, as compact JSON in
base64url, followed by an HMAC-SHA256 of that text under the service's secret. The server keeps
nothing between requests. A token whose signature does not match, that names another
generation (the site was rebuilt since the list began: positions would no longer match) or
that does not parse is refused as badResumptionToken.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import asdict, dataclass

SIGNATURE_BYTES = 16


class BadToken(ValueError):
    """A token this service did not issue for the current records."""


@dataclass(frozen=True)
class Position:
    """Where a list stands: the request it continues and the index of the next record or set."""

    verb: str
    offset: int
    generation: str
    metadata_prefix: str = ""
    set_spec: str = ""
    from_: str = ""
    until: str = ""


def _b64(data: bytes) -> str:
    """Unpadded base64url."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    """The bytes of unpadded base64url (BadToken when it is not)."""
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise BadToken("not a resumption token of this repository") from None


def _sign(secret: bytes, body: str) -> str:
    """The signature of *body*."""
    return _b64(hmac.new(secret, body.encode("ascii"), hashlib.sha256).digest()[:SIGNATURE_BYTES])


def issue(position: Position, secret: bytes) -> str:
    """The token for *position*."""
    body = _b64(json.dumps(asdict(position), separators=(",", ":")).encode("utf-8"))
    return f"{body}.{_sign(secret, body)}"


def read(token: str, secret: bytes, generation: str) -> Position:
    """The position a token holds, checked against *secret* and the current *generation*."""
    body, dot, signature = token.partition(".")
    # Compared as bytes: hmac.compare_digest refuses a str holding any character beyond ASCII
    # with a TypeError, and a harvester may send any text as a token.
    if (
        not dot
        or not body.isascii()
        or not hmac.compare_digest(
            _sign(secret, body).encode("ascii"), signature.encode("utf-8", "surrogatepass")
        )
    ):
        raise BadToken("the resumption token is not one this repository issued, or it was altered")
    try:
        position = Position(**json.loads(_unb64(body)))
    except (ValueError, TypeError):
        raise BadToken("the resumption token is not one this repository issued") from None
    if position.generation != generation:
        raise BadToken(
            "the archive was rebuilt since this list began; start the list again without a resumptionToken"
        )
    if not isinstance(position.offset, int) or position.offset < 0:
        raise BadToken("the resumption token holds no position")
    return position
