"""The crossings Sphinx extension: metadata, browse pages, document panels, routes, citations, safety.

Loaded by an archive's conf.py (``extensions = ["myst_parser", "crossings.sphinx"]``).

The settings conf.py may give (``crossings_*``) are declared, checked and documented in
crossings.settings; docs/settings.md lists them, and docs/warnings.md the warnings.
Safe defaults are applied at config-inited unless conf.py sets them (crossings.sphinx.safety).
Translations: a document ``<id>-<lang>`` (lang = its ``language``) or one whose front matter has
``translation_of: <id>`` is a translation of ``<id>``; each lists the others.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from crossings import __version__
from crossings.sphinx import (
    empty,
    finish,
    formulas,
    head,
    listing,
    navigation,
    outdated,
    pages,
    panel,
    pdflink,
    resolve,
    safety,
)
from crossings.sphinx.depth import BoundedMystParser
from crossings.sphinx.domain import CrossingsDomain
from crossings.sphinx.nodes import PLACEHOLDERS, skip
from crossings.sphinx.title import TitleFromMetadata

# The code that makes a page's doctree: Sphinx reads every page again when its digest changes.
DOCTREE_CODE = ("redact", "sphinx")


def code_version(package: Path | None = None, folders: tuple[str, ...] = DOCTREE_CODE) -> int:
    """A number that changes with the source of *folders* of *package* (the extension's
    ``env_version``). A doctree keeps what the redaction and the extension's transforms made of
    a page; after an upgrade that changes them, an incremental build would otherwise keep every
    unchanged page's old doctree, and a name the new code withholds would stay in its HTML."""
    package = package or Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted((package / folder).rglob("*.py")):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return int.from_bytes(digest.digest()[:4], "big")


SKIP_VISITORS = dict.fromkeys(("html", "latex", "text", "man", "texinfo"), (skip, None))
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the extension's configuration, domain, nodes, directives and event handlers."""
    app.setup_extension("crossings.settings")  # every crossings_* setting, checked at config-inited
    app.setup_extension("crossings.sphinx.i18n")  # languages, catalogues, {lang}, static search
    app.add_source_parser(BoundedMystParser, override=True)  # pages nested too deep refused (depth.py)
    app.add_domain(CrossingsDomain)
    app.setup_extension("crossings.sphinx.corpus")
    app.setup_extension("crossings.sphinx.redact")  # {redact}, no `only`, no orphans in public
    for node in PLACEHOLDERS:
        app.add_node(node, **SKIP_VISITORS)  # type: ignore[arg-type]
    app.add_directive("crossings-list", listing.CrossingsList)
    app.add_directive("crossings-browse", listing.CrossingsBrowse)
    app.add_transform(TitleFromMetadata)
    app.add_transform(safety.DropRawMarkup)
    formulas.setup(app)  # MathML in HTML, TeX math in the PDF, TeX source when neither can
    app.add_css_file("crossings.css")
    app.add_message_catalog("crossings", str(LOCALE_DIR))

    app.setup_extension("crossings.sphinx.latex")  # the PDF proceedings
    app.setup_extension("crossings.sphinx.paper")  # a PDF per document (crossings build papers)
    app.setup_extension("crossings.sphinx.epub")  # the e-book proceedings
    app.setup_extension("crossings.sphinx.searchpage")  # the search page crossings serve answers
    app.setup_extension("crossings.sphinx.quickexit")  # the quick-exit bar and its settings
    app.setup_extension("crossings.sphinx.safetypage")  # how to stay safe, in every language
    app.setup_extension("crossings.sphinx.notfound")  # the page crossings serve shows for no page
    app.setup_extension("crossings.sphinx.oai")  # OAI-PMH records and the Static Repository file
    app.connect("config-inited", safety.configure)
    app.connect("config-inited", empty.install)
    app.connect("env-get-outdated", outdated.remember)
    app.connect("env-before-read-docs", safety.docutils_settings)
    app.connect("doctree-read", safety.check_media, priority=400)
    app.connect("doctree-read", panel.insert_placeholders)
    app.connect("env-updated", resolve.forget_view)
    app.connect("env-get-updated", outdated.to_rewrite)
    app.connect("env-get-updated", pdflink.to_rewrite)
    app.connect("env-purge-doc", pdflink.forget_changed)
    app.connect("doctree-resolved", resolve.fill)
    app.connect("html-collect-pages", pages.collect_pages)
    app.connect("html-page-context", navigation.page_context, priority=400)  # before Furo's
    app.connect("html-page-context", head.page_context)
    app.connect("build-finished", finish.finish)
    return {
        "version": __version__,
        "env_version": code_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
