"""``crossings check``: validate the catalog, vocabularies and files on disk; or scan for leaks."""

from __future__ import annotations

from pathlib import Path

import click

from crossings.archive import EDITIONS, Archive
from crossings.catalog.access import Holdings
from crossings.catalog.agreement import document_problems
from crossings.catalog.load import load_catalog
from crossings.catalog.problems import Problem
from crossings.cli.common import archive_option, json_option, open_archive, print_json
from crossings.errors import CrossingsError
from crossings.leftovers import leftover_problems
from crossings.locales import archive_settings
from crossings.publish.problems import open_problems
from crossings.redact.checks import archive_problems


@click.command("check")
@archive_option
@json_option
@click.option(
    "--leaks",
    is_flag=True,
    help="Build nothing; scan every artifact of the edition for restricted text and redacted names.",
)
@click.option(
    "--edition",
    type=click.Choice(EDITIONS),
    default="public",
    show_default=True,
    help="The edition whose artifacts --leaks scans.",
)
@click.option(
    "--canary",
    "canaries",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="With --leaks: a file of extra sentences (one per line) that must not appear. Repeatable.",
)
def command(archive_dir: Path, as_json: bool, leaks: bool, edition: str, canaries: tuple[Path, ...]) -> None:
    """Check catalog.csv against the vocabularies and the files in reports/.

    Reports every problem at once, each with its file, line, row and column: missing
    or unlisted files, duplicate ids or files, unknown countries, themes, types, events or
    sessions, bad dates, access values and route chains, control characters in a field; every
    document under source/documents/ whose front matter disagrees with its catalog row (the
    catalog decides; `crossings ingest` brings its values in) or lost its row; the docutils and
    Sphinx errors the last builds left open, by document and line; a conf.py that cannot be
    read or sets a wrong value; and, as warnings, what an interrupted command left behind and a
    missing OAI-PMH contact (crossings_oai_admin_email: without it /oai is off and no
    oai-static.xml is written). Exit 1 if there is any error.

    With --leaks, scans the built edition instead (pages, search indexes, inventory, sitemap,
    PDF, EPUB, the Whoosh index and the corpus) for every restricted document's distinctive
    sentences, ids and titles and every redacted name, and exits 1 naming each artifact and
    position where one is found. A withdrawn document's sentence found only where a public
    document's own source quotes it is no leak: it is listed as a note naming both documents.
    """
    archive = open_archive(archive_dir)
    if leaks:
        _check_leaks(archive, edition, list(canaries), as_json)
        return
    catalog = load_catalog(archive)
    problems = [
        *catalog.problems,
        *document_problems(archive, Holdings.load(archive)),
        *archive_problems(archive),
        *leftover_problems(archive),
        *_build_problems(archive),
        *_harvest_problems(archive),
    ]
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


def _build_problems(archive: Archive) -> list[Problem]:
    """The errors the last builds left open, each once (a document fails alike in every builder)."""
    seen: dict[tuple[str, int | None, str], list[str]] = {}
    for label, problem in open_problems(archive.root / "build"):
        seen.setdefault((problem.file, problem.line, problem.message), []).append(label)
    return [
        Problem(file, f"{message} (last build: {', '.join(labels)})", line=line)
        for (file, line, message), labels in seen.items()
    ]


def _check_leaks(archive: Archive, edition: str, canaries: list[Path], as_json: bool) -> None:
    """Scan one edition's artifacts and exit 1 on any leak."""
    from crossings.leaks import collect_needles
    from crossings.leaks.needles import needles_from_files
    from crossings.leaks.quotes import public_text
    from crossings.leaks.scan import Scan, scan_artifacts
    from crossings.leaks.searchwords import withheld_words

    folder = archive.edition_dir(edition)
    if not folder.is_dir():
        message = f"{folder}: nothing built for the {edition} edition; run `crossings build`"
        raise click.ClickException(message)
    try:
        needles = collect_needles(archive) + needles_from_files(canaries)
        withheld = withheld_words(archive)
        found = Scan()
        if edition == "public":
            found = scan_artifacts(folder, needles, archive.root, withheld, public_text(archive))
    except (CrossingsError, RuntimeError) as exc:
        raise click.ClickException(str(exc)) from exc
    leaks, notes = found.leaks, found.notes
    if as_json:
        print_json(
            {
                "ok": not leaks,
                "needles": len(needles),
                "leaks": [leak.as_dict() for leak in leaks],
                "notes": [note.as_dict() for note in notes],
            }
        )
    else:
        for hit in [*leaks, *notes]:
            click.echo(str(hit))
        note = "" if edition == "public" else " (the internal edition may hold everything; nothing scanned)"
        quoted = f", {len(notes)} quotations to review" if notes else ""
        click.echo(f"{len(needles)} needles, {len(leaks)} leaks{quoted} in {folder}{note}", err=bool(leaks))
    if leaks:
        raise SystemExit(1)


def _harvest_problems(archive: Archive) -> list[Problem]:
    """A warning when conf.py names no contact for OAI-PMH harvesters (Identify's adminEmail,
    never guessed: crossings.oai.protocol.admin_email), so /oai and oai-static.xml are off; an
    error when conf.py cannot be read or sets a wrong value (every build would stop on it)."""
    where = "conf.py"
    if not (archive.root / where).is_file():
        return []  # not an archive to build; the build says so
    try:
        chosen = archive_settings(archive)[1]
    except CrossingsError as exc:
        return [Problem(where, str(exc))]
    if chosen.oai_admin_email:
        return []
    return [
        Problem(
            where,
            "no contact address for OAI-PMH harvesters, so `crossings serve` answers /oai with 503 "
            "and the build writes no oai-static.xml: set crossings_oai_admin_email in conf.py to an "
            "address of yours that someone reads (crossings_oai_admin_email = 'archive@example.org', "
            "with your own) and run `crossings build html` again",
            field="crossings_oai_admin_email",
            severity="warning",
        )
    ]
