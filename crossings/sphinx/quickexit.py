"""Quick exit: the bar at the top of every web page, where it leaves for, and one history entry per visit.

Its settings (``crossings_quick_exit_url``, ``crossings_quick_exit_urls``,
``crossings_one_history_entry``) are declared and checked in crossings.settings: an address that is
not a full ``https://`` one stops the build, naming the setting. The books (EPUB, PDF) carry no
bar: see crossings.sphinx.booklinks.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import get_translation
from sphinx.util.typing import ExtensionMetadata

from crossings import __version__
from crossings.settings import Settings, settings
from crossings.sphinx.pages import BUILDERS  # the web site; the books and other builders get no bar
from crossings.sphinx.vocab import ui_language

_ = get_translation("crossings")

SAFETY_PAGE = "safety"


def destination(config: Config, lang: str = "") -> str:
    """Where Quick exit leaves for in *lang* (default: the build's interface language)."""
    chosen = Settings.from_config(config)
    tag = (lang or ui_language(config)).lower()
    by_tag = {key.lower(): url.strip() for key, url in chosen.quick_exit_urls.items()}
    for candidate in (tag, tag.split("-")[0]):
        if candidate in by_tag:
            return by_tag[candidate]
    return chosen.quick_exit_url.strip()


def site_name(url: str) -> str:
    """The host a destination names (``th.wikipedia.org``)."""
    return urlsplit(url).hostname or url


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """html-page-context: what the bar shows on web pages (nothing in the books)."""
    if app.builder.name not in BUILDERS:
        return
    here = pagename == SAFETY_PAGE
    context["crossings_exit"] = {
        "url": destination(app.config),
        "safety": "#" if here else app.builder.get_relative_uri(pagename, SAFETY_PAGE),
        "safety_current": here,
        "history": "one-entry" if settings(app).one_history_entry else "browser",
    }
    # The names of the theme's two side landmarks (page.html): two unnamed <aside> would be one
    # landmark twice to a screen reader.
    context["crossings_landmarks"] = {"navigation": _("Site navigation"), "contents": _("Contents")}


def add_scripts(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """html-page-context: the bar's scripts, on web pages only (the e-book carries no script)."""
    if app.builder.name in BUILDERS:
        app.add_js_file("crossings-quick-exit.js", defer="defer")
        if settings(app).one_history_entry:
            app.add_js_file("crossings-one-entry.js", defer="defer")


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the bar (its settings are crossings.settings')."""
    app.setup_extension("crossings.settings")
    app.connect("html-page-context", page_context)
    app.connect("html-page-context", add_scripts)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
