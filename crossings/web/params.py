"""Reading /api/search's query string into a SearchRequest, refusing what is out of bounds.

The parameters are those of crossings.search.request.search_request (``q``, ``sort``, ``page``, ``limit`` and
each facet's, from crossings.search.registry) plus ``ui``, the reader's site language.
"""

from __future__ import annotations

from starlette.datastructures import QueryParams

from crossings.search.request.search_request import LANGUAGE, RequestError, SearchRequest
from crossings.web.errors import ApiError

WEB_ONLY = ("ui",)


def search_request(params: QueryParams) -> SearchRequest:
    """The SearchRequest *params* describe; ApiError(400) naming the parameter at fault."""
    try:
        ui_language(params)
        return SearchRequest.from_params({name: params.getlist(name) for name in params}, extra=WEB_ONLY)
    except RequestError as exc:
        raise ApiError(400, str(exc)) from None


def ui_language(params: QueryParams) -> str:
    """The reader's site language (``ui``), which picks the index; empty when not given."""
    value = params.get("ui", "")
    if value and not LANGUAGE.match(value):
        raise ApiError(400, f"ui={value[:40]!r} is not a language tag such as en, th or zh-Hant")
    if len(params.getlist("ui")) > 1:
        raise ApiError(400, "ui may be given only once")
    return value
