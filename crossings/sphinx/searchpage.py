"""The search page of the online archive (``search-service.html``), answered by ``crossings serve``.

The page is a plain form (query box, one group of checkboxes per counted facet of
crossings.search.registry, order) plus ``crossings-search.js``, which asks ``/api/search`` and
draws the results. Its texts, the facet labels in the reader's language and the registry itself
(``data-facets``: each facet's parameters and kind) travel in ``data-`` attributes, so the page
needs no inline script and the script no list of facets of its own. When the API cannot be reached
(the site opened from a folder or a static host) the script says so and the form falls back to
Sphinx's static search (``search.html?q=...``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import get_translation
from sphinx.util.typing import ExtensionMetadata

from crossings import __version__
from crossings.search.registry import counted, facets
from crossings.search.request.limits import DEFAULT_LIMIT, MAX_QUERY_CHARS
from crossings.sphinx import citelinks, searchassets
from crossings.sphinx.domain import get_domain
from crossings.sphinx.vocab import ui_language, vocabularies
from crossings.web import firstsearch

_ = get_translation("crossings")
PAGE = "search-service"
API = "../api/search"  # from the page, in its language's folder
STATIC = Path(__file__).resolve().parent.parent / "web" / "static"
BUILDERS = ("html",)  # dirhtml would put the page one folder deeper than ../api expects
FALLBACK = "search"  # Sphinx's own search page


def add_static(app: Sphinx, config: Config) -> None:
    """Copy the page's script and style with the site's static files."""
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def collect(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Add the search page to HTML builds."""
    if app.builder.name not in BUILDERS:
        return
    yield PAGE, {"title": _("Search the archive"), "body": page_body(app)}, "page.html"


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Link the script and style on the search page only; point every page's search box and the
    navigation at the page, and label Sphinx's own search page as the fallback it is."""
    if app.builder.name not in BUILDERS:
        return
    context["crossings_search_page"] = PAGE
    # From the page itself too: a new, empty search (an empty href would repeat the current one).
    href = app.builder.get_relative_uri(pagename, PAGE) or f"{PAGE}.html"
    context["crossings_search_link"] = (href, _("Search the archive"))
    if pagename == PAGE:
        app.add_css_file("crossings-search.css")
        app.add_js_file("crossings-search.js", defer="defer")
        # Every request counts on a slow connection: the page shows no code and never calls
        # Sphinx's own scripts (they serve search.html and its highlighting of the words found).
        # (In place: scripts other extensions add for this page go into these same lists.)
        for key in ("script_files", "css_files"):
            files = context.get(key)
            if isinstance(files, list):
                files[:] = [asset for asset in files if not _unused(asset)]
        # Its first request to the API, from the page's head (crossings.web.firstsearch).
        context["crossings_first_search"] = {
            "script": firstsearch.SCRIPT,
            "api": API,
            "limit": str(DEFAULT_LIMIT),
            "ui": ui_language(app.config),
        }
    if pagename == FALLBACK:
        context["crossings_fallback"] = {
            "title": _("Built-in search"),
            "note": _(
                "This is the site's built-in search, used because the archive's search service "
                "cannot be reached (this copy may have been opened from a folder or a static host). "
                "It has no filters and may find fewer or more pages."
            ),
            "link": _("Try the archive's search again"),
            "href": f"{PAGE}.html",
        }
        app.add_js_file("crossings-fallback.js", defer="defer")


# Sphinx's static files the search page does without (the archive's search is crossings-search.js).
UNUSED_HERE = (
    "pygments.css",
    "documentation_options.js",
    "doctools.js",
    "sphinx_highlight.js",
    "translations.js",
)


def _unused(asset: Any) -> bool:
    """True for one of Sphinx's files the search page does not use."""
    name = str(getattr(asset, "filename", asset)).split("?")[0].rsplit("/", 1)[-1]
    return name in UNUSED_HERE


def texts() -> dict[str, str]:
    """The script's messages, translated through the crossings catalogue."""
    return {
        "searching": _("Searching…"),
        "results": _("{total} results"),
        "one": _("1 result"),
        "none": _("No results."),
        "suggest": _("Did you mean"),
        "previous": _("Previous"),
        "next": _("Next"),
        "page": _("Page {page} of {pages}"),
        "offline": _(
            "The search service cannot be reached (this copy of the site may have been opened from a folder "
            "or a static host). The built-in search is used instead; it has no filters."
        ),
        "offlineLink": _("Search with the built-in search"),
        "error": _("The search failed:"),
        "busy": _("The search service is busy; trying again…"),
        "any": _("Any"),
        "section": _("Section"),
    }


def facet_labels(app: Sphinx) -> dict[str, dict[str, str]]:
    """The label of every value of each counted facet with a vocabulary, in the reader's language."""
    vocab, lang = vocabularies(app.config), ui_language(app.config)
    return {
        facet.name: {term.id: term.label(lang) for term in vocab.get(facet.vocabulary)}
        for facet in counted()
        if facet.vocabulary
    }


def page_body(app: Sphinx) -> str:
    """The HTML of the form, the status line and the (empty) result list."""
    data = {
        "data-api": API,
        "data-static-search": "search.html",
        "data-lang": ui_language(app.config),
        "data-texts": json.dumps(texts(), ensure_ascii=False),
        "data-labels": json.dumps(facet_labels(app), ensure_ascii=False),
        "data-facets": json.dumps([facet.as_json() for facet in facets()], ensure_ascii=False),
        "data-limit": str(DEFAULT_LIMIT),
    }
    attrs = " ".join(f'{name}="{escape(value)}"' for name, value in data.items())
    groups = "".join(facet_group(facet.control, _(facet.label)) for facet in counted())
    # The whole archive's citation files (crossings.sphinx.citeall), for researchers who search.
    cite_all = citelinks.archive_html(app, PAGE) if get_domain(app.env).documents else ""
    return f"""
<section class="crossings-search" id="crossings-search" {attrs}>
<h1 id="cs-title">{escape(_("Search the archive"))}</h1>
<form id="cs-form" class="cs-form" role="search" aria-labelledby="cs-title" action="{PAGE}.html" method="get">
<div class="cs-query">
<label for="cs-q">{escape(_("Search for"))}</label>
<input type="search" id="cs-q" name="q" maxlength="{MAX_QUERY_CHARS}" autocomplete="off" spellcheck="false">
<button type="submit" id="cs-submit">{escape(_("Search"))}</button>
</div>
<div class="cs-options">
<label for="cs-sort">{escape(_("Order"))}</label>
<select id="cs-sort" name="sort">
<option value="relevance">{escape(_("Best match first"))}</option>
<option value="date">{escape(_("Newest first"))}</option>
</select>
</div>
<details class="cs-filters" id="cs-filters" open>
<summary>{escape(_("Filters"))}</summary>
<div class="cs-facets" id="cs-facets">{groups}</div>
</details>
</form>
<p id="cs-status" class="cs-status" role="status" aria-live="polite"></p>
<p id="cs-suggestion" class="cs-suggestion" hidden></p>
<ol id="cs-results" class="cs-results"></ol>
<nav id="cs-pages" class="cs-pages" aria-label="{escape(_("Result pages"))}"></nav>
<noscript><p>{escape(_("This page needs JavaScript."))}
<a href="search.html">{escape(_("Use the built-in search instead."))}</a></p></noscript>
</section>
{cite_all}"""


def facet_group(key: str, title: str) -> str:
    """An empty fieldset the script fills with one checkbox per facet value and its count."""
    return (
        f'<fieldset class="cs-facet" id="cs-facet-{key}" data-param="{key}">'
        f'<legend>{escape(title)}</legend><div class="cs-values"></div></fieldset>'
    )


def one_of_each(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """html-page-context, after every handler that adds files: the search page's stylesheets
    inline and its scripts in one file (crossings.sphinx.searchassets)."""
    if app.builder.name in BUILDERS and pagename == PAGE:
        searchassets.one_of_each(app, pagename, context)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the page, its static files and the hooks that link them."""
    app.connect("config-inited", add_static)
    app.connect("html-collect-pages", collect)
    app.connect("html-page-context", add_assets)
    app.connect("html-page-context", one_of_each, priority=900)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
