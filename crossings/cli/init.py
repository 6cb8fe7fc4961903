"""``crossings init DIR``: a new, empty archive that checks and builds."""

from __future__ import annotations

from pathlib import Path

import click

from crossings.errors import CrossingsError
from crossings.init import create_archive


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="A crossings archive", show_default=True, help="The archive's title.")
def command(directory: Path, title: str) -> None:
    """Create a new empty archive in DIRECTORY.

    Writes reports/catalog.csv (header only), the default vocabularies, conf.py,
    source/index.md, a Makefile and a .gitignore. DIRECTORY may exist but must not
    already hold an archive.
    """
    try:
        created = create_archive(directory, title)
    except CrossingsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {len(created)} files in {directory}; next: add files to {directory / 'reports'}")
