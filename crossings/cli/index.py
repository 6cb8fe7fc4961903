"""``crossings index``: build or update the search index from the corpus the site build wrote."""

from __future__ import annotations

from pathlib import Path

import click

from crossings.archive import EDITIONS
from crossings.cli.common import archive_option, json_option, open_archive, print_json
from crossings.errors import CrossingsError
from crossings.languages import folder
from crossings.locales import declared_language
from crossings.publish.protection import Record, remember
from crossings.search.indexing.index import IndexReport, build_index
from crossings.search.indexing.paths import corpus_languages, corpus_path, index_path
from crossings.search.text.config import index_options, load_settings


@click.command("index")
@click.option("--lang", default="all", show_default=True, help="Site language to index, or all.")
@click.option("--edition", type=click.Choice(EDITIONS), default="public", show_default=True)
@click.option("--full", is_flag=True, help="Rebuild from scratch into a new generation instead of updating.")
@archive_option
@json_option
def command(lang: str, edition: str, full: bool, archive_dir: Path, as_json: bool) -> None:
    """Index build/<edition>/corpus/<lang>.jsonl into build/<edition>/search/<lang>/.

    Only sections that changed, appeared or disappeared since the last run are touched; a
    running `crossings serve` picks the new state up without a restart. Run `crossings build
    html` first: the index holds exactly what that build published. A bad section (no title)
    is left out and named; everything else is indexed, and the exit status is 1.
    """
    archive = open_archive(archive_dir)
    try:  # the folder of a declared language: zh-Hant -> zh-hant
        langs = (
            corpus_languages(archive, edition)
            if lang == "all"
            else [folder(declared_language(archive, lang))]
        )
    except CrossingsError as exc:
        raise click.ClickException(str(exc)) from exc
    if not langs:
        where = archive.edition_dir(edition) / "corpus"
        raise click.ClickException(f"{where}: no search corpus; run `crossings build html` first")
    reports: list[IndexReport] = []
    try:
        options = index_options(load_settings(archive.search_settings))
        record = Record.read(archive.edition_dir(edition))
        for one in langs:
            corpus, target = corpus_path(archive, edition, one), index_path(archive, edition, one)
            reports.append(build_index(corpus, target, incremental=not full, **options))
            if f"html/{one}" in record.outputs:  # the index now holds what that build allowed
                remember(archive, edition, f"search/{one}", record.outputs[f"html/{one}"])
    except CrossingsError as exc:
        raise click.ClickException(str(exc)) from exc
    skipped = [problem for report in reports for problem in report.skipped]
    if as_json:
        print_json({"ok": not skipped, "edition": edition, "indexes": [r.as_dict() for r in reports]})
    else:
        for lang_name, report in zip(langs, reports, strict=True):
            click.echo(_summary(lang_name, report))
        for problem in skipped:
            click.echo(f"skipped: {problem}", err=True)
        if skipped:
            click.echo(f"{len(skipped)} sections left out of the index; everything else is indexed", err=True)
    if skipped:
        raise SystemExit(1)


def _summary(lang: str, report: IndexReport) -> str:
    """One line per language: what the run did."""
    how = "full rebuild" if report.full else "update"
    changes = f"+{report.added} ~{report.updated} -{report.deleted} ={report.unchanged}"
    line = (
        f"{lang}: {how} ({report.generation}), {report.documents} sections, {changes}, {report.seconds:.2f} s"
    )
    if report.changed_ids and not report.full:
        line += "\n  changed: " + ", ".join(report.changed_ids[:20])
        if len(report.changed_ids) > 20:
            line += f" (+{len(report.changed_ids) - 20} more)"
    return line
