"""``/oai``: the OAI-PMH 2.0 endpoint of the served edition (GET, HEAD, and POST of a form).

The records are those the last HTML build wrote (``build/<edition>/oai/<lang>.json``, one file
per built language; the service answers from the default language's, else English, else the
first). The file is read once and read again when a build replaces it (its size, time or inode
changed), so a rebuild is served without a restart, like a new index generation. The public
edition drops any record not marked public, whatever the file says, and any record of a document
withdrawn since (crossings.web.withheld). An archive without a contact address for harvesters
(``crossings_oai_admin_email``) answers no verb: 503, saying to set it. Resumption tokens are
signed with a secret made when the server starts: a restart ends the lists in progress
(badResumptionToken, and the harvester starts the list again).
"""

from __future__ import annotations

import secrets
import threading
from pathlib import Path
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response

from crossings.oai import protocol
from crossings.oai.repository import BadRecords, Repository, read

MEDIA_TYPE = "text/xml; charset=utf-8"
FORM = "application/x-www-form-urlencoded"
MAX_BODY = 64 * 1024  # bytes of a POSTed form; OAI-PMH arguments are a few hundred at most
# Said to anyone who asks: no folder of the server is named (the operator knows where builds go).
NO_RECORDS = "no OAI-PMH records yet; build the site again (`crossings build html`) to write them\n"


class OaiRecords:
    """The records file of one edition, reloaded when a build replaces it."""

    def __init__(self, root: Path, edition: str, default_language: str | None = None) -> None:
        self.root = root
        self.edition = edition
        self.default_language = default_language
        self._guard = threading.Lock()
        self._loaded: tuple[tuple[str, int, int, int], Repository] | None = None
        self._without: tuple[Repository, frozenset[str], Repository] | None = None

    def path(self) -> Path | None:
        """The records file to answer from, or None when no build wrote one."""
        if not self.root.is_dir():
            return None
        found = sorted(p for p in self.root.glob("*.json") if p.is_file())
        for wanted in (self.default_language, "en"):
            for path in found:
                if wanted and path.stem.lower() == wanted.lower():
                    return path
        return found[0] if found else None

    def current(self) -> Repository | None:
        """The repository of the newest records file (None when there is none or it is unreadable)."""
        path = self.path()
        if path is None:
            return None
        try:
            info = path.stat()
        except OSError:
            return None
        key = (str(path), info.st_mtime_ns, info.st_size, info.st_ino)
        with self._guard:
            if self._loaded is None or self._loaded[0] != key:
                try:
                    repository = read(path)
                except (OSError, BadRecords):
                    return None
                if self.edition == "public":
                    repository = repository.public()
                self._loaded = (key, repository)
            return self._loaded[1]

    def published(self, withheld: frozenset[str]) -> Repository | None:
        """:meth:`current` without the records of the documents *withheld* (ids, lower-case) names:
        withdrawn since the records file was written (crossings.web.withheld)."""
        repository = self.current()
        if repository is None or not withheld:
            return repository
        with self._guard:
            if self._without is None or self._without[0] is not repository or self._without[1] != withheld:
                self._without = (repository, withheld, repository.without(withheld))
            return self._without[2]


class OaiService:
    """What ``/oai`` needs: the records, the token secret, the page size."""

    def __init__(self, records: OaiRecords, page_size: int = protocol.PAGE_SIZE) -> None:
        self.records = records
        self.page_size = page_size
        self.secret = secrets.token_bytes(32)


async def request_arguments(request: Request) -> list[tuple[str, str]] | str:
    """The OAI-PMH arguments of a GET's query or a POSTed form; a str says why they cannot be read."""
    if request.method != "POST":
        return list(request.query_params.multi_items())
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != FORM:
        return f"a POST must send its arguments as {FORM}, not {kind or 'no content type'}"
    if request.query_params:
        return "a POST carries its arguments in the body only, not in the URL"
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return f"the form is longer than {MAX_BODY} bytes"
    try:
        return parse_qsl(body.decode("utf-8"), keep_blank_values=True)
    except (UnicodeDecodeError, ValueError):
        return "the form is not valid UTF-8 form encoding"


async def oai_endpoint(request: Request) -> Response:
    """Answer one OAI-PMH request of the served edition."""
    service: OaiService = request.app.state.oai
    withheld = await request.app.state.withdrawals.now()
    repository = service.records.published(withheld.ids)
    if repository is None:
        return Response(NO_RECORDS, 503, media_type="text/plain; charset=utf-8")
    if not protocol.admin_email(repository):
        # Identify must name a contact, and none is guessed: no verb is answered without one.
        return Response(protocol.NO_CONTACT + "\n", 503, media_type="text/plain; charset=utf-8")
    context = protocol.Context(
        base_url=str(request.url.replace(query="", fragment="")),
        secret=service.secret,
        page_size=service.page_size,
        host=request.url.hostname or "",
    )
    arguments = await request_arguments(request)
    if isinstance(arguments, str):
        body = protocol.refusal("badArgument", arguments, context)
    else:
        body = protocol.answer(repository, arguments, context)
    return Response(body, media_type=MEDIA_TYPE, headers={"Cache-Control": "no-cache"})
