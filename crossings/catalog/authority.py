"""The catalog is the authority for every field it holds: front matter follows it, or check says where not.

A document's front matter repeats its catalog row so that Sphinx can read it; when the two
disagree (an editor restricted a document or corrected its title in reports/catalog.csv after
editing the text), the catalog wins: ingest writes the catalog's values into the front matter
without touching the body, staging does the same for every build, and ``crossings check``
reports every disagreement that remains.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crossings.catalog.model import COLUMNS, LIST_FIELDS, DocumentMeta
from crossings.catalog.parse import decode_value


@dataclass(frozen=True)
class Disagreement:
    """One field on which a document's front matter and its catalog row differ."""

    field: str
    document: object
    catalog: object


def catalog_fields(meta: DocumentMeta) -> dict[str, Any]:
    """The fields the catalog holds, as front-matter values."""
    data = meta.to_front_matter()
    return {name: data[name] for name in COLUMNS}


def _comparable(value: Any, listed: bool) -> object:
    """A front-matter value in a form that compares equal to the catalog's when it says the same."""
    value = decode_value(value)
    if value is None or value == "":
        return [] if listed else ""
    if isinstance(value, list | tuple):
        return [str(item).strip() for item in value if str(item).strip()]
    return str(value).strip()


def disagreements(data: dict[str, Any], meta: DocumentMeta) -> list[Disagreement]:
    """Every catalog field on which the front matter *data* says something else."""
    found = []
    for name, expected in catalog_fields(meta).items():
        wanted = _comparable(expected, name in LIST_FIELDS)
        actual = _comparable(data.get(name), name in LIST_FIELDS)
        if name == "countries" and isinstance(actual, list):
            actual = [code.upper() for code in actual]
        if actual != wanted:
            found.append(Disagreement(name, actual, wanted))
    return found


def merged(data: dict[str, Any], meta: DocumentMeta) -> dict[str, Any]:
    """Front matter *data* with the catalog's values; every other key (source, translation_of...) kept."""
    fields = catalog_fields(meta)
    out = {name: fields[name] for name in COLUMNS}
    out.update({key: value for key, value in data.items() if key not in fields})
    return out
