"""The parallel views of a built edition: written into every built language site after each
``crossings build html``, so that a view appears as soon as both of its pages exist.

Each run first removes the views it wrote before (a translation withdrawn or no longer
translated must not keep a page), then writes one per pair, and leaves on each document page
exactly the links to views that exist: the translation's page links to its view, and so does
the original's, in its own site's language (from another language's site when the translation
came through a catalogue).
"""

from __future__ import annotations

from pathlib import Path

from crossings.archive import Archive
from crossings.languages import LANGUAGES, find
from crossings.parallel.page import link_label
from crossings.parallel.pages import Pair, find_pairs, link_page, parallel_name, unlink_page, write_parallel
from crossings.search.indexing.paths import corpus_path
from crossings.search.indexing.records import read_corpus

VIEWS = "*.parallel-*.html"


def refresh(archive: Archive, edition: str) -> int:
    """Rewrite the parallel views of every built site of *edition*; how many there are."""
    html = archive.edition_dir(edition) / "html"
    pairs: list[Pair] = []
    pages: list[Path] = []
    for language in LANGUAGES:
        documents = html / language.folder / "documents"
        if not documents.is_dir():
            continue
        for stale in documents.glob(VIEWS):
            stale.unlink()
        pages += sorted(documents.glob("*.html"))
        corpus = corpus_path(archive, edition, language.folder)
        if corpus.is_file():
            pairs += find_pairs(archive, html, language, _languages(corpus))
    wanted: dict[Path, set[str]] = {}
    for pair in pairs:
        view = pair.translation.parent / parallel_name(pair)
        write_parallel(pair, pair.translation.parent)
        for page in (pair.translation, pair.original):
            href = _href(page, view)
            interface = find(page.parent.parent.name) or pair.site  # the language of the page's site
            link_page(page, href, link_label(pair.original_lang, pair.translation_lang, interface))
            wanted.setdefault(page, set()).add(href)
    for page in pages:
        unlink_page(page, wanted.get(page, set()))
    return len(pairs)


def _languages(corpus: Path) -> dict[str, str]:
    """Document id -> its language tag, from a site's search corpus."""
    return {str(record["id"]): str(record.get("language", "")) for record in read_corpus(corpus)}


def _href(page: Path, view: Path) -> str:
    """The view as linked from *page* (both are ``<site>/documents/`` files)."""
    if page.parent == view.parent:
        return view.name
    return f"../../{view.parent.parent.name}/documents/{view.name}"
