"""The ``crossings`` command line: one subcommand per job, each in its own module.

Subcommands are imported when they run, so that ``crossings ingest`` does not pay for Sphinx,
Whoosh and the web server at start-up (and each worker process it forks starts lighter).
"""

from __future__ import annotations

import importlib
import signal
import sys
import threading

import click

from crossings import __version__

# Each name is a module crossings.cli.<name> defining a click command called ``command``.
COMMANDS = (
    "init",
    "check",
    "ingest",
    "build",
    "index",
    "search",
    "serve",
    "ship",
    "translate",
    "bundle",
    "export",
)


def _terminated(signum: int, _frame: object) -> None:
    """SIGTERM: leave as an interrupted command does (exit status 128 + 15)."""
    sys.stderr.write("crossings: terminated\n")
    raise SystemExit(128 + signum)


class LazyGroup(click.Group):
    """A group whose commands are imported from crossings.cli.<name> on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command, in the order of COMMANDS."""
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import the command's module, or None for an unknown name (click then says so)."""
        if cmd_name not in COMMANDS:
            return None
        command: click.Command = importlib.import_module(f"crossings.cli.{cmd_name}").command
        return command

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; output the reader stopped reading (``| head``) ends it quietly with
        a one-line note and exit 1 (click's own handling of the broken pipe), never a traceback.

        A termination signal (``kill``, a service manager stopping the job) ends the command as
        Ctrl-C does: the stack unwinds, so scratch and staging folders are removed and no file is
        left half-written (``crossings serve`` installs its own handlers)."""
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _terminated)
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # inside click's handling, not at interpreter exit
        except BrokenPipeError:
            sys.stderr.write("crossings: the output was closed before everything was written\n")
            raise
        return result


@click.group(
    cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.version_option(__version__, prog_name="crossings")
def main() -> None:
    """Turn a conference's contributed papers into a multilingual, searchable, citable archive.

    Every command works on the archive in the current folder, or the one given with
    --archive DIR. Exit status: 0 on success, 1 when the work failed (the message says what
    and where), 2 on misuse.
    """
