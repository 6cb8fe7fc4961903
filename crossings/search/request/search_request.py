"""A search request, and the one function that reads it from named parameters.

``/api/search`` (crossings.web.params) and ``crossings search`` (crossings.cli.search) both hand
their parameters to :meth:`SearchRequest.from_params`; the facets and filters it accepts are
those of crossings.search.registry, the bounds those of crossings.search.request.limits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

from crossings.search.registry import Facet, Kind, Value, by_name, facets
from crossings.search.request.errors import QueryError
from crossings.search.request.limits import DEFAULT_LIMIT, MAX_LIMIT, MAX_PAGE, MAX_QUERY_CHARS, MAX_VALUES

SORTS = ("relevance", "date")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\Z")
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z")
YEAR = re.compile(r"^[0-9]{4}\Z")
GENERAL = ("q", "sort", "page", "limit")

Params = Mapping[str, "str | Sequence[str]"]


class RequestError(QueryError):
    """A parameter the caller must fix; the message names it and says what it must be."""


@dataclass(frozen=True)
class SearchRequest:
    """One search: the query text, the filters (facet name -> values), ordering and page.

    A YEARS filter holds two values, the first and last year ("" where the range is open).
    *withheld*: ids of documents the answer must not hold at all, in hits, totals, facets or
    suggestions (set by the web service for documents withdrawn since the index was built;
    never a parameter).
    """

    q: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    sort: str = "relevance"
    limit: int = DEFAULT_LIMIT
    page: int = 1
    withheld: frozenset[str] = field(default=frozenset(), repr=False)

    @classmethod
    def from_params(
        cls, params: Params, *, extra: Collection[str] = (), spell: Callable[[str], str] = str
    ) -> SearchRequest:
        """The request *params* describe (each a string or a list of them; "" means not given).

        *extra*: other names the caller reads itself (and that are not refused); *spell*: how the
        caller's user writes a parameter's name in messages (``--country`` on the command line).
        RequestError naming the parameter at fault otherwise."""
        values = {name: _listed(value) for name, value in params.items()}
        _check_names(values, extra, spell)
        query = _single(values, "q")
        if len(query) > MAX_QUERY_CHARS:
            raise RequestError(
                f"{spell('q')} is {len(query)} characters long; the limit is {MAX_QUERY_CHARS}"
            )
        if "\x00" in query:
            raise RequestError(f"{spell('q')} contains a NUL character; remove it")
        filters = {f.name: chosen for f in facets() if (chosen := _filter(f, values, spell))}
        return cls(
            q=query,
            filters=filters,
            sort=_choice(values, "sort", SORTS, spell),
            limit=_bounded(values, "limit", MAX_LIMIT, DEFAULT_LIMIT, spell),
            page=_bounded(values, "page", MAX_PAGE, 1, spell),
        )

    def values(self, name: str) -> tuple[str, ...]:
        """The values of the filter called *name* (empty when the request does not filter on it)."""
        return tuple(self.filters.get(name, ()))

    def years(self, name: str) -> tuple[int | None, int | None]:
        """The first and last year of the YEARS filter *name* (None where the range is open)."""
        low, high = (*self.values(name), "", "")[:2]
        return (int(low) if low else None, int(high) if high else None)

    def check(self) -> None:
        """Raise QueryError when a bound, an option or a filter is out of range."""
        if self.sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}, not {self.sort!r}")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, not {self.limit}")
        if not 1 <= self.page <= MAX_PAGE:
            raise QueryError(f"page must be between 1 and {MAX_PAGE}, not {self.page}")
        for name in self.filters:
            try:
                facet = by_name(name)
            except KeyError as exc:
                raise QueryError(str(exc.args[0])) from None
            if facet.kind is Kind.YEARS:
                low, high = self.years(name)
                if low is not None and high is not None and low > high:
                    raise QueryError(
                        f"the year range {low}-{high} is empty; swap {facet.params[0]} and {facet.params[1]}"
                    )


def _listed(value: str | Sequence[str]) -> list[str]:
    """A parameter's values as a list, without empty ones."""
    items = [value] if isinstance(value, str) else list(value)
    return [str(item) for item in items if str(item) != ""]


def _check_names(
    values: Mapping[str, list[str]], extra: Collection[str], spell: Callable[[str], str]
) -> None:
    """Refuse an unknown parameter, a single one given twice, too many values, text that is not text."""
    repeatable = {p for f in facets() if f.kind is Kind.KEYWORDS for p in f.params}
    accepted = [*GENERAL, *(p for f in facets() for p in f.params), *extra]
    for name, given in values.items():
        if name not in accepted:
            names = ", ".join(spell(p) for p in accepted)
            raise RequestError(f"unknown parameter {spell(name)!r}; accepted: {names}")
        if len(given) > 1 and name not in repeatable:
            raise RequestError(f"{spell(name)} may be given only once")
        if len(given) > MAX_VALUES:
            raise RequestError(f"{spell(name)} is given {len(given)} times; the limit is {MAX_VALUES}")
        for value in given:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise RequestError(
                    f"{spell(name)} is not valid text at character {exc.start + 1} (a byte that is not "
                    "UTF-8); check the terminal's encoding"
                ) from None


def _single(values: Mapping[str, list[str]], name: str) -> str:
    """A parameter given at most once ("" when absent)."""
    given = values.get(name, [])
    return given[0] if given else ""


def _filter(facet: Facet, values: Mapping[str, list[str]], spell: Callable[[str], str]) -> tuple[str, ...]:
    """The checked values of one facet's parameters (empty: no filter)."""
    if facet.kind is Kind.YEARS:
        low, high = (_year(values, param, spell) for param in facet.params[:2])
        if low and high and int(low) > int(high):
            raise RequestError(
                f"the year range {spell(facet.params[0])}={low} {spell(facet.params[1])}={high} is empty; "
                "swap them"
            )
        return (low, high) if low or high else ()
    given = values.get(facet.params[0], [])
    for value in given:
        _check_value(facet, facet.params[0], value, spell)
    return tuple(given)


def _check_value(facet: Facet, param: str, value: str, spell: Callable[[str], str]) -> None:
    """Refuse a value that cannot be a code (or language tag) of *facet*."""
    if facet.value is Value.LANGUAGE and not LANGUAGE.match(value):
        raise RequestError(f"{spell(param)}={value[:40]!r} is not a language tag such as en, th or zh-Hant")
    if facet.value is not Value.LANGUAGE and not CODE.match(value):
        raise RequestError(
            f"{spell(param)}={value[:40]!r} is not a valid code (letters, digits, and - _ . inside)"
        )


def _year(values: Mapping[str, list[str]], name: str, spell: Callable[[str], str]) -> str:
    """An optional four-digit year ("" when absent)."""
    raw = _single(values, name)
    if raw and not (raw.isascii() and YEAR.match(raw)):
        raise RequestError(f"{spell(name)} must be a four-digit year such as 2001, not {raw[:40]!r}")
    return raw


def _choice(
    values: Mapping[str, list[str]], name: str, choices: tuple[str, ...], spell: Callable[[str], str]
) -> str:
    """An optional parameter from a fixed list; the first choice is the default."""
    value = _single(values, name) or choices[0]
    if value not in choices:
        raise RequestError(f"{spell(name)} must be one of {', '.join(choices)}, not {value[:40]!r}")
    return value


def _bounded(
    values: Mapping[str, list[str]], name: str, high: int, default: int, spell: Callable[[str], str]
) -> int:
    """An optional whole number from 1 to *high*."""
    raw = _single(values, name)
    if raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6 or not 1 <= int(raw) <= high:
        raise RequestError(f"{spell(name)} must be a whole number from 1 to {high}, not {raw[:40]!r}")
    return int(raw)
