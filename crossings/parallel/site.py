"""The parallel views of a built edition: written into every built language site after each
``crossings build html``, so that a view appears as soon as both of its pages exist.

Each run first removes the views it wrote before (a translation withdrawn or no longer
translated must not keep a page), then writes one per pair and links both documents to it.
"""

from __future__ import annotations

from pathlib import Path

from crossings.archive import Archive
from crossings.languages import LANGUAGES, Language
from crossings.parallel.page import link_label
from crossings.parallel.pages import find_pairs, link_page, parallel_name, unlink_page, write_parallel
from crossings.search.paths import corpus_path
from crossings.search.records import read_corpus

VIEWS = "*.parallel-*.html"


def refresh(archive: Archive, edition: str) -> int:
    """Rewrite the parallel views of every built site of *edition*; how many there are."""
    html = archive.edition_dir(edition) / "html"
    written = 0
    for language in LANGUAGES:
        documents = html / language.folder / "documents"
        corpus = corpus_path(archive, edition, language.folder)
        if not documents.is_dir():
            continue
        for stale in documents.glob(VIEWS):
            stale.unlink()
        if corpus.is_file():
            written += _write_site(archive, html, language, _languages(corpus))
    return written


def _languages(corpus: Path) -> dict[str, str]:
    """Document id -> its language tag, from a site's search corpus."""
    return {str(record["id"]): str(record.get("language", "")) for record in read_corpus(corpus)}


def _write_site(archive: Archive, html: Path, site: Language, languages: dict[str, str]) -> int:
    """The views of one site, and the links to them."""
    documents = html / site.folder / "documents"
    pairs = find_pairs(archive, html, site, languages)
    for pair in pairs:
        write_parallel(pair, documents)
        label = link_label(pair.original_lang, pair.translation_lang, site)
        link_page(pair.translation, parallel_name(pair), label)
        if pair.original.parent == pair.translation.parent:
            link_page(pair.original, parallel_name(pair), label)
    views = {parallel_name(pair) for pair in pairs}
    for page in documents.glob("*.html"):
        unlink_page(page, views)
    return len(pairs)
