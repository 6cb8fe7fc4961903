"""``create_app``: the site of one edition, its search API and the protective layers around them."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from crossings.archive import Archive
from crossings.oai.protocol import PAGE_SIZE
from crossings.search.request.limits import TIME_BUDGET
from crossings.web.api import (
    Service,
    api_not_found,
    facets_endpoint,
    health_endpoint,
    search_endpoint,
)
from crossings.web.cache import DEFAULT_ENTRIES, ResultCache
from crossings.web.compress import Compression
from crossings.web.csp import PagePolicy
from crossings.web.errors import error_response
from crossings.web.headers import SecurityHeaders, is_api
from crossings.web.indexes import IndexPool
from crossings.web.oai import OaiRecords, OaiService, oai_endpoint
from crossings.web.searches import Searches
from crossings.web.site import Site, not_found_page, serve_site
from crossings.web.withheld import Withdrawals
from crossings.web.workers import SearchWorkers, WorkerSetup

READ_METHODS = ["GET", "HEAD"]


def create_app(
    archive: Archive,
    edition: str = "public",
    *,
    log_queries: bool = False,
    default_language: str | None = None,
    time_limit: float | None = None,
    cache_entries: int = DEFAULT_ENTRIES,
    search_workers: int = 1,
    oai_page_size: int = PAGE_SIZE,
) -> Starlette:
    """The ASGI app serving ``build/<edition>/html/<lang>/`` and the search of that edition.

    *search_workers* above 1 runs the searches in that many processes (crossings.web.workers).
    ``/oai`` answers OAI-PMH from ``build/<edition>/oai/`` with *oai_page_size* items per page.
    The public edition refuses, in every part, the documents the catalog withholds now
    (crossings.web.withheld), without waiting for the next build.
    """
    edition_dir = archive.edition_dir(edition)
    site = Site(edition_dir / "html", default_language)
    limit = TIME_BUDGET if time_limit is None else time_limit
    indexes = IndexPool(edition_dir / "search")
    withdrawals = Withdrawals(archive, edition, site.root)
    workers = None
    if search_workers > 1:
        setup = WorkerSetup(str(indexes.root), str(archive.search_settings), limit, cache_entries)
        workers = SearchWorkers(setup, search_workers)
    service = Service(
        edition,
        site,
        Searches(indexes, _settings(archive), limit, ResultCache(cache_entries)),
        workers,
        log_queries=log_queries,
        withdrawals=withdrawals,
    )

    async def site_endpoint(request: Request) -> Response:
        """Any other path: a file of the built site, or the plain 404 page."""
        return await serve_site(request, site, await withdrawals.now())

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        """Start the search processes; stop them and close the open searchers when the server stops."""
        if service.workers is not None:
            await service.workers.start()
        yield
        service.close()

    app = Starlette(
        routes=[
            Route("/api/search", search_endpoint, methods=READ_METHODS),
            Route("/api/facets", facets_endpoint, methods=READ_METHODS),
            Route("/healthz", health_endpoint, methods=READ_METHODS),
            Route("/oai", oai_endpoint, methods=[*READ_METHODS, "POST"]),
            Route("/api", api_not_found, methods=READ_METHODS),
            Route("/api/{rest:path}", api_not_found, methods=READ_METHODS),
            Route("/{path:path}", site_endpoint, methods=READ_METHODS),
        ],
        middleware=[
            Middleware(SecurityHeaders, page_policy=PagePolicy(site.root).current),
            Middleware(Compression),
        ],
        exception_handlers={HTTPException: _http_error},
        lifespan=lifespan,
    )
    app.state.service = service
    app.state.withdrawals = withdrawals
    records = OaiRecords(edition_dir / "oai", edition, default_language)
    app.state.oai = OaiService(records, oai_page_size)
    return app


async def _http_error(request: Request, exc: Exception) -> Response:
    """Routing errors (405 and the like): JSON under /api, a plain page elsewhere; the error's
    headers (a 405's Allow) kept."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    headers = dict(getattr(exc, "headers", None) or {})
    if is_api(request.url.path):
        return error_response(status, str(getattr(exc, "detail", "")) or "request refused", headers=headers)
    if status == 404:
        service = getattr(request.app.state, "service", None)
        return not_found_page(request, service.site if service is not None else None)
    return Response(
        f"{status}\n", status_code=status, media_type="text/plain; charset=utf-8", headers=headers
    )


def _settings(archive: Archive) -> Any:
    """The archive's search settings (synonyms, boosts), read once at start."""
    from crossings.search.text.config import load_settings

    return load_settings(archive.search_settings)
