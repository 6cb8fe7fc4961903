"""The records of one edition as a build writes them and the service reads them.

A build of the HTML site in language ``<lang>`` writes ``build/<edition>/oai/<lang>.json``
(outside the published output): the repository's name, address and contact, its sets and one
record per published document, each with its ``oai_dc`` fields in that language, its sets,
its access and its datestamp (see crossings.oai.ledger).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

FORMAT = 1  # the version of the file's layout


@dataclass(frozen=True)
class Field:
    """One Dublin Core element of a record: ``title``, ``creator``… with its text and language."""

    name: str
    value: str
    lang: str = ""


@dataclass(frozen=True)
class Record:
    """One document as a harvester sees it."""

    id: str
    datestamp: str  # YYYY-MM-DDThh:mm:ssZ
    fields: tuple[Field, ...]
    sets: tuple[str, ...] = ()
    access: str = "public"
    digest: str = ""  # of everything the record and the published text say (crossings.oai.ledger)

    def in_set(self, spec: str) -> bool:
        """True when the record is in set *spec* or in a set below it (``country`` holds ``country:th``)."""
        return any(own == spec or own.startswith(spec + ":") for own in self.sets)


@dataclass(frozen=True)
class SetInfo:
    """A set: its setSpec (``country:th``) and the label harvesters show (``Thailand``)."""

    spec: str
    name: str


@dataclass(frozen=True)
class Repository:
    """What the build knows about the archive as an OAI-PMH repository."""

    name: str
    admin_email: str
    base_url: str  # crossings_base_url without the final slash; "" when the archive has none
    language: str
    records: tuple[Record, ...] = ()
    sets: tuple[SetInfo, ...] = ()
    edition: str = "public"
    static_gateway: str = field(default="")

    @property
    def host(self) -> str:
        """The host of the base URL (the namespace of the identifiers), or ""."""
        rest = self.base_url.split("://", 1)[-1]
        return rest.split("/", 1)[0].split(":", 1)[0].lower()

    def identifier(self, record_id: str, host: str = "") -> str:
        """``oai:<host>:<id>``."""
        return f"oai:{self.host or host}:{record_id}"

    @cached_property
    def generation(self) -> str:
        """A short digest of every record's id, datestamp and digest: it changes with any of them."""
        digest = hashlib.sha256()
        for record in self.records:
            digest.update(f"{record.id}\0{record.datestamp}\0{record.digest}\n".encode())
        return digest.hexdigest()[:16]

    def earliest(self) -> str:
        """The earliest datestamp of any record (or of the repository's epoch when it has none)."""
        return min((r.datestamp for r in self.records), default="1970-01-01T00:00:00Z")

    def public(self) -> Repository:
        """This repository without any restricted record (the public edition's defence in depth)."""
        kept = tuple(r for r in self.records if r.access == "public")
        return self._keeping(kept)

    def without(self, ids: Collection[str]) -> Repository:
        """This repository without the records of the documents *ids* name (lower-case ids)."""
        return self._keeping(tuple(r for r in self.records if r.id.lower() not in ids))

    def _keeping(self, kept: tuple[Record, ...]) -> Repository:
        """This repository with only the records *kept*, and only the sets one of them is in (as
        a build lists them, crossings.sphinx.oai.set_list): a set only a record left out was in
        would name it."""
        if len(kept) == len(self.records):
            return self
        sets = tuple(info for info in self.sets if any(r.in_set(info.spec) for r in kept))
        return Repository(**{**self._shallow(), "records": kept, "sets": sets})

    def _shallow(self) -> dict[str, Any]:
        """The fields as a dict, records and sets left as they are."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    def to_json(self) -> str:
        """The file a build writes."""
        return json.dumps({"format": FORMAT, **asdict(self)}, ensure_ascii=False, indent=1) + "\n"


class BadRecords(ValueError):
    """A records file that is not one a build writes."""


def from_json(text: str, where: str = "records file") -> Repository:
    """The repository a build wrote (BadRecords naming *where* when it is not one)."""
    try:
        data = json.loads(text)
        if data.pop("format", None) != FORMAT:
            raise BadRecords(f"{where}: written by another version of crossings; rebuild the site")
        records = tuple(
            Record(
                **{
                    **raw,
                    "fields": tuple(Field(**item) for item in raw["fields"]),
                    "sets": tuple(raw["sets"]),
                }
            )
            for raw in data.pop("records")
        )
        sets = tuple(SetInfo(**raw) for raw in data.pop("sets"))
        return Repository(**data, records=records, sets=sets)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        if isinstance(exc, BadRecords):
            raise
        raise BadRecords(f"{where}: not a records file of crossings ({exc}); rebuild the site") from None


def read(path: Path) -> Repository:
    """The repository of a records file."""
    return from_json(path.read_text(encoding="utf-8"), str(path))
