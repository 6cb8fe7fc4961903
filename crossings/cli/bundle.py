"""``crossings bundle``: the public site of one language (or all) as a zip that works offline."""

from __future__ import annotations

from pathlib import Path

import click

from crossings.archive import EDITIONS, Archive
from crossings.cli.common import archive_option, json_option, open_archive, print_json
from crossings.errors import CrossingsError
from crossings.languages import Language, get
from crossings.locales import archive_languages, declared_language


@click.command("bundle")
@click.option("--lang", required=True, help="Site language to bundle (th, zh-Hant...), or all.")
@click.option(
    "--edition",
    type=click.Choice(EDITIONS),
    default="public",
    show_default=True,
    help="Only the public edition can be bundled; internal is refused.",
)
@archive_option
@json_option
def command(lang: str, edition: str, archive_dir: Path, as_json: bool) -> None:
    """Write build/public/bundle/crossings-<lang>.zip: the built public site to read offline.

    Unzipped anywhere and opened from the file (index.html), it holds every page and image of
    the site in that language (--lang all: every language built, and the language switcher
    works inside it), the books built for it (PDF, EPUB) under <lang>/_books/, and a search that
    needs no server (<lang>/offline-search.html): its index is made now with the search
    service's own analysis, so Thai, Chinese, Japanese and Korean are cut into words the same
    way and Traditional and Simplified Chinese find each other. A translated document gets a
    side-by-side page (<lang>/documents/<id>.parallel-<original>.html) linked from its page.
    MANIFEST.sha256 lists a checksum of every file.

    Run `crossings build html --lang LANG` (and `build pdf`/`build epub` for the books) first.
    The copy is scanned for restricted text and withheld names, as `crossings check --leaks`
    does, before anything is written; a withdrawn document's sentence that a public document
    quotes is listed as a note, as there.
    """
    from crossings.bundle.make import make_bundle

    archive = open_archive(archive_dir)
    try:
        languages = _languages(archive, lang, edition)
        report = make_bundle(archive, edition, languages, "all" if lang == "all" else languages[0].folder)
    except CrossingsError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        print_json({"ok": True, **report.as_dict()})
        return
    click.echo(f"{report.path}: {report.files} files, {report.bytes / 1024:.0f} KB, sha256 {report.sha256}")
    for one in report.languages:
        books = ", ".join(one.books) or "no books built"
        click.echo(
            f"  {one.lang}: {one.files} files; search index {one.index_bytes / 1024:.0f} KB, "
            f"{one.search_page_bytes / 1024:.0f} KB loaded before the first result; {books}"
        )
    for note in report.notes:
        click.echo(f"  {note}")


def _languages(archive: Archive, lang: str, edition: str) -> list[Language]:
    """The languages asked for: one declared language, or every declared one whose public site
    is built (CrossingsError when there is none)."""
    if lang != "all":
        return [get(declared_language(archive, lang))]
    html = archive.edition_dir("public") / "html"
    built = [
        get(tag) for tag in archive_languages(archive)[1] if (html / get(tag).folder / "index.html").is_file()
    ]
    if not built:
        raise CrossingsError(f"{html}: no site built; run `crossings build html` first")
    return built
