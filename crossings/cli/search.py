"""``crossings search``: full-text search of the built archive from the command line."""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from crossings.archive import EDITIONS, Archive
from crossings.cli.common import archive_option, json_option, open_archive, print_json
from crossings.errors import CrossingsError
from crossings.languages import folder
from crossings.locales import declared_language
from crossings.search.api import search
from crossings.search.indexing.paths import index_languages, index_path
from crossings.search.language.syntax import SHOWN_FIELDS
from crossings.search.registry import Kind, facets
from crossings.search.request.errors import QueryError
from crossings.search.request.limits import DEFAULT_LIMIT, MAX_LIMIT, MAX_PAGE
from crossings.search.request.search_request import SORTS, RequestError, SearchRequest
from crossings.search.text.config import load_settings

BOLD, RESET = "\x1b[1m", "\x1b[0m"
TAG = re.compile(r"</?mark>")


class BadQuery(click.ClickException):
    """A query the user must fix: exit 2 like other misuse, with the parser's message."""

    exit_code = 2


def facet_options(command: Callable[..., None]) -> Callable[..., None]:
    """Add one option per parameter of each facet of crossings.search.registry (``--country``)."""
    for facet in reversed(facets()):
        for param, text in reversed(list(zip(facet.params, facet.helps(), strict=True))):
            repeatable = facet.kind is Kind.KEYWORDS
            command = click.option(
                facet.option(param),
                dest(param),
                multiple=repeatable,
                default=() if repeatable else "",
                metavar=facet.metavar,
                help=text or None,
            )(command)
    return command


def dest(param: str) -> str:
    """The name click gives a facet parameter's value."""
    return f"facet_{param}"


def spell(param: str) -> str:
    """A request parameter as the command line writes it."""
    return "QUERY" if param == "q" else f"--{param}"


class SearchCommand(click.Command):
    """``crossings search``, reading a word with a minus sign in front (``-police``: sections
    without it) as the query rather than as options: every option of this command is long
    (``--x``), so a word starting with one minus sign is never one of them."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Click's parsing, after moving such words behind a ``--``."""
        return super().parse_args(ctx, query_words_last(args, self._valued()))

    def _valued(self) -> set[str]:
        """The options that take a value (the argument after one is its value, whatever it starts with)."""
        return {
            name
            for param in self.params
            if isinstance(param, click.Option) and not param.is_flag and not param.count
            for name in param.opts
        }


def query_words_last(args: list[str], valued: set[str]) -> list[str]:
    """*args* with each argument that starts with one minus sign and is not an option's value
    moved after ``--`` (unchanged when the user wrote ``--``, or there is none)."""
    if "--" in args:
        return args
    kept: list[str] = []
    words: list[str] = []
    after_option = False
    for arg in args:
        if not after_option and len(arg) > 1 and arg[0] == "-" and arg[1] != "-":
            words.append(arg)
            continue
        kept.append(arg)
        after_option = arg in valued
    return [*kept, "--", *words] if words else args


@click.command("search", cls=SearchCommand)
@click.argument("query")
@facet_options
@click.option("--sort", type=click.Choice(SORTS), default=SORTS[0], show_default=True)
@click.option(
    "--limit",
    type=click.IntRange(1, MAX_LIMIT),
    default=DEFAULT_LIMIT,
    show_default=True,
    help="Documents per page.",
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
    sort: str,
    limit: int,
    page: int,
    edition: str,
    site_lang: str,
    archive_dir: Path,
    as_json: bool,
    **filters: Any,
) -> None:
    """Search the archive: words, "exact phrases", AND/OR/NOT/ANDNOT/ANDMAYBE (&& || | and !word
    read as AND OR OR NOT), -word (NOT word; -title:word, not title:-word),
    (groups), prefix*, w?ldcards, fuzzy~ and fuzzy~2, word^2, field:value, year:[1999 TO 2001].

    A query starting with a minus sign (`-police`: sections without the word) is read as the
    query, not as an option. Fields: {fields}. Hits are documents, each with up to three
    matching sections. Exit 1
    when there is no index yet (run `crossings index`), 2 on a malformed query (the message
    names the character at fault).
    """
    params: dict[str, str | tuple[str, ...]] = {
        "q": query,
        "sort": sort,
        "limit": str(limit),
        "page": str(page),
    }
    params.update((param, filters[dest(param)]) for facet in facets() for param in facet.params)
    try:
        request = SearchRequest.from_params(params, spell=spell)
    except RequestError as exc:
        raise BadQuery(str(exc)) from None
    archive = open_archive(archive_dir)
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


command.help = (command.help or "").format(fields=", ".join(f"{name}:" for name in SHOWN_FIELDS.split(", ")))


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
