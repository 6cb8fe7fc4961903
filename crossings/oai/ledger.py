"""Datestamps that change only when a record does.

A harvester asks for what changed since its last visit (``from``), so a datestamp must move
when, and only when, what the record says or what the page publishes changes. A build computes
each record's digest (its Dublin Core fields, its sets and the text the page published, after
translation and redaction) and compares it with the previous build's records file: the same
digest keeps the old datestamp; a new or changed one takes the build's time. Deleting the
build folder forgets the ledger: every record then carries the new build's time, which is
honest (a harvester re-reads them) if wasteful.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import replace

from crossings.oai.repository import Record


def digest(record: Record, text: Iterable[str]) -> str:
    """The sha256 of *record*'s fields and sets and of the published *text* of its page."""
    body = {
        "fields": [[f.name, f.value, f.lang] for f in record.fields],
        "sets": list(record.sets),
        "access": record.access,
        "text": list(text),
    }
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def stamp(records: Iterable[Record], previous: Mapping[str, Record], when: str) -> list[Record]:
    """*records* (digests set) with the previous datestamp where the digest is unchanged, else *when*."""
    stamped = []
    for record in records:
        before = previous.get(record.id)
        kept = before is not None and before.digest == record.digest and bool(before.datestamp)
        stamped.append(replace(record, datestamp=before.datestamp if kept and before else when))
    return stamped
