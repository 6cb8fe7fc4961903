"""OAI-PMH datestamps: the two granularities, read and written in UTC."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

SECONDS = "YYYY-MM-DDThh:mm:ssZ"
DAY = "YYYY-MM-DD"
# ASCII digits and nothing after the value: \d would take ๒๐๐๑ or ２００１, and $ a final line break.
_DAY = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_SECONDS = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z\Z")


class BadDate(ValueError):
    """A ``from`` or ``until`` that is no datestamp of either granularity."""


def stamp(moment: datetime) -> str:
    """*moment* as a seconds-granularity datestamp (UTC)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def day(datestamp: str) -> str:
    """The day of a datestamp (the Static Repository's granularity)."""
    return datestamp[:10]


def granularity(value: str) -> str:
    """``DAY`` or ``SECONDS``, by the shape of *value* (BadDate for neither)."""
    if _DAY.match(value):
        return DAY
    if _SECONDS.match(value):
        return SECONDS
    raise BadDate(f"{value!r} is not a date of the form {DAY} or {SECONDS}")


def parse(value: str, *, end: bool = False) -> datetime:
    """*value* as a UTC moment; a day means its first second, or with *end* its last one."""
    kind = granularity(value)
    try:
        if kind == DAY:
            found = date.fromisoformat(value)
            moment = datetime.combine(found, time.max if end else time.min, UTC)
            return moment.replace(microsecond=0)
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise BadDate(f"{value!r} is not a date of the calendar") from None


def now() -> datetime:
    """The current moment, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def later(a: str, b: str) -> bool:
    """True when datestamp *a* is after datestamp *b* (both seconds granularity)."""
    return parse(a) - parse(b) > timedelta(0)
