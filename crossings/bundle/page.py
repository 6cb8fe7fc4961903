"""The pages the bundle adds to a built site: the offline search page, the bundle's front page,
and the note that another language is not in this bundle.

Each has the site's Quick exit bar, as every page of the site has. The search page (where a reader
types what may be the most sensitive words of the visit) is a page of its language's site: a built
page with its article replaced, so it keeps the bar, the Staying safe link, one history entry, the
theme and the language switcher. The two pages at the root of the zip, outside any language's
site, carry the bar of the first bundled language with its scripts and styles.
"""

from __future__ import annotations

import re
from html import escape

from crossings.languages import Language
from crossings.parallel.page import site_page
from crossings.sphinx.catalogs import N_, translate

EXIT_BAR = re.compile(r'<nav class="crossings-exit-bar".*?</nav>', re.DOTALL)
EXIT_SCRIPT = re.compile(
    r'<script[^>]*src="_static/crossings-(?:quick-exit|one-entry)\.js[^"]*"[^>]*></script>'
)
RELATIVE_HREF = re.compile(r'((?:href|src)=")(?![a-z][a-z0-9+.-]*:|#|/)')
SWITCHER = re.compile(r'(<a href="\.\./[^/"]+/)[^/"]+\.html(" hreflang=)')
MAIN_ID = "furo-main-content"  # where the bar's "Skip to content" leads

# What the offline search does not do, said on its page (the service does all of these).
LIMITS = (
    N_("Every word must occur somewhere in a document; words are not looked for as a phrase."),
    N_("No fuzzy matching (misspellings), prefix* or wild?cards, AND/OR/NOT, field:value or year: searches."),
    N_("No filters by country, theme or year, no snippets; results come in a simpler order than online."),
    N_("English words are matched through the forms the archive uses and common endings (-s, -ing, -ed)."),
)
OFFLINE_SEARCH = N_("Search (offline)")
OFFLINE_ARCHIVE = N_("crossings: offline archive")
NOT_BUNDLED = N_("This language is not in this bundle")


def _shell(lang: str, title: str, body: str, exit_bar: tuple[str, str]) -> str:
    """A small standalone HTML page with the Quick exit bar (*exit_bar*: the bar and what the
    page's head loads for it, see :func:`root_exit_bar`)."""
    bar, head = exit_bar
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="referrer" content="no-referrer">\n<title>{escape(title)}</title>\n{head}'
        f'<style>{_CSS}</style>\n</head>\n<body>\n{bar}\n<main id="{MAIN_ID}">\n'
        f"{body}\n</main>\n</body>\n</html>\n"
    )


def root_exit_bar(template: str, folder: str) -> tuple[str, str]:
    """The Quick exit bar of *template* (a built page of the language site in *folder*) for a page
    at the root of the zip, and the styles and scripts it needs there; its links lead into
    *folder*."""
    found = EXIT_BAR.search(template)
    if found is None:
        raise ValueError("the page has no Quick exit bar: not a page of this site's theme")

    def into_folder(match: re.Match[str]) -> str:
        return f"{match.group(1)}{folder}/"

    bar = RELATIVE_HREF.sub(into_folder, found.group(0))
    scripts = "".join(
        RELATIVE_HREF.sub(into_folder, script) + "\n" for script in EXIT_SCRIPT.findall(template)
    )
    styles = f'<link rel="stylesheet" href="{escape(folder)}/_static/crossings.css">\n'
    return bar, styles + scripts


_CSS = (
    "body{margin:0;line-height:1.5}main{max-width:46rem;margin:0 auto;padding:1rem}"
    "li{margin:.4rem 0}.note{font-size:.9rem;color:#444}"
)
_SEARCH_CSS = (
    ".crossings-offline-search input[type=search]{font:inherit;padding:.4rem;width:min(100%,30rem);"
    "box-sizing:border-box}.crossings-offline-search button{font:inherit;padding:.4rem .8rem}"
    ".crossings-offline-search li{margin:.4rem 0}.crossings-offline-search .note{font-size:.9rem}"
)


def search_page(language: Language, template: str) -> str:
    """offline-search.html of one language folder: the form, the results, what it cannot do; in
    the language of its folder, in *template* (a built page of that folder: its bar, header,
    switcher and scripts; the switcher's links lead to the other languages' offline search)."""

    def _(message: str) -> str:
        return escape(translate(message, language.sphinx))

    limits = "".join(f"<li>{_(line)}</li>" for line in LIMITS)
    body = (
        f"<h1>{_(OFFLINE_SEARCH)}</h1>\n"
        '<form id="offline-search-form" method="get" action="offline-search.html" role="search">\n'
        f'<label for="offline-q">{_("Search the archive")}</label><br>\n'
        '<input type="search" id="offline-q" name="q" autocomplete="off">\n'
        f'<button type="submit">{_("Search")}</button>\n</form>\n'
        '<p id="offline-search-status" role="status" aria-live="polite"'
        f' data-one="{_("1 document")}" data-many="{_("{n} documents")}"></p>\n'
        '<ol id="offline-search-results"></ol>\n'
        f"<noscript><p>{_(NO_SCRIPT)}</p></noscript>\n"
        f'<section class="note"><h2>{_(CANNOT)}</h2>'
        f"<ul>{limits}</ul><p>{_(ONLINE_DOES)}</p></section>\n"
        '<script src="_bundle/offline-index.js"></script>\n'
        '<script src="_bundle/offline-search.js"></script>'
    )
    article = f'<div class="crossings-offline-search">\n<style>{_SEARCH_CSS}</style>\n{body}\n</div>\n'
    page = site_page(template, translate(OFFLINE_SEARCH, language.sphinx), article)
    return SWITCHER.sub(r"\1offline-search.html\2", page)


NO_SCRIPT = N_(
    "Searching needs JavaScript; every page can still be reached from the home page and the browse pages."
)
CANNOT = N_("What this offline search cannot do")
ONLINE_DOES = N_("The online archive's search does all of these.")
OPEN_LANGUAGE = N_(
    "Open a language below. Every page, image and book of the public archive in that language is "
    "in this folder; its search works without a network."
)
CHECKSUMS = N_("Checksums of every file: MANIFEST.sha256.")
HOLDS = N_(
    "This offline copy holds: {languages}. Other languages are on the online archive, "
    "or in a bundle made with {command}."
)
BACK = N_("Back to the bundle's languages")


def _in_each(languages: list[Language], tag: str, messages: list[str]) -> str:
    """*messages* once in each of *languages* (each block marked with its ``lang``), as *tag* elements."""
    return "\n".join(
        f'<{tag} lang="{escape(lang.tag)}">{escape(translate(message, lang.sphinx))}</{tag}>'
        for lang in languages
        for message in messages
    )


def front_page(languages: list[Language], books: dict[str, list[str]], exit_bar: tuple[str, str]) -> str:
    """index.html at the root of the zip: one link per bundled language, and its books; what it
    is, in each bundled language."""
    links = "".join(
        f'<li><a href="{escape(lang.folder)}/index.html" lang="{escape(lang.tag)}"'
        f' hreflang="{escape(lang.tag)}">{escape(lang.autonym)}</a>'
        + "".join(
            f' · <a href="{escape(book)}">{escape(book.rsplit("/", 1)[-1])}</a>' for book in books[lang.tag]
        )
        + "</li>"
        for lang in languages
    )
    first = languages[0]
    body = (
        f"<h1>{escape(translate(OFFLINE_ARCHIVE, first.sphinx))}</h1>\n"
        f"{_in_each(languages, 'p', [OPEN_LANGUAGE])}\n"
        f'<ul>{links}</ul>\n<div class="note">{_in_each(languages, "p", [CHECKSUMS])}</div>'
    )
    return _shell(first.tag, translate(OFFLINE_ARCHIVE, first.sphinx), body, exit_bar)


def not_bundled_page(languages: list[Language], exit_bar: tuple[str, str]) -> str:
    """not-bundled.html: where a language switcher's link to a language left out leads; said in
    each bundled language."""
    first = languages[0]
    blocks = []
    for lang in languages:
        names = ", ".join(lang_name.autonym for lang_name in languages)
        holds = escape(translate(HOLDS, lang.sphinx)).format(
            languages=escape(names), command="<code>crossings bundle --lang all</code>"
        )
        heading = "h1" if lang is first else "h2"
        blocks.append(
            f'<section lang="{escape(lang.tag)}"><{heading}>{escape(translate(NOT_BUNDLED, lang.sphinx))}'
            f"</{heading}>\n<p>{holds}</p>\n"
            f'<p><a href="index.html">{escape(translate(BACK, lang.sphinx))}</a></p></section>'
        )
    return _shell(first.tag, translate(NOT_BUNDLED, first.sphinx), "\n".join(blocks), exit_bar)
