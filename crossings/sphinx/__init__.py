"""The crossings Sphinx extension: metadata, browse pages, document panels, routes, citations, safety.

Loaded by an archive's conf.py (``extensions = ["myst_parser", "crossings.sphinx"]``).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from crossings import __version__
from crossings.sphinx import finish, head, listing, navigation, outdated, pages, panel, resolve, safety
from crossings.sphinx.domain import CrossingsDomain
from crossings.sphinx.nodes import PLACEHOLDERS, skip

SKIP_VISITORS = dict.fromkeys(("html", "latex", "text", "man", "texinfo"), (skip, None))
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the extension's configuration, domain, nodes, directives and event handlers."""
    app.add_config_value("crossings_archive", "", "env", types=frozenset({str}))
    app.add_config_value("crossings_documents", "documents", "env", types=frozenset({str}))
    app.add_config_value("crossings_language", "", "env", types=frozenset({str}))
    app.add_config_value("crossings_base_url", "", "html", types=frozenset({str}))
    app.add_config_value("crossings_sidebar_documents", False, "html", types=frozenset({bool}))
    app.add_config_value(
        "crossings_quick_exit_url", "https://www.wikipedia.org/", "html", types=frozenset({str})
    )

    app.setup_extension("crossings.sphinx.i18n")  # languages, catalogues, {lang}, static search
    app.add_domain(CrossingsDomain)
    app.setup_extension("crossings.sphinx.corpus")
    app.setup_extension("crossings.sphinx.redact")  # {redact}, no `only`, no orphans in public
    for node in PLACEHOLDERS:
        app.add_node(node, **SKIP_VISITORS)  # type: ignore[arg-type]
    app.add_directive("crossings-list", listing.CrossingsList)
    app.add_directive("crossings-browse", listing.CrossingsBrowse)
    safety.setup_math(app)
    app.add_css_file("crossings.css")
    app.add_js_file("crossings-quick-exit.js", defer="defer")
    app.add_message_catalog("crossings", str(LOCALE_DIR))

    app.setup_extension("crossings.sphinx.latex")  # the PDF proceedings
    app.setup_extension("crossings.sphinx.epub")  # the e-book proceedings
    app.setup_extension("crossings.sphinx.searchpage")  # the search page crossings serve answers
    app.connect("config-inited", safety.configure)
    app.connect("env-get-outdated", outdated.remember)
    app.connect("env-before-read-docs", safety.docutils_settings)
    app.connect("doctree-read", safety.check_media, priority=400)
    app.connect("doctree-read", panel.insert_placeholders)
    app.connect("env-updated", resolve.forget_view)
    app.connect("env-get-updated", outdated.to_rewrite)
    app.connect("doctree-resolved", resolve.fill)
    app.connect("html-collect-pages", pages.collect_pages)
    app.connect("html-page-context", navigation.page_context, priority=400)  # before Furo's
    app.connect("html-page-context", head.page_context)
    app.connect("build-finished", finish.finish)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
