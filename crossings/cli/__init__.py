"""The ``crossings`` command line: one subcommand per job, each in its own module."""

from __future__ import annotations

import importlib

import click

from crossings import __version__

# Each name is a module crossings.cli.<name> defining a click command called ``command``.
COMMANDS = ("init", "check", "ingest", "index", "search", "serve", "build", "translate")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="crossings")
def main() -> None:
    """Turn a conference's contributed papers into a multilingual, searchable, citable archive.

    Every command works on the archive in the current folder, or the one given with
    --archive DIR. Exit status: 0 on success, 1 when the work failed (the message says what
    and where), 2 on misuse.
    """


for _name in COMMANDS:
    main.add_command(importlib.import_module(f"crossings.cli.{_name}").command)
