"""The typed metadata of one archive document (a catalog row, or an ingested file's front matter)."""

from __future__ import annotations

import calendar
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

COLUMNS = (
    "file",
    "id",
    "title",
    "type",
    "event",
    "session",
    "countries",
    "themes",
    "authors",
    "organisations",
    "language",
    "date",
    "access",
    "routes",
    "encoding",
    "summary",
)
LIST_FIELDS = ("countries", "themes", "authors", "organisations", "routes")
REQUIRED = ("file", "id", "title", "type", "language", "access")
ACCESS_VALUES = ("public", "restricted")
# The longest value a field may hold, in characters: a name or label that no page header, index,
# citation or deposit can set (Crossref takes 60 characters in a name) is a mistake, not a name.
LONGEST_ITEM = 200  # one author, organisation, country, theme or route
LONGEST_TEXT = 1000  # one single-line field (title, ids, dates...)
LONGEST = {"summary": 10_000}

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
DATE_RE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def missing_day(date: str) -> str:
    """Why a ``YYYY-MM-DD`` date of the right form names no day of the calendar ('' when it does).

    DATE_RE allows the 31st of every month: ``2001-02-30`` would reach the citations (CSL-JSON's
    date-parts, Google Scholar's citation_publication_date) and OAI-PMH's dc:date as a day no
    reference manager or harvester can read.
    """
    match = DATE_RE.match(date)
    if match is None or match.group(3) is None:
        return ""
    year, month, day = (int(part) for part in match.groups())
    days = calendar.monthrange(year, month)[1]
    return "" if day <= days else f"{calendar.month_name[month]} {year} has {days} days"


@dataclass(frozen=True)
class Route:
    """A migration route: origin, any transit countries, destination."""

    stops: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> Route:
        """Parse ``TH>MY>SG``; raise ValueError saying what is wrong."""
        stops = tuple(part.strip().upper() for part in text.split(">"))
        if len(stops) < 2:
            raise ValueError(f"route {text!r} needs at least an origin and a destination (like TH>MY)")
        bad = [s for s in stops if not COUNTRY_RE.match(s)]
        if bad:
            raise ValueError(f"route {text!r}: {', '.join(map(repr, bad))} is not a two-letter country code")
        if any(a == b for a, b in itertools.pairwise(stops)):
            raise ValueError(f"route {text!r} repeats a country in consecutive stops")
        return cls(stops)

    @property
    def origin(self) -> str:
        """Where the route starts."""
        return self.stops[0]

    @property
    def destination(self) -> str:
        """Where the route ends."""
        return self.stops[-1]

    @property
    def transit(self) -> tuple[str, ...]:
        """Countries passed through."""
        return self.stops[1:-1]

    def __str__(self) -> str:
        return ">".join(self.stops)


@dataclass(frozen=True)
class Provenance:
    """Where an ingested document came from and how it was made."""

    file: str
    sha256: str
    encoding: str = ""
    converter: str = ""
    converted: str = ""
    generated: str = ""

    def as_dict(self) -> dict[str, str]:
        """The provenance as front-matter data."""
        return {
            "file": self.file,
            "sha256": self.sha256,
            "encoding": self.encoding,
            "converter": self.converter,
            "converted": self.converted,
            "generated": self.generated,
        }


@dataclass(frozen=True)
class DocumentMeta:
    """Everything the archive knows about one document besides its text."""

    id: str
    title: str
    type: str
    file: str = ""
    event: str = ""
    session: str = ""
    countries: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    language: str = "en"
    date: str = ""
    access: str = "public"
    routes: tuple[Route, ...] = ()
    encoding: str = ""
    summary: str = ""
    source: Provenance | None = field(default=None, compare=False)

    @property
    def year(self) -> int | None:
        """The year of the document's date, if it has one."""
        match = DATE_RE.match(self.date)
        return int(match.group(1)) if match else None

    @property
    def restricted(self) -> bool:
        """True when the document belongs only to the internal edition."""
        return self.access == "restricted"

    def family(self, translation_of: str = "") -> str:
        """The id shared by a document and its translations (``x`` for ``x-th``, or *translation_of*)."""
        if translation_of:
            return translation_of
        suffix = "-" + self.language.lower()
        if self.id.endswith(suffix) and len(self.id) > len(suffix):
            return self.id[: -len(suffix)]
        return self.id

    def to_front_matter(self) -> dict[str, Any]:
        """The metadata as YAML front matter (lists as lists, routes as chains)."""
        data: dict[str, Any] = {}
        for name in COLUMNS:
            value = getattr(self, name)
            if name == "routes":
                value = [str(route) for route in value]
            elif isinstance(value, tuple):
                value = list(value)
            data[name] = value
        if self.source is not None:
            data["source"] = self.source.as_dict()
        return data

    def to_row(self) -> dict[str, str]:
        """The metadata as a catalog.csv row."""
        row = {}
        for name in COLUMNS:
            value = getattr(self, name)
            row[name] = ";".join(str(v) for v in value) if isinstance(value, tuple) else str(value)
        return row
