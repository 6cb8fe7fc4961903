"""``crossings serve``: the online archive (site and search API) of one edition."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from crossings.cli.common import archive_option, open_archive
from crossings.oai.protocol import NO_CONTACT, PAGE_SIZE, admin_email
from crossings.web.cache import DEFAULT_ENTRIES
from crossings.web.factory import APP_FACTORY, ServeOptions
from crossings.web.oai import OaiRecords
from crossings.web.protocol import KEEP_ALIVE, READ_TIMEOUT, timed_protocol
from crossings.web.site import Site

LOOPBACK = "127.0.0.1"
# On SIGTERM, requests still running get this long to finish before the worker stops anyway.
GRACE_SECONDS = 10


@click.command("serve")
@archive_option
@click.option("--host", default=None, help="Address to listen on.  [default: 127.0.0.1]")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port.")
@click.option(
    "--edition",
    type=click.Choice(["public", "internal"]),
    default="public",
    show_default=True,
    help="Which edition to serve; internal needs --i-understand-internal.",
)
@click.option(
    "--i-understand-internal",
    "internal_ok",
    is_flag=True,
    help="Confirm serving the internal edition (restricted documents, unredacted names).",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Search processes (about one per core); 1: searches run in the server process.",
)
@click.option(
    "--log-queries",
    is_flag=True,
    help="Log requests with their query strings (off by default: readers' searches can be sensitive).",
)
@click.option(
    "--cache",
    "cache_entries",
    default=DEFAULT_ENTRIES,
    show_default=True,
    type=click.IntRange(0, 100_000),
    help="Answers kept in memory per search process (0: none); a new index run makes old ones unreachable.",
)
@click.option(
    "--read-timeout",
    default=READ_TIMEOUT,
    show_default=True,
    type=click.FloatRange(0.5, 300),
    metavar="SECONDS",
    help="A request's headers, then its body, must arrive within this; slower connections get 408.",
)
@click.option(
    "--oai-page-size",
    default=PAGE_SIZE,
    show_default=True,
    type=click.IntRange(1, 1000),
    metavar="N",
    help="Records, identifiers or sets per OAI-PMH response at /oai; the rest follows a resumption token.",
)
def command(
    archive_dir: Path,
    host: str | None,
    port: int,
    edition: str,
    internal_ok: bool,
    workers: int,
    log_queries: bool,
    cache_entries: int,
    read_timeout: float,
    oai_page_size: int,
) -> None:
    """Serve the built site, its search API (GET /api/search, /api/facets, /healthz) and OAI-PMH (/oai).

    Serves build/<edition>/html/<lang>/ under /<lang>/ and the index under
    build/<edition>/search/<lang>/, picking up a new index without a restart. --archive may
    be a replica made by `crossings ship` (several replicas behind a reverse proxy). Listens on
    127.0.0.1 unless --host says otherwise; the internal edition needs
    --i-understand-internal. Requests are not logged unless --log-queries is given.
    /oai answers the six OAI-PMH 2.0 verbs (GET or POST) from the records the last HTML
    build wrote (build/<edition>/oai/), once conf.py names a contact for harvesters
    (crossings_oai_admin_email); without one it answers 503 saying to set it.
    With --workers N above 1, one process serves every connection and hands the searches to N
    search processes, whichever is free. Each search has 2 s for everything it does; when every
    search process stays busy for a second, a search gets 503 with Retry-After. On SIGTERM it
    stops taking connections and gives running requests 10 s to finish.
    """
    if edition == "internal" and not internal_ok:
        raise click.UsageError(
            "the internal edition holds restricted documents and unredacted names; "
            "add --i-understand-internal to serve it (it listens on 127.0.0.1 unless --host is given)"
        )
    archive = open_archive(archive_dir, replica=True)
    site = Site(archive.edition_dir(edition) / "html")
    if not site.languages():
        raise click.ClickException(
            f"{site.root}: no built site; run `crossings build html --edition {edition}` first"
        )
    host = host or LOOPBACK
    if edition == "internal" and not _loopback(host):
        click.echo(f"warning: the internal edition is reachable from other machines on {host}", err=True)
    records = OaiRecords(archive.edition_dir(edition) / "oai", edition).current()
    if records is not None and not admin_email(records):
        click.echo(f"warning: {NO_CONTACT}", err=True)
    ServeOptions(str(archive.root), edition, log_queries, cache_entries, workers, oai_page_size).to_environ()
    import uvicorn

    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        access_log=log_queries,
        server_header=False,
        http=timed_protocol(read_timeout),
        timeout_keep_alive=KEEP_ALIVE,
        log_level="info",
        timeout_graceful_shutdown=GRACE_SECONDS,
    )


def _loopback(host: str) -> bool:
    """True for a loopback address or localhost."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
