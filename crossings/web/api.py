"""The JSON endpoints: /api/search, /api/facets and /healthz."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from crossings.search.errors import IndexMissing, QueryError
from crossings.search.query import SearchRequest
from crossings.web.cache import Answer
from crossings.web.compress import chosen_encoding
from crossings.web.errors import ApiError, error_response
from crossings.web.indexes import IndexPool
from crossings.web.params import search_request, ui_language
from crossings.web.searches import Searches
from crossings.web.site import Site
from crossings.web.workers import SearchWorkers

log = logging.getLogger("crossings.web")
query_log = logging.getLogger("crossings.web.queries")


@dataclass
class Service:
    """What the endpoints share: the edition's site, its indexes and where searches run.

    *searches* answers in this process (in a thread); with *workers*, searches run in the
    search processes instead and *searches* is not used for them.
    """

    edition: str
    site: Site
    searches: Searches
    workers: SearchWorkers | None = None
    log_queries: bool = False

    @property
    def indexes(self) -> IndexPool:
        """The edition's search indexes (which languages and generations there are)."""
        return self.searches.indexes

    def index_language(self, wanted: str) -> str:
        """The index to search: the reader's language if indexed, else the default, else any."""
        indexed = {name.lower(): name for name in self.indexes.languages()}
        if not indexed:
            raise IndexMissing(f"no search index for the {self.edition} edition yet; run `crossings index`")
        for candidate in (wanted, self.site.default_language or "", "en"):
            if candidate.lower() in indexed:
                return indexed[candidate.lower()]
        return indexed[min(indexed)]

    async def answer(
        self, language: str, request: SearchRequest, facets_only: bool, encoding: str | None
    ) -> Answer:
        """The answer (body, Content-Encoding), from a search process or a thread of this one."""
        if self.workers is not None:
            return await self.workers.answer(language, request, facets_only, encoding)
        answer: Answer = await run_in_threadpool(
            self.searches.answer, language, request, facets_only, encoding
        )
        return answer

    async def doc_count(self, language: str) -> int:
        """The number of live sections of *language*'s index."""
        if self.workers is not None:
            return await self.workers.doc_count(language)
        count: int = await run_in_threadpool(self.searches.doc_count, language)
        return count

    def close(self) -> None:
        """Stop the search processes and release the open searchers."""
        if self.workers is not None:
            self.workers.close()
        self.indexes.close()


async def search_endpoint(request: Request) -> Response:
    """GET /api/search: hits, facets and a suggestion in the JSON of DESIGN.md."""
    return await _answer(request, facets_only=False)


async def facets_endpoint(request: Request) -> Response:
    """GET /api/facets: the facet counts of a query (of every document when q is empty)."""
    return await _answer(request, facets_only=True)


async def _answer(request: Request, *, facets_only: bool) -> Response:
    """Check the parameters, run the search (in a search process or a thread) and turn every
    failure into a JSON error."""
    service: Service = request.app.state.service
    try:
        wanted = search_request(request.query_params)
        if facets_only:
            wanted = replace(wanted, limit=1, page=1)
        language = service.index_language(ui_language(request.query_params))
        if service.log_queries:
            query_log.info("search %s %r", language, wanted)
        encoding = chosen_encoding(request.headers.get("accept-encoding", ""))
        body, used = await service.answer(language, wanted, facets_only, encoding)
    except ApiError as exc:
        return error_response(exc.status, str(exc))
    except QueryError as exc:  # includes QueryTimeout: the reader can narrow the query
        return error_response(400, str(exc))
    except IndexMissing as exc:
        return error_response(503, str(exc))
    except Exception:  # never a traceback to the reader; the log has it (without the query)
        log.exception("search failed")
        return error_response(500, "the search failed on the server; the operator can see why in the log")
    headers = {"Vary": "Accept-Encoding"}
    if used is not None:  # compressed where the search ran; the compression middleware passes it on
        headers["Content-Encoding"] = used
    return Response(body, media_type="application/json", headers=headers)


async def health_endpoint(request: Request) -> Response:
    """GET /healthz: the built site languages, each index's generation and document count."""
    service: Service = request.app.state.service
    indexes: dict[str, Any] = {}
    for language in service.indexes.languages():
        try:
            count = await service.doc_count(language)
        except Exception as exc:  # report a broken index here rather than fail the check
            indexes[language] = {"generation": service.indexes.generation(language), "error": str(exc)}
            continue
        indexes[language] = {"generation": service.indexes.generation(language), "documents": count}
    site = service.site.languages()
    return JSONResponse(
        {"ok": bool(site), "edition": service.edition, "site": site, "indexes": indexes},
        status_code=200 if site else 503,
    )


async def api_not_found(request: Request) -> Response:
    """Any other /api path: a JSON 404."""
    return error_response(404, f"no API endpoint at {request.url.path[:100]}; use /api/search or /api/facets")
