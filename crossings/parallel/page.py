"""The parallel page: an original and one translation, two columns on wide screens and passages
alternating (original, then translation) on phones; each passage keeps its language and font.

The page is the translation's own built page with its article replaced, so it keeps everything
the site's pages have (Quick exit, the Staying safe link, one history entry, the language
switcher, the theme); the layout is plain CSS (``.crossings-parallel-view`` in crossings.css),
so it works without JavaScript. Its interface strings are in the site's language.
"""

from __future__ import annotations

import re
from html import escape

from babel import Locale, UnknownLocaleError
from bs4 import BeautifulSoup

from crossings.languages import Language
from crossings.parallel.align import Alignment, Row
from crossings.sphinx.catalogs import N_, translate

ARTICLE_OPEN = re.compile(r'<article role="main"[^>]*>')
TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)

SIDE_BY_SIDE = N_("Side by side: {original} original and {translation} translation")
SHOWN = N_("Side by side: the {original} original and its {translation} translation.")
BY_SECTION = N_(
    "The two versions are not built alike paragraph by paragraph, so they are aligned by section "
    "only: each section is shown whole beside its translation."
)

BY_DOCUMENT = N_(
    "The two versions do not have the same sections, so they are not aligned: each is shown whole "
    "beside the other."
)


def language_name(language: Language, interface: Language) -> str:
    """*language*'s name in *interface*'s language (CLDR's names, as babel has them)."""
    try:
        return str(Locale.parse(language.sphinx).get_display_name(Locale.parse(interface.sphinx)))
    except (UnknownLocaleError, ValueError):
        return language.english


def link_label(original: Language, translation: Language, interface: Language) -> str:
    """The label of the link from a document page to its parallel view."""
    return translate(SIDE_BY_SIDE, interface.sphinx).format(
        original=language_name(original, interface), translation=language_name(translation, interface)
    )


def parallel_article(
    title: str,
    alignment: Alignment,
    original: Language,
    translation: Language,
    links: tuple[str, str],
    interface: Language,
    *,
    title_lang: Language | None = None,
) -> str:
    """The article of the parallel view (*links*: the original's and the translation's pages;
    *title*: the title of one side, its heading marked with that side's language, *title_lang*,
    the translation's by default)."""
    shown = escape(translate(SHOWN, interface.sphinx)).format(
        original=f'<a href="{escape(links[0])}" hreflang="{original.tag}">'
        f"{escape(language_name(original, interface))}</a>",
        translation=f'<a href="{escape(links[1])}" hreflang="{translation.tag}">'
        f"{escape(language_name(translation, interface))}</a>",
    )
    notes = {"section": BY_SECTION, "document": BY_DOCUMENT}
    note = ""
    if alignment.by in notes:
        said = escape(translate(notes[alignment.by], interface.sphinx))
        note = f'<p class="crossings-parallel-note">{said}</p>\n'
    left = scoped(["".join(row.original) for row in alignment.rows], "original-")
    right = scoped(["".join(row.translation) for row in alignment.rows], "translation-")
    used: set[str] = set()
    rows = "\n".join(
        f'<div class="pair{" heading" if row.heading else ""}"{_anchor(row, used)}>'
        f'<div class="original" lang="{original.tag}">{_spans(row, used)}{ours}</div>'
        f'<div class="translation" lang="{_lang(row, original, translation)}">{theirs}</div></div>'
        for row, ours, theirs in zip(alignment.rows, left, right, strict=True)
    )
    heading = f'<h1 lang="{(title_lang or translation).tag}">{escape(title)}</h1>'
    return f'<div class="crossings-parallel-view">\n{heading}\n<p>{shown}</p>\n{note}{rows}\n</div>\n'


def _lang(row: Row, original: Language, translation: Language) -> str:
    """The language of the translation's cell of *row*: the original's where the translation
    is the original's very text (a catalogue translated in part leaves the rest untranslated),
    so that a screen reader does not read English with a Thai voice."""
    untranslated = "".join(row.translation).strip() and row.translation == row.original
    return original.tag if untranslated else translation.tag


def _anchor(row: Row, used: set[str]) -> str:
    """The id of a section's heading row: the section's own anchor, so that the page's contents
    (the translation's sections) and links to a section (``#what-we-ask``) land on the pair."""
    first = next((anchor for anchor in row.anchors if anchor not in used), "")
    if not first:
        return ""
    used.add(first)
    return f' id="{escape(first)}"'


def _spans(row: Row, used: set[str]) -> str:
    """Empty targets for the row's other anchors (the original's section id, when two documents
    name their sections differently), each id once on the page."""
    spans = ""
    for anchor in row.anchors:
        if anchor not in used:
            used.add(anchor)
            spans += f'<span id="{escape(anchor)}"></span>'
    return spans


def scoped(cells: list[str], prefix: str) -> list[str]:
    """The HTML *cells* of one side with every id prefixed, and the links to them: both sides are
    the same page in two languages (or two pages numbering footnotes alike), so their ids would
    collide and a footnote link would land on the other side. Links to ids the side does not
    hold (a section, now a row of the view) are left as they are."""
    soups = [BeautifulSoup(cell, "html.parser") for cell in cells]
    ids = {str(tag["id"]) for soup in soups for tag in soup.find_all(id=True)}
    for soup in soups:
        for tag in soup.find_all(id=True):
            tag["id"] = prefix + str(tag["id"])
        for link in soup.find_all("a", href=True):
            href = str(link["href"])
            if href.startswith("#") and href[1:] in ids:
                link["href"] = f"#{prefix}{href[1:]}"
    return [str(soup) for soup in soups]


def site_page(template: str, title: str, article: str) -> str:
    """*template* (a built document page) with its article replaced by *article* and its title by
    *title*; the rest of the page (header, Quick exit, scripts, switcher) kept as built."""
    start = ARTICLE_OPEN.search(template)
    end = template.rfind("</article>")
    if start is None or end < start.end():
        raise ValueError("the page has no <article role=main>: not a page of this site's theme")
    head, tail = template[: start.end()], template[end:]
    head = TITLE.sub(lambda _: f"<title>{escape(title)}</title>", head, count=1)
    return f"{head}\n{article}{tail}"
