"""``crossings export``: the public edition handed to others (a Crossref deposit, a bulk zip)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from crossings.archive import EDITIONS, Archive
from crossings.cli.common import archive_option, json_option, open_archive, print_json
from crossings.errors import CrossingsError
from crossings.languages import Language, get
from crossings.locales import archive_languages, declared_language

F = TypeVar("F", bound=Callable[..., Any])


def _shared(func: F) -> F:
    """--output, --lang, --edition, --archive and --json."""
    func = click.option(
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Where to write it (default: under build/public/export/).",
    )(func)
    func = click.option(
        "--lang",
        default=None,
        help="Which language's public site (tag, e.g. th). Default: the archive's source language.",
    )(func)
    func = click.option(
        "--edition",
        type=click.Choice(EDITIONS),
        default="public",
        show_default=True,
        help="Only the public edition can be exported; internal is refused.",
    )(func)
    return json_option(archive_option(func))


def _language(archive: Archive, lang: str | None) -> Language:
    """The language asked for (declared in conf.py), else the archive's source language."""
    if lang is None:
        source, declared = archive_languages(archive)
        lang = source if source in declared else declared[0]
    return get(declared_language(archive, lang))


def _check_output(archive: Archive, output: Path | None) -> None:
    """Refuse an --output that would overwrite part of the archive or its built site (outside
    build/public/export/), a folder, or a file in a folder that does not exist."""
    if output is None:
        return
    target = output.expanduser().resolve()
    exports = (archive.edition_dir("public") / "export").resolve()
    if target.is_relative_to(archive.root.resolve()) and not target.is_relative_to(exports):
        raise CrossingsError(
            f"--output {output}: inside the archive, where it could replace one of its files; "
            f"write under {exports} or outside {archive.root}"
        )
    if target.is_dir():
        raise CrossingsError(f"--output {output}: a folder; give a file name")
    if not target.parent.is_dir():
        raise CrossingsError(f"--output {output}: no folder {target.parent}; create it first")


def _write_error(output: Path | None, exc: OSError) -> click.ClickException:
    """An operating-system error while writing, said in one line."""
    where = output if output is not None else exc.filename or "the export"
    return click.ClickException(f"cannot write {where}: {exc.strerror or exc}; nothing was written")


R = TypeVar("R")


def _export(
    action: str,
    write: Callable[[Archive, Language, Path | None], R],
    output: Path | None,
    lang: str | None,
    edition: str,
    archive_dir: Path,
) -> R:
    """Run one export action: the edition and --output checked first, every refusal and every
    operating-system error said in one line (exit 1), never a traceback."""
    from crossings.export.public import refuse_internal

    archive = open_archive(archive_dir)
    try:
        refuse_internal(edition, action)
        _check_output(archive, output)
        return write(archive, _language(archive, lang), output)
    except CrossingsError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise _write_error(output, exc) from exc


@click.group("export")
def command() -> None:
    """Hand the public edition to others: a Crossref deposit, or one zip of it all.

    Both read what `crossings build html` published for the public edition (run it first) and
    nothing else: restricted documents and withheld names never reach them. Each is scanned with
    the leak scanner of `crossings check --leaks` before it is written; a hit writes nothing.
    """


@command.command("crossref")
@_shared
def crossref(output: Path | None, lang: str | None, edition: str, archive_dir: Path, as_json: bool) -> None:
    """Write a Crossref deposit of the proceedings (build/public/export/crossref-<lang>.xml).

    One conference (name, place and dates of the book's event, vocabularies/events.csv), the
    proceedings (title, publisher, year: crossings_title, crossings_publisher,
    crossings_publisher_year) with the DOI <prefix>/<event>, and one conference paper per public
    document with its contributors, title, pages in the PDF proceedings (when `crossings build
    pdf` made them) and the DOI <prefix>/<event>.<id>, resolving to the document's page under
    crossings_base_url. conf.py must set crossings_doi_prefix, crossings_base_url,
    crossings_depositor_name and crossings_depositor_email; without them nothing is written.
    """
    from crossings.export.deposit import write_crossref

    report = _export("crossref", write_crossref, output, lang, edition, archive_dir)
    if as_json:
        print_json({"ok": True, **report.as_dict()})
        return
    click.echo(
        f"{report.path}: {len(report.papers)} conference papers, proceedings DOI {report.proceedings_doi}"
    )
    if report.pages_from:
        click.echo(f"  pages from {report.pages_from}")
    else:
        click.echo(f"  no pages: run `crossings build pdf --lang {report.lang}` to give each paper its pages")
    if report.withheld_contributors:
        click.echo(f"  {report.withheld_contributors} withheld names left out of the contributors")


@command.command("archive")
@_shared
def bulk(output: Path | None, lang: str | None, edition: str, archive_dir: Path, as_json: bool) -> None:
    """Write one zip of the public edition (build/public/export/crossings-archive-<lang>.zip).

    It holds catalog.csv (one row per public document; the file and encoding columns left out),
    sources/ (the MyST sources the public site was built from, withheld names replaced),
    papers/<id>.pdf and citations/all_documents.bib|.ris|.json when they were built, README.txt
    (the archive, its licence, what is left out and why) and MANIFEST.sha256 (check with
    `sha256sum -c MANIFEST.sha256`). What was not built is listed, with the command that builds it.
    """
    from crossings.export.bulk import make_archive

    report = _export("archive", make_archive, output, lang, edition, archive_dir)
    if as_json:
        print_json({"ok": True, **report.as_dict()})
        return
    click.echo(
        f"{report.path}: {report.files} files, {report.bytes / 1024:.0f} KB, sha256 {report.sha256}; "
        f"{len(report.documents)} documents, {len(report.papers)} PDFs, "
        f"{len(report.citations)} citation files"
    )
    for kind, names in report.not_built.items():
        if names:
            shown = ", ".join(names[:5]) + ("..." if len(names) > 5 else "")
            click.echo(f"  not built, left out: {len(names)} {kind} ({shown})")
    for line in report.build:
        click.echo(f"  to include them: {line}")
