"""``crossings check``: validate the catalog, vocabularies and files on disk."""

from __future__ import annotations

from pathlib import Path

import click

from crossings.catalog.load import load_catalog
from crossings.cli.common import archive_option, json_option, open_archive, print_json


@click.command("check")
@archive_option
@json_option
def command(archive_dir: Path, as_json: bool) -> None:
    """Check catalog.csv against the vocabularies and the files in reports/.

    Reports every problem at once, each with its file, line, row and column: missing
    or unlisted files, duplicate ids or files, unknown countries, themes, types, events or
    sessions, bad dates, access values and route chains. Exit 1 if there is any error.
    """
    archive = open_archive(archive_dir)
    catalog = load_catalog(archive)
    problems = catalog.problems
    errors = [p for p in problems if p.severity == "error"]
    if as_json:
        print_json(
            {
                "ok": not errors,
                "documents": len(catalog.documents),
                "problems": [p.as_dict() for p in problems],
            }
        )
    else:
        for problem in problems:
            click.echo(str(problem))
        summary = f"{len(catalog.documents)} documents checked, {len(errors)} errors"
        click.echo(summary, err=bool(errors))
    if errors:
        raise SystemExit(1)
