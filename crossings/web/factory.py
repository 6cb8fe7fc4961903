"""Building the app in the uvicorn server process, from settings passed in the environment.

Uvicorn imports the app by name (the factory form, which also serves ``--reload``-style
restarts and process managers), so ``crossings serve`` hands it its options through one
environment variable rather than Python objects.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass

from starlette.applications import Starlette

from crossings.archive import Archive
from crossings.errors import CrossingsError
from crossings.oai.protocol import PAGE_SIZE
from crossings.web.app import create_app
from crossings.web.cache import DEFAULT_ENTRIES

ENVIRON_KEY = "CROSSINGS_SERVE_OPTIONS"
APP_FACTORY = "crossings.web.factory:app_from_environ"


@dataclass(frozen=True)
class ServeOptions:
    """What the server process needs to build the app (and hand its search processes)."""

    archive: str
    edition: str = "public"
    log_queries: bool = False
    cache_entries: int = DEFAULT_ENTRIES
    search_workers: int = 1
    oai_page_size: int = PAGE_SIZE

    def to_environ(self) -> None:
        """Put these options where the server process reads them."""
        os.environ[ENVIRON_KEY] = json.dumps(asdict(self))


def app_from_environ() -> Starlette:
    """The app described by the options ``crossings serve`` put in the environment."""
    raw = os.environ.get(ENVIRON_KEY)
    if not raw:
        raise CrossingsError(f"{ENVIRON_KEY} is not set; start the server with `crossings serve`")
    options = ServeOptions(**json.loads(raw))
    archive = Archive.at(options.archive, replica=True)
    return create_app(
        archive,
        options.edition,
        log_queries=options.log_queries,
        cache_entries=options.cache_entries,
        search_workers=options.search_workers,
        oai_page_size=options.oai_page_size,
    )
