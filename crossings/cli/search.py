"""``crossings search``: full-text search of the built archive from the command line."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from typing import Any

import click

from crossings.archive import EDITIONS, Archive
from crossings.cli.common import archive_option, json_option, open_archive, print_json
from crossings.errors import CrossingsError
from crossings.languages import folder
from crossings.locales import declared_language
from crossings.search.api import SearchRequest, search
from crossings.search.config import load_settings
from crossings.search.errors import QueryError
from crossings.search.limits import MAX_LIMIT, MAX_PAGE, MAX_VALUES
from crossings.search.paths import index_languages, index_path

BOLD, RESET = "\x1b[1m", "\x1b[0m"
TAG = re.compile(r"</?mark>")


class BadQuery(click.ClickException):
    """A query the user must fix: exit 2 like other misuse, with the parser's message."""

    exit_code = 2


@click.command("search")
@click.argument("query")
@click.option(
    "--country", "countries", multiple=True, metavar="CC", help="Only these countries (repeatable)."
)
@click.option("--theme", "themes", multiple=True, metavar="T", help="Only these themes (repeatable).")
@click.option("--type", "doc_type", default="", metavar="T", help="Only this document type.")
@click.option("--event", default="", metavar="E", help="Only this event.")
@click.option("--lang", default="", metavar="L", help="Only documents in this language (BCP 47).")
@click.option("--from", "year_from", type=int, default=None, metavar="YYYY", help="From this year.")
@click.option("--to", "year_to", type=int, default=None, metavar="YYYY", help="Up to this year.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option(
    "--limit", type=click.IntRange(1, MAX_LIMIT), default=10, show_default=True, help="Documents per page."
)
@click.option("--page", type=click.IntRange(1, MAX_PAGE), default=1, show_default=True)
@click.option("--edition", type=click.Choice(EDITIONS), default="public", show_default=True)
@click.option(
    "--site-lang", default="", metavar="L", help="Which site language's index (default: en or the only one)."
)
@archive_option
@json_option
def command(
    query: str,
    countries: tuple[str, ...],
    themes: tuple[str, ...],
    doc_type: str,
    event: str,
    lang: str,
    year_from: int | None,
    year_to: int | None,
    sort: str,
    limit: int,
    page: int,
    edition: str,
    site_lang: str,
    archive_dir: Path,
    as_json: bool,
) -> None:
    """Search the archive: words, "exact phrases", AND/OR/NOT/ANDNOT/ANDMAYBE, (groups), prefix*,
    w?ldcards, fuzzy~ and fuzzy~2, word^2, field:value, year:[1999 TO 2001].

    Fields: title:, section:, body:, author:, country:, theme:, type:, event:, session:, lang:,
    year:, date:, id:. Hits are documents, each with up to three matching sections. Exit 1
    when there is no index yet (run `crossings index`), 2 on a malformed query (the message
    names the character at fault).
    """
    for name, values in (("QUERY", (query,)), ("--country", countries), ("--theme", themes)):
        _check_text(name, values)
    _check_text("--type/--event/--lang", (doc_type, event, lang))
    if len(countries) > MAX_VALUES or len(themes) > MAX_VALUES:
        raise click.UsageError(f"--country and --theme may each be given at most {MAX_VALUES} times")
    archive = open_archive(archive_dir)
    request = SearchRequest(
        query, countries, themes, doc_type, event, lang, year_from, year_to, sort, limit, page
    )
    index_dir = _index_dir(archive, edition, site_lang)
    try:
        settings = load_settings(archive.search_settings)
        answer = search(index_dir, request, settings=settings)
    except QueryError as exc:
        raise BadQuery(str(exc)) from exc
    except CrossingsError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        print_json(answer)
    else:
        click.echo(format_text(answer, bold=sys.stdout.isatty()))


def _check_text(name: str, values: tuple[str, ...]) -> None:
    """Refuse an argument that is not text: bytes the terminal's encoding could not decode."""
    for value in values:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise click.UsageError(
                f"{name} is not valid text at character {exc.start + 1} (a byte that is not UTF-8); "
                "check the terminal's encoding"
            ) from None


def _index_dir(archive: Archive, edition: str, site_lang: str) -> Path:
    """The index to search: the chosen site language, else en, else the only one."""
    if site_lang:  # indexes live in the site's folder name: zh-Hant -> zh-hant
        try:
            return index_path(archive, edition, folder(declared_language(archive, site_lang, "--site-lang")))
        except CrossingsError as exc:
            raise click.ClickException(str(exc)) from exc
    langs = index_languages(archive, edition)
    if not langs:
        raise click.ClickException(
            f"{archive.edition_dir(edition) / 'search'}: no search index yet; run `crossings index`"
        )
    return index_path(archive, edition, "en" if "en" in langs else langs[0])


def format_text(answer: dict[str, Any], *, bold: bool) -> str:
    """The answer as numbered hits and a facet summary for a terminal or a pipe."""
    first = (answer["page"] - 1) * answer["limit"] + 1
    lines = [
        f"{answer['total']} results for {answer['query']!r} (page {answer['page']} of {answer['pages'] or 1})"
    ]
    if answer["suggestion"]:
        lines.append(f"Did you mean: {answer['suggestion']}")
    elif answer.get("suggestion_skipped"):
        lines.append("(no suggestion: the query is too long or took too long)")
    for number, hit in enumerate(answer["hits"], first):
        lines += ["", f"{number}. {hit['title']}"]
        for section in hit.get("sections") or [hit]:
            where = f" — {section['section']}" if section["section"] else ""
            lines += [f"   {section['url']}{where}", f"   {_plain(section['snippet'], bold)}"]
    for name, counts in answer["facets"].items():
        if counts:
            shown = ", ".join(f"{value} ({n})" for value, n in list(counts.items())[:8])
            lines.append(("\n" if name == "country" else "") + f"{name}: {shown}")
    return "\n".join(lines)


def _plain(snippet: str, bold: bool) -> str:
    """A snippet without tags (matches in ANSI bold on a terminal), unescaped, on one line."""
    text = TAG.sub(lambda m: (RESET if m.group(0) == "</mark>" else BOLD) if bold else "", snippet)
    return " ".join(html.unescape(text).split())
