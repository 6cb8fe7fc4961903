"""Turn a catalog row or a document's front matter into a DocumentMeta, collecting every problem."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from crossings.catalog.model import (
    ACCESS_VALUES,
    COLUMNS,
    COUNTRY_RE,
    DATE_RE,
    ID_RE,
    LANG_RE,
    LIST_FIELDS,
    LONGEST,
    LONGEST_ITEM,
    LONGEST_TEXT,
    REQUIRED,
    DocumentMeta,
    Provenance,
    Route,
    missing_day,
)
from crossings.catalog.problems import Location, Problem

PROVENANCE_KEYS = ("file", "sha256", "encoding", "converter", "converted", "generated")
# What no field may hold: control characters (NUL, escape...), line and paragraph separators,
# and the bidi overrides and isolates that make text display in another order than it is stored.
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Line breaks and tabs are allowed only where text runs over several lines.
MULTILINE_FIELDS = ("summary",)
_CHARACTER_NAMES = {"\n": "a line break", "\r": "a carriage return", "\t": "a tab", "\x00": "a NUL byte"}


def split_list(cell: str) -> tuple[str, ...]:
    """Split a ``;``-separated catalog cell, dropping empty parts."""
    return tuple(part.strip() for part in cell.split(";") if part.strip())


def decode_value(value: Any) -> Any:
    """Undo myst-parser's habit of handing non-string front matter to Sphinx as JSON text."""
    if isinstance(value, str) and value[:1] in "[{" and value[-1:] in "]}":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _as_list(value: Any) -> tuple[str, ...] | None:
    """A front-matter list (or one scalar, or a ;-string) as a tuple of strings; None if not a list."""
    value = decode_value(value)
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return split_list(value)
    if isinstance(value, list | tuple) and all(isinstance(v, str | int | float) for v in value):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return None


def _as_text(value: Any) -> str | None:
    """A front-matter scalar as text (YAML may give dates and numbers); None if it is a list or map."""
    if value is None:
        return ""
    if isinstance(value, list | dict | tuple):
        return None
    return str(value).strip()


def _describe(char: str) -> str:
    """A forbidden character as a person can find it: its code point and what it is."""
    name = _CHARACTER_NAMES.get(char) or unicodedata.name(char, "a control character").lower()
    return f"U+{ord(char):04X} ({name})"


def _forbidden(name: str, value: str, where: Location, item: int | None = None) -> list[Problem]:
    """A problem for the first character *value* must not hold, if any."""
    for match in _FORBIDDEN.finditer(value):
        if name in MULTILINE_FIELDS and match.group(0) in "\n\r\t":
            continue
        position = f"item {item}, character {match.start() + 1}" if item else f"character {match.start() + 1}"
        message = (
            f"{name} holds {_describe(match.group(0))} at {position}; a field cannot hold control "
            "characters, line breaks or invisible direction overrides: remove it"
        )
        return [where.problem(name, message)]
    return []


def _too_long(name: str, value: str, where: Location, item: int | None = None) -> list[Problem]:
    """A problem when *value* is longer than its field takes (crossings.catalog.model.LONGEST)."""
    limit = LONGEST.get(name, LONGEST_ITEM if name in LIST_FIELDS else LONGEST_TEXT)
    if len(value) <= limit:
        return []
    which = f"{name} item {item}" if item else name
    message = (
        f"{which} is {len(value)} characters long, more than the {limit} it takes (a page header, "
        "the index and citations must set it): shorten it"
    )
    return [where.problem(name, message)]


def _build(
    values: Mapping[str, Any], where: Location, required: tuple[str, ...] = REQUIRED
) -> tuple[DocumentMeta, list[Problem]]:
    """Check the syntax of every field and build the model from whatever parsed."""
    problems: list[Problem] = []
    text: dict[str, str] = {}
    lists: dict[str, tuple[str, ...]] = {}
    for name in COLUMNS:
        raw = values.get(name)
        if name in LIST_FIELDS:
            parsed = _as_list(raw)
            if parsed is None:
                problems.append(where.problem(name, f"{name} must be a list of strings"))
                parsed = ()
            for number, item in enumerate(parsed, start=1):
                problems += _forbidden(name, item, where, number if len(parsed) > 1 else None)
                problems += _too_long(name, item, where, number if len(parsed) > 1 else None)
            lists[name] = parsed
        else:
            scalar = _as_text(raw)
            if scalar is None:
                problems.append(where.problem(name, f"{name} must be a single value, not a list"))
                scalar = ""
            problems += _forbidden(name, scalar, where) + _too_long(name, scalar, where)
            text[name] = scalar
    for name in required:
        if not text.get(name):
            problems.append(where.problem(name, f"{name} is required and is empty"))
    problems += _check_syntax(text, lists, where)
    routes = []
    for chain in lists["routes"]:
        try:
            routes.append(Route.parse(chain))
        except ValueError as exc:
            problems.append(where.problem("routes", str(exc)))
    # Every column by its name: a new column is declared once, in crossings.catalog.model.
    fields: dict[str, Any] = {**text, **lists}
    fields.update(countries=tuple(c.upper() for c in lists["countries"]), routes=tuple(routes))
    meta = DocumentMeta(**fields)
    return meta, problems


def _check_syntax(
    text: Mapping[str, str], lists: Mapping[str, tuple[str, ...]], where: Location
) -> list[Problem]:
    """Problems with the form of values, before any vocabulary is consulted."""
    problems = []
    if text["id"] and not ID_RE.match(text["id"]):
        problems.append(
            where.problem("id", f"id {text['id']!r} must be lowercase letters, digits and single hyphens")
        )
    if text["date"] and not DATE_RE.match(text["date"]):
        problems.append(where.problem("date", f"date {text['date']!r} must be YYYY, YYYY-MM or YYYY-MM-DD"))
    elif why := missing_day(text["date"]):
        problems.append(where.problem("date", f"date {text['date']!r} is no day of the calendar ({why})"))
    if text["access"] and text["access"] not in ACCESS_VALUES:
        problems.append(
            where.problem("access", f"access {text['access']!r} must be one of {', '.join(ACCESS_VALUES)}")
        )
    if text["language"] and not LANG_RE.match(text["language"]):
        problems.append(
            where.problem("language", f"language {text['language']!r} is not a BCP 47 tag like en or zh-Hant")
        )
    for code in lists["countries"]:
        if not COUNTRY_RE.match(code.upper()):
            problems.append(where.problem("countries", f"{code!r} is not a two-letter ISO 3166 country code"))
    file = text["file"]
    if file and leaves_reports(file):
        problems.append(where.problem("file", f"file {file!r} must be a path inside reports/ (no / or ..)"))
    return problems


def leaves_reports(file: str) -> bool:
    """True when the file cell names a path outside reports/ (absolute, or through ..)."""
    return file.startswith(("/", "\\")) or ".." in file.replace("\\", "/").split("/")


def _failed(problems: list[Problem]) -> bool:
    """True when any problem is an error (warnings do not stop a document)."""
    return any(p.severity == "error" for p in problems)


def parse_row_lenient(row: Mapping[str, str | None], where: Location) -> tuple[DocumentMeta, list[Problem]]:
    """Parse a catalog row into whatever could be parsed, so that later checks can still run."""
    return _build({name: (row.get(name) or "") for name in COLUMNS}, where)


def parse_row(row: Mapping[str, str | None], where: Location) -> tuple[DocumentMeta | None, list[Problem]]:
    """Parse one catalog.csv row (lists are ;-separated cells); None when it has errors."""
    meta, problems = parse_row_lenient(row, where)
    return (None if _failed(problems) else meta), problems


def parse_front_matter(data: Mapping[str, Any], where: Location) -> tuple[DocumentMeta | None, list[Problem]]:
    """Parse a document's front matter, as YAML gives it or as Sphinx's env.metadata holds it."""
    values = {name: decode_value(data.get(name)) for name in COLUMNS}
    # A document written directly in MyST has no original, so no file.
    meta, problems = _build(values, where, tuple(name for name in REQUIRED if name != "file"))
    if _failed(problems):
        return None, problems
    source = decode_value(data.get("source"))
    if source is None:
        return meta, problems
    if not isinstance(source, Mapping) or not all(
        isinstance(source.get(k, ""), str) for k in PROVENANCE_KEYS
    ):
        problems.append(where.problem("source", "source must be a mapping of " + ", ".join(PROVENANCE_KEYS)))
        return None, problems
    provenance = Provenance(**{key: str(source.get(key) or "") for key in PROVENANCE_KEYS})
    return replace(meta, source=provenance), problems
