"""Which documents of a built site have a translation to show side by side, and the parallel
pages and links the bundle adds for them.

A pair is a document translated through its catalogue (``locales/<lang>/LC_MESSAGES/documents/
<id>.po``, at least half of its messages translated: the site in that language shows the
translation, the site in the document's own language the original) or two catalogued documents
of one family (``x`` and ``x-th``, both in one site). The parallel page sits beside the document pages
(``documents/<id>.parallel-<lang>.html``) so that the passages' own links keep working.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from crossings.archive import Archive
from crossings.languages import Language, find
from crossings.locales import catalog_counts
from crossings.parallel.align import align, page_sections
from crossings.parallel.page import parallel_page

ARTICLE = re.compile(r'(<article role="main"[^>]*>)')


@dataclass(frozen=True)
class Pair:
    """An original page and its translation's page, and the languages of each."""

    doc: str
    original: Path
    original_lang: Language
    translation: Path
    translation_lang: Language


def find_pairs(archive: Archive, html: Path, site: Language, languages: dict[str, str]) -> list[Pair]:
    """The pairs shown in the site of *site* (*languages*: document id -> its language tag)."""
    pairs = []
    documents = html / site.folder / "documents"
    for doc, tag in sorted(languages.items()):
        own = find(tag)
        if own is None:
            continue
        catalogue = archive.locales / site.sphinx / "LC_MESSAGES" / "documents" / f"{doc}.po"
        original = html / own.folder / "documents" / f"{doc}.html"
        if own.tag != site.tag and original.is_file() and _translated(catalogue):
            pairs.append(Pair(doc, original, own, documents / f"{doc}.html", site))
        for other, other_tag in languages.items():
            translated = find(other_tag)
            if other.startswith(f"{doc}-") and translated is not None and translated.tag != own.tag:
                pairs.append(
                    Pair(other, documents / f"{doc}.html", own, documents / f"{other}.html", translated)
                )
    return [pair for pair in pairs if pair.translation.is_file()]


def _translated(catalogue: Path) -> bool:
    """True when the document's catalogue translates most of its messages (sphinx-intl writes
    one, empty, for every document)."""
    if not catalogue.is_file():
        return False
    counts = catalog_counts(catalogue)
    return counts.translated > 0 and counts.translated * 2 >= counts.total


def parallel_name(pair: Pair) -> str:
    """The parallel page's file name, beside the document pages."""
    return f"{pair.doc}.parallel-{pair.original_lang.folder}.html"


def write_parallel(pair: Pair, target_documents: Path, title: str) -> str:
    """Write the parallel page of *pair* into *target_documents*; how it was aligned."""
    alignment = align(
        page_sections(pair.original.read_text("utf-8")), page_sections(pair.translation.read_text("utf-8"))
    )
    links = (_relative(pair.original, pair.translation), f"{pair.translation.name}")
    html = parallel_page(title, alignment, pair.original_lang, pair.translation_lang, links)
    (target_documents / parallel_name(pair)).write_text(html, encoding="utf-8")
    return alignment.by


def _relative(original: Path, translation: Path) -> str:
    """The original's page as seen from the translation's folder."""
    if original.parent == translation.parent:
        return original.name
    return f"../../{original.parent.parent.name}/documents/{original.name}"


def link_page(page: Path, href: str, label: str) -> None:
    """Put a link to the parallel view at the top of a document page's article."""
    text = page.read_text("utf-8")
    link = f'<p class="crossings-parallel" lang="en"><a href="{href}">{label}</a></p>'
    page.write_text(ARTICLE.sub(lambda m: m.group(1) + link, text, count=1), encoding="utf-8")
