"""Every facet and filter of the search, declared once.

One :class:`Facet` per way a reader can narrow a search. From this table come the index fields
that hold the values (crossings.search.engine.schema and indexing.records), the filters
(crossings.search.engine.filters), the counts (crossings.search.engine.facets), the request
parameters of ``/api/search`` and the options of ``crossings search`` (crossings.search.request),
and the controls of the search page and the data its script reads (crossings.sphinx.searchpage).
To add a facet, add an entry here; see "How to add a facet" in docs/architecture.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class Kind(Enum):
    """How a document holds the values, and how a request names them."""

    KEYWORDS = "keywords"
    """Several values per document; the parameter is repeatable and its values are ORed."""
    KEYWORD = "keyword"
    """One value per document; the parameter is given once."""
    YEARS = "years"
    """A year per document; two parameters give the first and last year of a range."""


class Value(Enum):
    """What a value must look like in a request, and how an answer spells it."""

    CODE = "code"
    """A slug or code, matched without regard to case, shown as indexed."""
    COUNTRY = "country"
    """An ISO 3166 code, matched without regard to case, shown in capitals."""
    LANGUAGE = "language"
    """A BCP 47 tag, matched without regard to case, shown in BCP 47 case (zh-Hant)."""
    YEAR = "year"
    """A four-digit year."""


@dataclass(frozen=True)
class Facet:
    """One facet (counted in every answer) or filter (only narrows the hits)."""

    name: str
    """Its name in the answer's ``facets``, the search page's labels and SearchRequest.filters."""
    record: str
    """The catalog column and corpus record field holding the document's value(s)."""
    field: str
    """The index field of the values (lowercased when indexed)."""
    kind: Kind
    value: Value
    params: tuple[str, ...]
    """The request parameters (two for a YEARS range: first and last year); each is also a
    ``crossings search`` option, ``--`` and the parameter."""
    label: str
    """The heading of its control on the search page: a msgid of crossings/locale/*/crossings.po,
    translated where the page is written."""
    counted: bool = True
    """A facet (counts in every answer, a control on the search page) or only a filter."""
    vocabulary: str = ""
    """The vocabulary (vocabularies/<name>.csv) labelling its values, if any."""
    metavar: str = "CODE"
    help: str = ""
    """The ``crossings search --help`` text of its option(s), one per parameter, ``|``-separated."""

    @property
    def control(self) -> str:
        """The search page's name for its control: the parameter, or the facet's name for a range."""
        return self.name if self.kind is Kind.YEARS else self.params[0]

    def option(self, param: str) -> str:
        """The command-line option of *param*."""
        return f"--{param}"

    def helps(self) -> tuple[str, ...]:
        """The help text of each parameter's option."""
        texts = self.help.split("|")
        return tuple(texts[i] if i < len(texts) else "" for i in range(len(self.params)))

    def display(self, value: str) -> str:
        """The canonical spelling of an indexed (lowercased) value: TH, zh-Hant, migration-routes."""
        if self.value is Value.COUNTRY:
            return value.upper()
        if self.value is Value.LANGUAGE:
            return canonical_language(value)
        return value

    def as_json(self) -> dict[str, Any]:
        """What the search page's script needs to know of it."""
        return {
            "name": self.name,
            "kind": self.kind.value,
            "value": self.value.value,
            "params": list(self.params),
            "control": self.control,
            "counted": self.counted,
        }


FACETS: tuple[Facet, ...] = (
    Facet(
        "country",
        "countries",
        "countries",
        Kind.KEYWORDS,
        Value.COUNTRY,
        ("country",),
        "Country",
        vocabulary="countries",
        metavar="CC",
        help="Only these countries (repeatable).",
    ),
    Facet(
        "theme",
        "themes",
        "themes",
        Kind.KEYWORDS,
        Value.CODE,
        ("theme",),
        "Theme",
        vocabulary="themes",
        metavar="T",
        help="Only these themes (repeatable).",
    ),
    Facet(
        "type",
        "type",
        "type",
        Kind.KEYWORD,
        Value.CODE,
        ("type",),
        "Type of document",
        vocabulary="types",
        metavar="T",
        help="Only this document type.",
    ),
    Facet(
        "event",
        "event",
        "event",
        Kind.KEYWORD,
        Value.CODE,
        ("event",),
        "Event",
        counted=False,
        vocabulary="events",
        metavar="E",
        help="Only this event.",
    ),
    Facet(
        "language",
        "language",
        "language",
        Kind.KEYWORD,
        Value.LANGUAGE,
        ("lang",),
        "Language",
        vocabulary="languages",
        metavar="L",
        help="Only documents in this language (BCP 47).",
    ),
    Facet(
        "year",
        "year",
        "year_key",
        Kind.YEARS,
        Value.YEAR,
        ("from", "to"),
        "Year",
        metavar="YYYY",
        help="From this year.|Up to this year.",
    ),
)


def facets() -> tuple[Facet, ...]:
    """Every entry, in the order of the search page and the answer."""
    return FACETS


def counted() -> tuple[Facet, ...]:
    """The entries whose counts every answer carries."""
    return tuple(facet for facet in FACETS if facet.counted)


def by_name(name: str) -> Facet:
    """The entry called *name*; KeyError naming the known ones otherwise."""
    for facet in FACETS:
        if facet.name == name:
            return facet
    raise KeyError(f"no facet {name!r}; the facets are {', '.join(f.name for f in FACETS)}")


def by_field(fieldname: str) -> Facet:
    """The entry whose values *fieldname* of the index holds."""
    for facet in FACETS:
        if facet.field == fieldname:
            return facet
    raise KeyError(f"no facet holds the index field {fieldname!r}")


def canonical_language(tag: str) -> str:
    """BCP 47 case: language lower, script title, region upper (zh-hant -> zh-Hant)."""
    parts = tag.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)
