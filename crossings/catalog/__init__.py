"""The metadata model: catalog rows, front matter, vocabularies and their validation."""

from __future__ import annotations

from crossings.catalog.model import COLUMNS, DocumentMeta, Provenance, Route
from crossings.catalog.parse import decode_value, parse_front_matter, parse_row
from crossings.catalog.problems import Location, Problem
from crossings.catalog.validate import validate
from crossings.catalog.vocab import UI_LANGUAGES, Term, Vocabularies, Vocabulary

__all__ = [
    "COLUMNS",
    "UI_LANGUAGES",
    "DocumentMeta",
    "Location",
    "Problem",
    "Provenance",
    "Route",
    "Term",
    "Vocabularies",
    "Vocabulary",
    "decode_value",
    "parse_front_matter",
    "parse_row",
    "validate",
]
