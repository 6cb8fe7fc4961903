"""``crossings ingest``: contributed files in reports/ become MyST documents under source/documents/."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from crossings.cli.common import archive_option, interactive, json_option, open_archive, print_json
from crossings.errors import CrossingsError
from crossings.ingest.outcome import Outcome, counts, summary_lines

if TYPE_CHECKING:
    from crossings.ingest.convert import Job


@click.command("ingest")
@archive_option
@click.option("--only", "only", multiple=True, metavar="ID", help="Ingest only this document (repeatable).")
@click.option(
    "--force",
    "force",
    multiple=True,
    metavar="ID",
    help="Re-convert this document even if an editor changed it; the edited file is kept in "
    "backups/documents/ (repeatable).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Documents converted in parallel.",
    show_default="the number of cores",
)
@json_option
def command(
    archive_dir: Path, only: tuple[str, ...], force: tuple[str, ...], jobs: int | None, as_json: bool
) -> None:
    """Convert every original listed in reports/catalog.csv into source/documents/<id>.md.

    Each file is checked (type from its bytes, zip containers, text encoding), converted by
    a sandboxed pandoc and made safe (no raw HTML, only http/https/mailto links, only the
    file's own images). Documents whose original and text are unchanged are skipped; a
    document an editor has changed is never overwritten unless named with --force, but the
    catalog's fields (access first) are always brought into its front matter. Prints a summary
    (converted, updated, metadata-updated, unchanged, edited-kept, failed with the reason per
    file); exit 1 if any file failed.
    """
    from crossings.ingest import batch  # imported here: pandoc and codecs load only for this command

    archive = open_archive(archive_dir)
    try:
        jobs_to_run, result = batch.plan(archive, only, force)
    except CrossingsError as exc:
        raise click.UsageError(str(exc)) from exc
    workers = jobs or os.cpu_count() or 1
    try:
        result.outcomes += _run(jobs_to_run, workers)
    except KeyboardInterrupt:
        raise click.ClickException("interrupted; every document written so far is complete") from None
    result.outcomes.sort(key=lambda outcome: outcome.id)
    if as_json:
        print_json(
            {
                "ok": result.ok,
                "counts": counts(result.outcomes),
                "documents": [outcome.as_dict() for outcome in result.outcomes],
                "problems": [problem.as_dict() for problem in result.problems],
            }
        )
    else:
        for problem in result.problems:
            click.echo(str(problem), err=True)
        for line in summary_lines(result.outcomes):
            click.echo(line)
    if not result.ok:
        raise SystemExit(1)


def _run(jobs: list[Job], workers: int) -> list[Outcome]:
    """Run the batch, with a progress bar on stderr when a person is watching."""
    from crossings.ingest import batch

    if not interactive() or not jobs:
        return [outcome for done in batch.run(jobs, workers) for outcome in done]
    outcomes = []
    with click.progressbar(length=len(jobs), label="Ingesting", file=sys.stderr) as bar:
        for done in batch.run(jobs, workers):
            outcomes += done
            bar.update(len(done))
    return outcomes
