"""The pages the bundle adds to a built site: the offline search page, the bundle's front page,
and the note that another language is not in this bundle."""

from __future__ import annotations

from html import escape

from crossings.languages import Language

# What the offline search does not do, said on its page (the service does all of these).
LIMITS = (
    "Every word must occur somewhere in a document; words are not looked for as a phrase.",
    "No fuzzy matching (misspellings), prefix* or wild?cards, AND/OR/NOT, field:value or year: searches.",
    "No filters by country, theme or year, no snippets; results come in a simpler order than online.",
    "English words are matched through the forms the archive uses and common endings (-s, -ing, -ed).",
)


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
    """offline-search.html of one language folder: the form, the results, what it cannot do."""
    limits = "".join(f"<li>{escape(line)}</li>" for line in LIMITS)
    body = (
        '<p><a href="index.html" lang="en">Home</a></p>\n'
        '<h1 lang="en">Search (offline)</h1>\n'
        '<form id="offline-search-form" method="get" action="offline-search.html" role="search">\n'
        '<label for="offline-q" lang="en">Search the archive</label><br>\n'
        '<input type="search" id="offline-q" name="q" autocomplete="off">\n'
        '<button type="submit" lang="en">Search</button>\n</form>\n'
        '<p id="offline-search-status" role="status" aria-live="polite" lang="en"'
        ' data-one="1 document" data-many="{n} documents"></p>\n'
        '<ol id="offline-search-results"></ol>\n'
        '<noscript><p lang="en">Searching needs JavaScript; every page can still be reached from the'
        " home page and the browse pages.</p></noscript>\n"
        '<section class="note" lang="en"><h2>What this offline search cannot do</h2>'
        f"<ul>{limits}</ul><p>The online archive's search does all of these.</p></section>\n"
        '<script src="_bundle/offline-index.js"></script>\n'
        '<script src="_bundle/offline-search.js"></script>'
    )
    css = f"body{{font-family:{language.css_fonts}}}"
    return _shell(language.tag, "Search (offline)", body, css)


def front_page(languages: list[Language], books: dict[str, list[str]]) -> str:
    """index.html at the root of the zip: one link per bundled language, and its books."""
    links = "".join(
        f'<li><a href="{escape(lang.folder)}/index.html" lang="{escape(lang.tag)}"'
        f' hreflang="{escape(lang.tag)}">{escape(lang.autonym)}</a>'
        + "".join(
            f' · <a href="{escape(book)}">{escape(book.rsplit("/", 1)[-1])}</a>' for book in books[lang.tag]
        )
        + "</li>"
        for lang in languages
    )
    body = (
        "<h1>crossings: offline archive</h1>\n"
        "<p>Open a language below. Every page, image and book of the public archive in that language is"
        " in this folder; its search works without a network.</p>\n"
        f'<ul>{links}</ul>\n<p class="note">Checksums of every file: MANIFEST.sha256.</p>'
    )
    return _shell("en", "crossings: offline archive", body)


def not_bundled_page(languages: list[Language]) -> str:
    """not-bundled.html: where a language switcher's link to a language left out leads."""
    names = ", ".join(lang.english for lang in languages)
    body = (
        "<h1>This language is not in this bundle</h1>\n"
        f"<p>This offline copy holds: {escape(names)}. Other languages are on the online archive,"
        " or in a bundle made with <code>crossings bundle --lang all</code>.</p>\n"
        '<p><a href="index.html">Back to the bundle\'s languages</a></p>'
    )
    return _shell("en", "Not in this bundle", body)
