"""``crossings ship``: copy what `crossings serve` needs of one edition into a replica folder."""

from __future__ import annotations

from pathlib import Path

import click

from crossings.archive import EDITIONS
from crossings.cli.common import archive_option, json_option, open_archive, print_json
from crossings.errors import CrossingsError
from crossings.replica.ship import ShipReport, ship


@click.command("ship")
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--edition", type=click.Choice(EDITIONS), default="public", show_default=True)
@click.option(
    "--i-understand-internal",
    "internal_ok",
    is_flag=True,
    help="Confirm shipping the internal edition (restricted documents, unredacted names).",
)
@archive_option
@json_option
def command(dest: Path, edition: str, internal_ok: bool, archive_dir: Path, as_json: bool) -> None:
    """Ship the built site, the search index of every language, the OAI-PMH records and the
    search settings of one edition into the replica folder DEST, for `crossings serve --archive
    DEST` on this or another machine.

    DEST is a new or empty folder (it becomes a replica) or a replica made by an earlier ship.
    A server running on DEST picks each part up whole, without a restart and without a failed
    request: the site is copied to a new folder and a link swapped to it, each index copied as a
    new generation (the state the last `crossings index` committed) made live in one step. The
    source may itself be a replica (--archive). Run it after `crossings build` and `crossings
    index` have finished; after a change of search/ settings, restart the replica's server.
    """
    if edition == "internal" and not internal_ok:
        raise click.UsageError(
            "the internal edition holds restricted documents and unredacted names; "
            "add --i-understand-internal to ship it"
        )
    archive = open_archive(archive_dir, replica=True)
    try:
        report = ship(archive, dest, edition)
    except CrossingsError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        print_json({"ok": True, **report.as_dict()})
    else:
        click.echo(_summary(report))


def _summary(report: ShipReport) -> str:
    """What the ship made live, one line per part."""
    site = report.site
    lines = [f"{report.replica} ({report.edition} edition), {report.seconds:.2f} s"]
    if site.unchanged:
        lines.append(f"site: unchanged ({site.folder})")
    else:
        lines.append(f"site: {site.folder}, {site.files} files ({site.copied} copied, {site.bytes} bytes)")
    for lang, shipped in report.indexes.items():
        what = "unchanged" if shipped.unchanged else f"{shipped.files} files, {shipped.bytes} bytes"
        source = f"{shipped.source_generation} commit {shipped.commit}"
        lines.append(f"search/{lang}: {shipped.generation} ({what}; from {source})")
    for lang in report.removed_indexes:
        lines.append(f"search/{lang}: removed (the source has no such index any more)")
    if report.records:
        lines.append("oai: " + ", ".join(report.records))
    if report.settings:
        changed = ", ".join(report.settings)
        lines.append(f"search settings: {changed}; restart the replica's `crossings serve` to use them")
    if site.skipped:
        lines.append("not shipped (symbolic links): " + ", ".join(site.skipped[:10]))
    return "\n".join(lines)
