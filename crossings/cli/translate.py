"""``crossings translate``: refresh the translators' .po files and show how far each language is."""

from __future__ import annotations

from pathlib import Path

import click

from crossings.archive import EDITIONS
from crossings.cli.common import archive_option, json_option, open_archive, print_json
from crossings.errors import CrossingsError
from crossings.locales import language_status, target_languages, update_catalogs
from crossings.publish.gettext import build_target as build_templates

LANG_HELP = "A translation language of conf.py's crossings_languages (zh-Hant, th, vi...) or all."


@click.group("translate")
def command() -> None:
    """Translate the archive's pages with gettext catalogues (locales/<language>/LC_MESSAGES/*.po).

    `crossings translate update --lang th` extracts the text of the public edition and creates or
    refreshes the .po files; translators fill their msgstr lines; `crossings build html --lang
    all` then builds every language. `crossings translate status` shows the progress.
    """


@command.command("update")
@click.option("--lang", default="all", show_default=True, help=LANG_HELP)
@click.option("--edition", type=click.Choice(EDITIONS), default="public", show_default=True)
@archive_option
def update(lang: str, edition: str, archive_dir: Path) -> None:
    """Run the gettext builder on the staged source, then sphinx-intl update into locales/."""
    archive = open_archive(archive_dir)
    try:
        tags = target_languages(archive, lang)
        result = build_templates(archive, edition, "en", 1)
        status = update_catalogs(archive, result.outdir, tags)
    except CrossingsError as exc:
        raise click.ClickException(str(exc)) from exc
    summary = ", ".join(f"{count} {state}" for state, count in status.items())
    click.echo(f"locales/ ({', '.join(tags)}): {summary}")


@command.command("status")
@click.option("--lang", default="all", show_default=True, help=LANG_HELP)
@json_option
@archive_option
def status(lang: str, as_json: bool, archive_dir: Path) -> None:
    """Per language and document: translated, fuzzy and untranslated messages."""
    archive = open_archive(archive_dir)
    try:
        reports = [language_status(archive, tag) for tag in target_languages(archive, lang)]
    except CrossingsError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        print_json(
            {
                report.language: {
                    "folder": f"locales/{report.folder}/LC_MESSAGES",
                    "total": report.total.as_dict(),
                    "documents": {name: counts.as_dict() for name, counts in report.documents.items()},
                }
                for report in reports
            }
        )
        return
    for report in reports:
        total = report.total
        summary = _line(total.translated, total.fuzzy, total.total)
        click.echo(f"{report.language} (locales/{report.folder}): {summary}")
        for name, counts in report.documents.items():
            click.echo(f"  {name}: {_line(counts.translated, counts.fuzzy, counts.total)}")
        if not report.documents:
            click.echo("  no .po files yet; run `crossings translate update`")


def _line(translated: int, fuzzy: int, total: int) -> str:
    """``12/40 translated (30%), 2 fuzzy``."""
    share = f" ({100 * translated // total}%)" if total else ""
    return f"{translated}/{total} translated{share}, {fuzzy} fuzzy, {total - translated - fuzzy} untranslated"
