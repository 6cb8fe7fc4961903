"""``crossings build``: the HTML site (and, where registered, the PDF and EPUB proceedings and
the PDF of each paper)."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path

import click

from crossings.archive import EDITIONS, Archive
from crossings.cli.common import archive_option, interactive, open_archive
from crossings.errors import CrossingsError
from crossings.locales import archive_languages, declared_language
from crossings.oai.protocol import NO_CONTACT
from crossings.parallel import site as parallel
from crossings.publish.problems import BuildProblem
from crossings.publish.sphinx_build import BuildResult, build_site
from crossings.sphinx.finish import NO_SITEMAP, write_root_robots
from crossings.sphinx.i18n import write_root_redirect
from crossings.sphinx.oai import without_contact

# A target builds one edition in one language and returns where its output is.
Target = Callable[[Archive, str, str, int], BuildResult]


def build_html(archive: Archive, edition: str, lang: str, jobs: int) -> BuildResult:
    """The online archive: build/<edition>/html/<lang>/index.html, then the parallel views of
    every built site (a document beside its translation, once both pages exist)."""
    result = build_site(archive, "html", edition, lang, jobs, status=sys.stderr if interactive() else None)
    parallel.refresh(archive, edition)
    return result


# The other targets live in crossings.publish.<name> (pdf, epub, papers), each defining
# ``build_target(archive, edition, lang, jobs) -> BuildResult``.
OPTIONAL_TARGETS = ("pdf", "epub", "papers")


def _targets() -> dict[str, Target]:
    """html, then every optional target whose module is installed."""
    targets: dict[str, Target] = {"html": build_html}
    for name in OPTIONAL_TARGETS:
        if importlib.util.find_spec(f"crossings.publish.{name}") is None:
            continue
        target = getattr(importlib.import_module(f"crossings.publish.{name}"), "build_target", None)
        if target is not None:
            targets[name] = target
    return targets


TARGETS = _targets()


def _entry(result: BuildResult, target: str) -> str:
    """Where to open the result."""
    index = result.outdir / "index.html"
    return str(index if target == "html" and index.is_file() else result.outdir)


def _languages(archive: Archive, lang: str) -> list[str]:
    """The languages to build (``all``: the ``crossings_languages`` of conf.py); only declared ones."""
    try:
        return archive_languages(archive)[1] if lang == "all" else [declared_language(archive, lang)]
    except CrossingsError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("build")
@click.argument("target", type=click.Choice([*TARGETS, "all"]), default="html")
@click.option(
    "--lang",
    default="en",
    show_default=True,
    help="An interface language of conf.py's crossings_languages, or all.",
)
@click.option("--edition", type=click.Choice(EDITIONS), default="public", show_default=True)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Sphinx worker processes (papers: xelatex runs at once, 2 by default).",
)
@click.option("--verbose", "-v", is_flag=True, help="Show every Sphinx warning, not only the first 50.")
@archive_option
def command(target: str, lang: str, edition: str, jobs: int, verbose: bool, archive_dir: Path) -> None:
    """Build the archive from source/ into build/<edition>/<target>/<lang>/.

    papers: a PDF of each document beside its page (build/<edition>/html/<lang>/documents/<id>.pdf),
    citing it on its first page; build html first. all: html, pdf, epub, then papers.

    The public edition is built from a staged copy of source/ without restricted documents
    (build/public/src/<lang>/); the internal edition includes everything. Rebuilds are
    incremental. Warnings name the document at fault. Every docutils/Sphinx error is listed
    with its document and line, also by later builds until it is fixed; the other documents
    and targets are built all the same, and the exit status is 1.
    """
    archive = open_archive(archive_dir)
    targets = list(TARGETS) if target == "all" else [target]
    languages = _languages(archive, lang)
    failed: list[str] = []
    open_problems: dict[str, BuildProblem] = {}
    no_sitemap = no_contact = False
    for name in targets:
        for language in languages:
            try:
                result = TARGETS[name](archive, edition, language, jobs)
            except CrossingsError as exc:  # one target failing never stops the others
                click.echo(f"error: {exc}", err=True)
                failed.append(f"{name} ({edition}, {language})")
                continue
            _report(result, verbose)
            for problem in result.problems:
                open_problems.setdefault(str(problem), problem)
            click.echo(f"{name} ({edition}, {language}): {_entry(result, name)}")
            no_sitemap = no_sitemap or (name == "html" and not (result.outdir / "sitemap.xml").is_file())
            no_contact = no_contact or (name == "html" and without_contact(result.outdir))
        if name == "html":  # build/<edition>/html/index.html sends readers to a language's site
            write_root_redirect(archive.edition_dir(edition) / "html", archive_languages(archive)[1])
            write_root_robots(archive.edition_dir(edition) / "html")
    if no_sitemap:
        click.echo(f"note: {NO_SITEMAP}", err=True)
    if no_contact:
        click.echo(f"note: {NO_CONTACT}", err=True)
    _finish(failed, list(open_problems.values()))


def _finish(failed: list[str], problems: list[BuildProblem]) -> None:
    """Name every document with an open error and every failed build; exit 1 if there is any."""
    if problems:
        documents = sorted({p.file for p in problems})
        click.echo(
            f"{len(problems)} errors in {len(documents)} documents (fix them; they stay listed until then):",
            err=True,
        )
        for problem in problems:
            click.echo(f"  {problem}", err=True)
    for name in failed:
        click.echo(f"failed: {name}", err=True)
    if problems or failed:
        raise SystemExit(1)


def rebuild_command(output: str) -> str:
    """The command that makes *output* (``html/th``, ``latex/th``, ``bundle``, ``export``) again.

    What was handed out is made by its own command, not by ``build``: bundles by ``crossings
    bundle`` (the languages it held are not recorded, hence LANG), exports by ``crossings export``.
    """
    kind, _, lang = output.partition("/")
    if kind == "bundle":
        return "crossings bundle --lang LANG (each language bundled before, or all)"
    if kind == "export":
        return "crossings export archive (and crossings export crossref, if one was made)"
    return f"crossings build {'pdf' if kind == 'latex' else kind} --lang {lang}"


def _report(result: BuildResult, verbose: bool) -> None:
    """Warnings on stderr, and what staging left out."""
    shown = result.warnings if verbose else result.warnings[:50]
    for line in shown:
        click.echo(line, err=True)
    if len(result.warnings) > len(shown):
        click.echo(f"... and {len(result.warnings) - len(shown)} more warnings (use --verbose)", err=True)
    for name in result.staged.unreadable:
        click.echo(f"source/{name}: front matter unreadable; left out of the public edition", err=True)
    if result.staged.withheld:
        click.echo(f"{len(result.staged.withheld)} restricted documents left out of this edition")
    for output in result.purged:
        click.echo(
            f"build/public/{output}: removed: it was built before a document was withheld or a name listed "
            f"for redaction, so it may show them; rebuild it: {rebuild_command(output)}",
            err=True,
        )
    for lang in result.emptied:
        click.echo(
            f"build/public/search/{lang}: emptied for the same reason; after rebuilding the site run "
            f"crossings index --lang {lang}",
            err=True,
        )
