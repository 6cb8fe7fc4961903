"""Make the offline bundle: the built public site of some languages, its books, an offline search
and a checksum manifest, scanned for leaks, in one zip.

The bundle is made from what ``crossings build`` published for the public edition and nothing
else: the same pages, images and books a reader of the online site gets. The copy is scanned with
``crossings check --leaks``'s own scanner before it is zipped; a hit stops the bundle.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

from crossings.archive import Archive
from crossings.atomic import move_into, scratch_folder
from crossings.bundle.index import build_offline_index, read_records
from crossings.bundle.page import front_page, not_bundled_page, root_exit_bar, search_page
from crossings.errors import CrossingsError
from crossings.languages import LANGUAGES, Language
from crossings.leaks.quotes import Quotation
from crossings.packing import refuse_leaks, sha256_file, write_manifest, write_zip
from crossings.search.indexing.paths import corpus_path
from crossings.search.text.config import load_settings

STATIC = Path(__file__).parent / "static"
BOOK_SUFFIXES = {"latex": ".pdf", "epub": ".epub"}
# Left out of the copy: Sphinx's build bookkeeping, never read by a browser.
# search-service.html asks `crossings serve`, which a bundle does not have: its links lead to the
# offline search instead, as do those of Sphinx's own search page (the phone header's link too).
# Its one script (crossings.sphinx.searchassets) goes with it.
SKIPPED = {".buildinfo", ".doctrees", "search-service.html", "crossings-search-page.js"}
ASSET = re.compile(r'<(?:script[^>]*\ssrc|link[^>]*rel="stylesheet"[^>]*\shref)="([^":]+)"')
SEARCH_LINK = re.compile(r'((?:href|action)=")((?:\.\./)*)(?:search|search-service)\.html')


@dataclass
class LanguageReport:
    """What one language put into the bundle."""

    lang: str
    files: int
    books: list[str]
    index_bytes: int
    search_page_bytes: int  # the page, its script and the index: loaded before the first result


@dataclass
class BundleReport:
    """The zip written and what is in it."""

    path: str
    bytes: int
    sha256: str
    files: int
    languages: list[LanguageReport] = field(default_factory=list)
    # Withdrawn documents' sentences the bundle shows only as public documents' quotations of them.
    notes: list[Quotation] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready data."""
        return asdict(self)


def bundle_path(archive: Archive, name: str) -> Path:
    """build/public/bundle/crossings-<name>.zip."""
    return archive.edition_dir("public") / "bundle" / f"crossings-{name}.zip"


def check_built(archive: Archive, edition: str, languages: list[Language]) -> None:
    """Refuse an internal edition, and a language whose public site or corpus was not built."""
    if edition != "public":
        raise CrossingsError(
            f"the {edition} edition is never bundled: it holds restricted documents and withheld names; "
            "bundle the public edition (crossings bundle --lang LANG)"
        )
    for language in languages:
        html = archive.edition_dir("public") / "html" / language.folder
        if not (html / "index.html").is_file():
            raise CrossingsError(
                f"{html}: no public site in {language.english}; "
                f"run `crossings build html --lang {language.tag}` first"
            )
        if not corpus_path(archive, "public", language.folder).is_file():
            raise CrossingsError(
                f"{corpus_path(archive, 'public', language.folder)}: no search corpus; "
                f"run `crossings build html --lang {language.tag}` first"
            )


def make_bundle(archive: Archive, edition: str, languages: list[Language], name: str) -> BundleReport:
    """Write the bundle of *languages* to build/public/bundle/crossings-<name>.zip."""
    check_built(archive, edition, languages)
    archive.build.mkdir(parents=True, exist_ok=True)
    with scratch_folder(archive.build, ".bundle-") as temp:
        stage = Path(temp) / "stage"
        reports = [_stage_language(archive, language, languages, stage) for language in languages]
        books = {report.lang: report.books for report in reports}
        first = stage / languages[0].folder
        bar = root_exit_bar(_template(first).read_text("utf-8"), languages[0].folder)
        (stage / "index.html").write_text(front_page(languages, books, bar), encoding="utf-8")
        (stage / "not-bundled.html").write_text(not_bundled_page(languages, bar), encoding="utf-8")
        notes = refuse_leaks(archive, stage, "bundle")
        write_manifest(stage)
        zipped = Path(temp) / "bundle.zip"
        files = write_zip(stage, zipped)
        digest = sha256_file(zipped)
        size = zipped.stat().st_size
        target = bundle_path(archive, name)
        move_into(zipped, target)
    return BundleReport(str(target), size, digest, files, reports, notes)


def _stage_language(
    archive: Archive, language: Language, bundled: list[Language], stage: Path
) -> LanguageReport:
    """Copy one language's site and books into *stage* and add its offline search."""
    edition = archive.edition_dir("public")
    target = stage / language.folder
    shutil.copytree(edition / "html" / language.folder, target, ignore=shutil.ignore_patterns(*SKIPPED))
    books = []
    for builder, suffix in BOOK_SUFFIXES.items():
        for book in sorted((edition / builder / language.folder).glob(f"*{suffix}")):
            (target / "_books").mkdir(exist_ok=True)
            shutil.copy2(book, target / "_books" / book.name)
            books.append(f"{language.folder}/_books/{book.name}")
    records = list(read_records(corpus_path(archive, "public", language.folder)))
    others = {lang.folder for lang in LANGUAGES} - {lang.folder for lang in bundled}
    for page in target.rglob("*.html"):
        _rewrite_links(page, others)
    settings = load_settings(archive.search_settings)
    index = build_offline_index(records, language.tag, settings)
    script = index.script().encode("utf-8")
    (target / "_bundle").mkdir(exist_ok=True)
    (target / "_bundle" / "offline-index.js").write_bytes(script)
    shutil.copy2(STATIC / "offline-search.js", target / "_bundle" / "offline-search.js")
    html = search_page(language, _template(target).read_text("utf-8")).encode("utf-8")
    (target / "offline-search.html").write_bytes(html)
    first_load = len(html) + _assets_bytes(html.decode("utf-8"), target)
    files = sum(1 for path in target.rglob("*") if path.is_file())
    return LanguageReport(language.tag, files, books, len(script), first_load)


def _template(site: Path) -> Path:
    """The built page of a language site the bundle's own pages take their Quick exit bar (and the
    search page its whole frame) from: the "page not found" page, which says nothing of its own
    beyond its article, or else the home page."""
    missing = site / "404.html"
    return missing if missing.is_file() else site / "index.html"


def _assets_bytes(html: str, folder: Path) -> int:
    """The bytes of the scripts and style sheets *html* (a page of *folder*) loads."""
    total = 0
    for tag in ASSET.finditer(html):
        path = folder / tag.group(1).split("?", 1)[0].split("#", 1)[0]
        if path.is_file():
            total += path.stat().st_size
    return total


def _rewrite_links(page: Path, others: set[str]) -> None:
    """Point the page's search at the offline search, and links into a language not bundled at
    the note that says so (from a page, ``../`` steps lead to the zip's root)."""
    text = page.read_text(encoding="utf-8")
    new = SEARCH_LINK.sub(r"\1\2offline-search.html", text)
    if others:
        pattern = re.compile(r'href="((?:\.\./)+)(' + "|".join(map(re.escape, sorted(others))) + r')/[^"]*"')
        new = pattern.sub(r'href="\1not-bundled.html"', new)
    if new != text:
        page.write_text(new, encoding="utf-8")
