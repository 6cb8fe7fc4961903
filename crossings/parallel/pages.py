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
from html import escape, unescape
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from crossings.archive import Archive
from crossings.atomic import write_text
from crossings.catalog.access import FrontMatter
from crossings.languages import Language, find
from crossings.locales import catalog_counts
from crossings.parallel.align import align, page_sections
from crossings.parallel.page import link_label, parallel_article, site_page

ARTICLE = re.compile(r'(<article role="main"[^>]*>)')
LINK = re.compile(r'<p class="crossings-parallel"><a href="([^"]*)">[^<]*</a></p>')


@dataclass(frozen=True)
class Pair:
    """An original page and its translation's page, the languages of each, and the site showing them."""

    doc: str
    original: Path
    original_lang: Language
    translation: Path
    translation_lang: Language
    site: Language


def find_pairs(archive: Archive, html: Path, site: Language, languages: dict[str, str]) -> list[Pair]:
    """The pairs shown in the site of *site* (*languages*: document id -> its language tag)."""
    pairs = []
    documents = html / site.folder / "documents"
    families = _families(archive.documents, languages)
    for doc, tag in sorted(languages.items()):
        own = find(tag)
        if own is None:
            continue
        catalogue = archive.locales / site.sphinx / "LC_MESSAGES" / "documents" / f"{doc}.po"
        original = html / own.folder / "documents" / f"{doc}.html"
        if own.tag != site.tag and original.is_file() and _translated(catalogue):
            pairs.append(Pair(doc, original, own, documents / f"{doc}.html", site, site))
        for other in families.get(doc, []):
            translated = find(languages[other])
            if translated is not None and translated.tag != own.tag:
                pairs.append(
                    Pair(other, documents / f"{doc}.html", own, documents / f"{other}.html", translated, site)
                )
    return [pair for pair in pairs if pair.translation.is_file() and pair.original.is_file()]


def _families(documents: Path, languages: dict[str, str]) -> dict[str, list[str]]:
    """Each document of the site -> the documents of the site that translate it, by the rule
    the editions withhold translations with (``FrontMatter.family``): ``<id>-<their language>``
    or ``translation_of: <id>``. Another document whose id merely starts with ``<id>-`` (an
    annex, the notes of a session) is not a translation and must not be shown as one."""
    known = set(languages)
    found: dict[str, list[str]] = {}
    for doc in sorted(languages):
        family = FrontMatter.read(documents / f"{doc}.md").family
        if family and family != doc and family in known:
            found.setdefault(family, []).append(doc)
    return found


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


def write_parallel(pair: Pair, target_documents: Path) -> str:
    """Write the parallel page of *pair* into *target_documents*, made from the translation's
    built page (same header, Quick exit, scripts); how it was aligned."""
    translated = pair.translation.read_text("utf-8")
    same_document = pair.original.name == pair.translation.name  # translated through its catalogue
    source = pair.original.read_text("utf-8")
    alignment = align(page_sections(source), page_sections(translated), same_document=same_document)
    links = (_relative(pair.original, pair.translation), f"{pair.translation.name}")
    interface = pair.site
    shown = pair.original_lang if pair.original_lang.tag == interface.tag else pair.translation_lang
    title = _title(source if shown is pair.original_lang else translated) or pair.doc
    article = parallel_article(
        title, alignment, pair.original_lang, pair.translation_lang, links, interface, title_lang=shown
    )
    label = link_label(pair.original_lang, pair.translation_lang, interface)
    # The page's <title> is read in the page's language (<html lang>, the site's): the title of
    # the side written in it, or the label alone when neither side is.
    html = site_page(translated, f"{title} ({label})" if shown.tag == interface.tag else label, article)
    write_text(target_documents / parallel_name(pair), html)
    return alignment.by


def _title(page: str) -> str:
    """The text of the page's first heading (its title as the reader sees it)."""
    heading = BeautifulSoup(page, "html.parser").find("h1")
    if not isinstance(heading, Tag):
        return ""
    for link in heading.find_all("a", class_="headerlink"):
        link.decompose()
    return " ".join(heading.get_text().split())


def _relative(original: Path, translation: Path) -> str:
    """The original's page as seen from the translation's folder."""
    if original.parent == translation.parent:
        return original.name
    return f"../../{original.parent.parent.name}/documents/{original.name}"


def link_page(page: Path, href: str, label: str) -> None:
    """Put a link to the parallel view at the top of a document page's article (once: a page
    already linking there is left as it is)."""
    text = page.read_text("utf-8")
    if f'<p class="crossings-parallel"><a href="{escape(href)}">' in text:
        return
    link = f'<p class="crossings-parallel"><a href="{escape(href)}">{escape(label)}</a></p>'
    write_text(page, ARTICLE.sub(lambda m: m.group(1) + link, text, count=1))


def unlink_page(page: Path, views: set[str]) -> None:
    """Take out of a document page its links to parallel views not in *views* (a translation
    withdrawn: Sphinx may keep the page as it was, link included)."""
    text = page.read_text("utf-8")
    if 'class="crossings-parallel"' not in text:
        return
    kept = LINK.sub(lambda m: m.group(0) if unescape(m.group(1)) in views else "", text)
    if kept != text:
        write_text(page, kept)
