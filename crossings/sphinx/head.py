"""html-page-context: citation meta tags and files, and the browse links."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from crossings import atomic
from crossings.catalog import DocumentMeta
from crossings.sphinx import cite
from crossings.sphinx.address import page_url
from crossings.sphinx.domain import Entry
from crossings.sphinx.i18n import has_translation
from crossings.sphinx.imprint import imprint
from crossings.sphinx.pages import BUILDERS, browse_links
from crossings.sphinx.panel import cite_path
from crossings.sphinx.pdflink import has_pdf, pdf_url
from crossings.sphinx.resolve import view_of
from crossings.sphinx.view import ArchiveView
from crossings.sphinx.vocab import ui_language

WRITERS = {"bib": cite.bibtex, "ris": cite.ris, "json": cite.csl_json}


def shown_meta(app: Sphinx, entry: Entry) -> DocumentMeta:
    """*entry*'s metadata as its page in this build shows it.

    A page a catalogue translates (``locales/<lang>/LC_MESSAGES/documents/<id>.po``) is the
    translation: its text is in the build's language (the page's ``lang`` says so) under the
    translated title its heading and ``<title>`` show. Its citations, meta tags and OAI-PMH record
    say the same, or a reference manager would file a Thai page as an English item, and Google
    Scholar would find the cited title nowhere on the page.
    """
    meta, build = entry.meta, ui_language(app.config)
    if meta.language == build or not has_translation(app, entry.docname):
        return meta
    title = app.env.titles.get(entry.docname)
    return replace(meta, language=build, title=title.astext() if title is not None else meta.title)


def citation(app: Sphinx, view: ArchiveView, entry: Entry) -> cite.Citation:
    """The citation of *entry* in the site's language: its event's label and place, the archive's
    publisher and place (the same imprint as the books'), and its page's address if known."""
    meta = shown_meta(app, entry)
    event = view.vocab.events.terms.get(meta.event) if meta.event else None
    event_place = ""
    if event is not None:  # a place_th column names the place in Thai
        event_place = event.attrs.get(f"place_{view.lang}") or event.attrs.get("place", "")
    found = imprint(app.config)
    return cite.Citation(
        meta,
        conference=view.label("events", meta.event) if meta.event else "",
        publisher=found.publisher,
        place=found.place,
        url=page_url(app, entry.docname),
        event_place=event_place,
    )


def page_tags(app: Sphinx, view: ArchiveView, entry: Entry) -> cite.PageTags:
    """The proceedings' title, the PDF when it is built, and the theme and country labels."""
    meta = entry.meta
    keywords = [view.label("themes", t) for t in meta.themes] + [
        view.label("countries", c) for c in meta.countries
    ]
    return cite.PageTags(
        proceedings=imprint(app.config).title if meta.event else "",
        pdf_url=pdf_url(app, entry.docname) if has_pdf(app, entry.docname) else "",
        keywords=tuple(keywords),
    )


def write_if_changed(path: Path, text: str) -> None:
    """Write *text* unless the file already holds it (keeps mtimes for rsync and caches), through
    a temporary file and a rename, so that a reader (or a server) never gets half of it."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_text(path, text)


TABLE_BOX = '<div tabindex="0" class="table-wrapper'


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """Add what every page shows (browse links) and, on documents, the citation."""
    if app.builder.name not in BUILDERS:
        return
    if "body" in context:
        # A wide table scrolls inside its box (crossings.css): the box takes the keyboard's focus,
        # so that it can be scrolled without a mouse even when the table holds no link.
        context["body"] = str(context["body"]).replace('<div class="table-wrapper', TABLE_BOX)
    view = view_of(app)
    context["crossings_browse"] = [
        (app.builder.get_relative_uri(pagename, page), label) for page, label in browse_links(view)
    ]
    entry = view.by_docname.get(pagename)
    if entry is None or doctree is None:
        return
    cited = citation(app, view, entry)
    context["metatags"] = context.get("metatags", "") + cite.meta_html(cited, page_tags(app, view, entry))
    for extension, writer in WRITERS.items():
        write_if_changed(Path(app.outdir) / cite_path(entry, extension), writer(cited))
