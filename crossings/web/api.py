"""The JSON endpoints: /api/search, /api/facets and /healthz.

Every search request has one time budget (crossings.search.request.limits.TIME_BUDGET), started when it
arrives: waiting for a search process (crossings.web.admission) spends it too. An answer is
always sent: the search's own answer or error, or, should a search process not answer in time,
503 with ``Retry-After``. No message names a path on the server.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field, replace
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from crossings.search.engine.support import engine_status, read_counts
from crossings.search.indexing.errors import IndexMissing
from crossings.search.request.errors import QueryError
from crossings.search.request.search_request import SearchRequest
from crossings.web.admission import RETRY_AFTER, Admission, Busy
from crossings.web.codings import chosen_encoding
from crossings.web.errors import ApiError, error_response
from crossings.web.indexes import IndexPool
from crossings.web.params import search_request, ui_language
from crossings.web.searches import Counts, Reply, Searches
from crossings.web.site import Site
from crossings.web.withheld import Withdrawals
from crossings.web.workers import SearchProcessNotStarted, SearchWorkers

log = logging.getLogger("crossings.web")
query_log = logging.getLogger("crossings.web.queries")
GRACE = 0.4  # seconds past a budget that a search process may take to answer before a 503
BUSY = "the search service is busy; try again in a moment"
OVERDUE = "the search took too long on the server; try again in a moment"
GENERATION_HEADER = "X-Crossings-Generation"
COMMIT_HEADER = "X-Crossings-Commit"
NO_INDEX = "there is no search index for this edition yet; the operator must run `crossings index`"
NO_SEARCH = "the search service could not start on the server; the operator can see why in the log"


class Overdue(Exception):
    """A search process did not answer within the budget and its grace."""


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
    withdrawals: Withdrawals | None = None
    admission: Admission = field(init=False)

    def __post_init__(self) -> None:
        self.admission = Admission(self.workers.count if self.workers is not None else 1)

    @property
    def indexes(self) -> IndexPool:
        """The edition's search indexes (which languages and generations there are)."""
        return self.searches.indexes

    def index_language(self, wanted: str) -> str:
        """The index to search: the reader's language if indexed, else the default, else any."""
        indexed = {name.lower(): name for name in self.indexes.languages()}
        if not indexed:
            raise IndexMissing(NO_INDEX)
        for candidate in (wanted, self.site.default_language or "", "en"):
            if candidate.lower() in indexed:
                return indexed[candidate.lower()]
        return indexed[min(indexed)]

    async def answer(
        self, language: str, request: SearchRequest, facets_only: bool, encoding: str | None, deadline: float
    ) -> Reply:
        """The answer (body, Content-Encoding, index state), from a search process or a thread of this one,
        once admitted (Busy when none became free in time); Overdue when it did not come
        within the budget ending at *deadline* and GRACE."""
        await self.admission.acquire(deadline)
        if self.workers is not None:
            work = self.workers.answer(language, request, facets_only, encoding, deadline)
        else:
            work = run_in_threadpool(self.searches.answer, language, request, facets_only, encoding, deadline)
        search = asyncio.ensure_future(work)
        search.add_done_callback(self._settle)
        # asyncio.wait leaves the search running past the timeout (it still holds its slot).
        done, _ = await asyncio.wait((search,), timeout=max(0.0, deadline + GRACE - time.monotonic()))
        if not done:
            raise Overdue
        reply: Reply = search.result()
        return reply

    def _settle(self, search: asyncio.Future[Reply]) -> None:
        """A search ended (perhaps after its answer was sent): free its slot, and read its error
        so that none is reported as never retrieved."""
        self.admission.release()
        if not search.cancelled():
            search.exception()

    async def counts(self, language: str) -> Counts:
        """The generation, documents and sections of *language*'s index, but those withheld
        since the index was built (crossings.web.withheld)."""
        withheld = (await self.withdrawals.now()).ids if self.withdrawals is not None else frozenset()
        if self.workers is not None:
            return await self.workers.counts(language, withheld)
        counts: Counts = await run_in_threadpool(self.searches.counts, language, withheld)
        return counts

    def engine(self) -> dict[str, Any]:
        """Whether the search engine's fast paths run, and its read counts (fast, reused,
        declined to Whoosh's matchers) summed over the processes that search."""
        if self.workers is not None:
            return engine_status(self.workers.read_counts())
        return engine_status([read_counts()])

    def close(self) -> None:
        """Stop the search processes and release the open searchers."""
        if self.workers is not None:
            self.workers.close()
        self.indexes.close()


async def search_endpoint(request: Request) -> Response:
    """GET /api/search: hits, facets and a suggestion in the JSON the README documents."""
    return await _answer(request, facets_only=False)


async def facets_endpoint(request: Request) -> Response:
    """GET /api/facets: the facet counts of a query (of every document when q is empty)."""
    return await _answer(request, facets_only=True)


async def _answer(request: Request, *, facets_only: bool) -> Response:
    """Check the parameters, run the search (in a search process or a thread) and turn every
    failure into a JSON error."""
    service: Service = request.app.state.service
    deadline = time.monotonic() + service.searches.time_limit
    try:
        wanted = search_request(request.query_params)
        if facets_only:
            wanted = replace(wanted, limit=1, page=1)
        if service.withdrawals is not None:  # left out before paging, counting and suggesting
            wanted = replace(wanted, withheld=(await service.withdrawals.now()).ids)
        language = service.index_language(ui_language(request.query_params))
        if service.log_queries:
            query_log.info("search %s %r", language, wanted)
        encoding = chosen_encoding(request.headers.get("accept-encoding", ""))
        reply = await service.answer(language, wanted, facets_only, encoding, deadline)
        body, used, (generation, commit) = reply
    except ApiError as exc:
        return error_response(exc.status, str(exc))
    except QueryError as exc:  # includes QueryTimeout: the reader can narrow the query
        return error_response(400, str(exc))
    except Busy:
        return error_response(503, BUSY, retry_after=RETRY_AFTER)
    except Overdue:
        log.warning("a search process answered later than the budget and its grace")
        return error_response(503, OVERDUE, retry_after=RETRY_AFTER)
    except IndexMissing:  # its message names the index folder: not for the reader
        return error_response(503, NO_INDEX)
    except SearchProcessNotStarted as exc:  # its message names the interpreter: not for the reader
        log.error("%s", exc)
        return error_response(503, NO_SEARCH)
    except Exception:  # never a traceback to the reader; the log has it (without the query)
        log.exception("search failed")
        return error_response(500, "the search failed on the server; the operator can see why in the log")
    # Which index state answered: replicas shipped the same state name the same generation.
    headers = {"Vary": "Accept-Encoding", GENERATION_HEADER: generation, COMMIT_HEADER: str(commit)}
    if used is not None:  # compressed where the search ran; the compression middleware passes it on
        headers["Content-Encoding"] = used
    return Response(body, media_type="application/json", headers=headers)


async def health_endpoint(request: Request) -> Response:
    """GET /healthz: the status, each index's generation and counts (documents, sections), and
    the engine's (fast paths on, reads fast and declined: a fallback shows here)."""
    service: Service = request.app.state.service
    healthy = bool(service.site.languages())
    indexes: dict[str, Any] = {}
    for language in service.indexes.languages():
        try:
            generation, documents, sections = await service.counts(language)
        except SearchProcessNotStarted as exc:  # not the index's fault: the log says what ran
            log.error("the %s index cannot be searched: %s", language, exc)
            indexes[language] = {"status": "unavailable"}
            healthy = False
            continue
        except Exception:  # report a broken index here rather than fail the check; the log says why
            log.exception("the %s index cannot be read", language)
            indexes[language] = {"status": "unavailable"}
            healthy = False
            continue
        indexes[language] = {"generation": generation, "documents": documents, "sections": sections}
    status = "ok" if healthy else "unavailable"
    body = {"status": status, "indexes": indexes, "engine": service.engine()}
    return JSONResponse(body, status_code=200 if healthy else 503)


async def api_not_found(request: Request) -> Response:
    """Any other /api path: a JSON 404."""
    return error_response(404, f"no API endpoint at {request.url.path[:100]}; use /api/search or /api/facets")
