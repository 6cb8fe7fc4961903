"""Datestamps stay while a record and its page stay the same, and move when either changes."""

from __future__ import annotations

from dataclasses import replace

from crossings.oai import ledger
from crossings.oai.repository import Field, from_json
from tests.oai.sample import sample_record, sample_repository

OLD, NEW = "2026-01-01T10:00:00Z", "2026-06-01T10:00:00Z"


def with_digest(record, text):  # type: ignore[no-untyped-def]
    """*record* with the digest of its fields and *text*."""
    return replace(record, digest=ledger.digest(record, text))


def test_unchanged_records_keep_their_datestamp_changed_ones_move() -> None:
    a, b = sample_record(1, "th", OLD), sample_record(2, "hk", OLD)
    before = {r.id: r for r in (with_digest(a, ["text a"]), with_digest(b, ["text b"]))}
    edited_text = with_digest(replace(a, datestamp=""), ["text a, corrected"])
    same = with_digest(replace(b, datestamp=""), ["text b"])
    new = with_digest(sample_record(3, "th", ""), ["text c"])
    stamped = {r.id: r.datestamp for r in ledger.stamp([edited_text, same, new], before, NEW)}
    assert stamped == {"doc-01": NEW, "doc-02": OLD, "doc-03": NEW}


def test_the_digest_covers_fields_sets_access_and_text() -> None:
    record = sample_record(1, "th", OLD)
    base = ledger.digest(record, ["text"])
    assert ledger.digest(record, ["text"]) == base
    assert ledger.digest(record, ["other text"]) != base
    assert ledger.digest(replace(record, fields=(*record.fields, Field("subject", "x"))), ["text"]) != base
    assert ledger.digest(replace(record, sets=("country:th",)), ["text"]) != base
    assert ledger.digest(replace(record, access="restricted"), ["text"]) != base


def test_records_file_round_trip() -> None:
    repository = sample_repository(3, restricted=1)
    assert from_json(repository.to_json()) == repository
