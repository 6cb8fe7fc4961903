"""Options and helpers shared by every command."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from crossings.archive import Archive
from crossings.errors import CrossingsError

F = TypeVar("F", bound=Callable[..., Any])


def archive_option(func: F) -> F:
    """Add ``--archive DIR`` (default: the current folder)."""
    return click.option(
        "--archive",
        "archive_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path(),
        show_default="the current folder",
        help="The archive's root folder (the one holding reports/catalog.csv).",
    )(func)


def json_option(func: F) -> F:
    """Add ``--json``: one JSON document on stdout instead of text."""
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON document to stdout.")(func)


def open_archive(path: Path, *, replica: bool = False) -> Archive:
    """Open the archive (with *replica*, or a replica made by `crossings ship`) or exit 1 with a
    message saying what is missing."""
    try:
        return Archive.at(path, replica=replica)
    except CrossingsError as exc:
        raise click.ClickException(str(exc)) from exc


def print_json(data: object) -> None:
    """Write *data* as one JSON document to stdout."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def interactive() -> bool:
    """True when progress bars may be drawn (a terminal, not CI or a pipe)."""
    import os

    return sys.stderr.isatty() and not os.environ.get("CI")
