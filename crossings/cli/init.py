"""``crossings init DIR``: a new, empty archive that checks and builds."""

from __future__ import annotations

from pathlib import Path

import click

from crossings.errors import CrossingsError
from crossings.init import checked_contact, create_archive


def _checked_contact(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    """--contact: one e-mail address (a usage error otherwise)."""
    try:
        checked_contact(value)
    except CrossingsError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="A crossings archive", show_default=True, help="The archive's title.")
@click.option(
    "--contact",
    default="",
    metavar="EMAIL",
    callback=_checked_contact,
    help="Who OAI-PMH harvesters write to (crossings_oai_admin_email in conf.py); without it "
    "OAI-PMH stays off until conf.py names one.",
)
def command(directory: Path, title: str, contact: str) -> None:
    """Create a new empty archive in DIRECTORY.

    Writes reports/catalog.csv (header only), the default vocabularies, conf.py,
    source/index.md, a Makefile and a .gitignore. DIRECTORY may exist but must not
    already hold an archive.
    """
    try:
        created = create_archive(directory, title, contact)
    except CrossingsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {len(created)} files in {directory}; next: add files to {directory / 'reports'}")
