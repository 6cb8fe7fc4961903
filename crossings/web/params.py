"""Reading /api/search's query string into a SearchRequest, refusing what is out of bounds."""

from __future__ import annotations

import re

from starlette.datastructures import QueryParams

from crossings.search.limits import MAX_LIMIT, MAX_PAGE, MAX_QUERY_CHARS, MAX_VALUES
from crossings.search.query import SORTS, SearchRequest
from crossings.web.errors import ApiError

ACCEPTED = ("q", "country", "theme", "type", "event", "lang", "from", "to", "sort", "page", "limit", "ui")
SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def search_request(params: QueryParams) -> SearchRequest:
    """The SearchRequest *params* describe; ApiError(400) naming the parameter at fault."""
    unknown = sorted(set(params.keys()) - set(ACCEPTED))
    if unknown:
        raise ApiError(400, f"unknown parameter {unknown[0]!r}; accepted: {', '.join(ACCEPTED)}")
    for name in set(params.keys()) - {"country", "theme"}:
        if len(params.getlist(name)) > 1:
            raise ApiError(400, f"{name} may be given only once")
    query = params.get("q", "")
    if len(query) > MAX_QUERY_CHARS:
        raise ApiError(400, f"q is {len(query)} characters long; the limit is {MAX_QUERY_CHARS}")
    if "\x00" in query:
        raise ApiError(400, "q contains a NUL character")
    year_from, year_to = _year(params, "from"), _year(params, "to")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise ApiError(400, f"the year range from={year_from} to={year_to} is empty; swap them")
    return SearchRequest(
        q=query,
        countries=_values(params, "country"),
        themes=_values(params, "theme"),
        type=_slug(params, "type"),
        event=_slug(params, "event"),
        lang=_language(params, "lang"),
        year_from=year_from,
        year_to=year_to,
        sort=_choice(params, "sort", SORTS),
        limit=_bounded(params, "limit", 1, MAX_LIMIT, 10),
        page=_bounded(params, "page", 1, MAX_PAGE, 1),
    )


def ui_language(params: QueryParams) -> str:
    """The reader's site language (``ui``), which picks the index; empty when not given."""
    return _language(params, "ui")


def _values(params: QueryParams, name: str) -> tuple[str, ...]:
    """A repeatable slug parameter (``country=TH&country=MY``), each value checked."""
    values = [value for value in params.getlist(name) if value != ""]
    if len(values) > MAX_VALUES:
        raise ApiError(400, f"{name} is given {len(values)} times; the limit is {MAX_VALUES}")
    for value in values:
        if not SLUG.match(value):
            raise ApiError(400, f"{name}={value[:40]!r} is not a valid code")
    return tuple(values)


def _slug(params: QueryParams, name: str) -> str:
    """An optional single slug parameter."""
    value = params.get(name, "")
    if value and not SLUG.match(value):
        raise ApiError(400, f"{name}={value[:40]!r} is not a valid code")
    return value


def _language(params: QueryParams, name: str) -> str:
    """An optional BCP 47 language tag parameter."""
    value = params.get(name, "")
    if value and not LANGUAGE.match(value):
        raise ApiError(400, f"{name}={value[:40]!r} is not a language tag such as en, th or zh-Hant")
    return value


def _choice(params: QueryParams, name: str, choices: tuple[str, ...]) -> str:
    """An optional parameter from a fixed list; the first choice is the default."""
    value = params.get(name, "") or choices[0]
    if value not in choices:
        raise ApiError(400, f"{name} must be one of {', '.join(choices)}, not {value[:40]!r}")
    return value


def _bounded(params: QueryParams, name: str, low: int, high: int, default: int) -> int:
    """An optional whole number between *low* and *high*."""
    raw = params.get(name, "")
    if raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6 or not low <= int(raw) <= high:
        raise ApiError(400, f"{name} must be a whole number from {low} to {high}, not {raw[:40]!r}")
    return int(raw)


def _year(params: QueryParams, name: str) -> int | None:
    """An optional four-digit year."""
    raw = params.get(name, "")
    if raw == "":
        return None
    if not (len(raw) == 4 and raw.isascii() and raw.isdigit()):
        raise ApiError(400, f"{name} must be a four-digit year such as 2001, not {raw[:40]!r}")
    return int(raw)
