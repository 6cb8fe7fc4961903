"""The pages the bundle adds to a built site: the offline search page, the bundle's front page,
and the note that another language is not in this bundle."""

from __future__ import annotations

from html import escape

from crossings.languages import Language
from crossings.sphinx.catalogs import N_, translate

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


def _shell(lang: str, title: str, body: str, css: str = "") -> str:
    """A small standalone HTML page (the bundle's own pages do not depend on the site's theme)."""
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}{css}</style>\n</head>\n<body>\n<main>\n"
        f"{body}\n</main>\n</body>\n</html>\n"
    )


_CSS = (
    "body{margin:0;line-height:1.5}main{max-width:46rem;margin:0 auto;padding:1rem}"
    "input[type=search]{font:inherit;padding:.4rem;width:min(100%,30rem)}"
    "button{font:inherit;padding:.4rem .8rem}"
    "li{margin:.4rem 0}.note{font-size:.9rem;color:#444}"
)


def search_page(language: Language) -> str:
    """offline-search.html of one language folder: the form, the results, what it cannot do; in
    the language of its folder."""

    def _(message: str) -> str:
        return escape(translate(message, language.sphinx))

    limits = "".join(f"<li>{_(line)}</li>" for line in LIMITS)
    body = (
        f'<p><a href="index.html">{_("Home")}</a></p>\n'
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
    css = f"body{{font-family:{language.css_fonts}}}"
    return _shell(language.tag, translate(OFFLINE_SEARCH, language.sphinx), body, css)


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


def front_page(languages: list[Language], books: dict[str, list[str]]) -> str:
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
    return _shell(first.tag, translate(OFFLINE_ARCHIVE, first.sphinx), body)


def not_bundled_page(languages: list[Language]) -> str:
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
    return _shell(first.tag, translate(NOT_BUNDLED, first.sphinx), "\n".join(blocks))
