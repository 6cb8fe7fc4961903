"""Document pages: the metadata panel, related documents, translations and "cite this"."""

from __future__ import annotations

from collections.abc import Iterable

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util.nodes import make_refnode
from sphinx.util.osutil import relative_uri

from crossings import citefiles
from crossings.sphinx import citelinks
from crossings.sphinx.domain import Entry, get_domain
from crossings.sphinx.nodes import crossings_footer, crossings_panel
from crossings.sphinx.pdflink import LINK_CLASS, has_pdf, pdf_path
from crossings.sphinx.view import ArchiveView

_ = get_translation("crossings")


def insert_placeholders(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: put a panel under the title and a footer at the end of each archive document."""
    if app.env.current_document.docname not in get_domain(app.env).documents:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    container: nodes.Element = section if section is not None else doctree
    title = next((i for i, child in enumerate(container.children) if isinstance(child, nodes.title)), -1)
    container.insert(title + 1, crossings_panel())
    container.append(crossings_footer())


def _links_enabled(app: Sphinx) -> bool:
    """True when the browse pages exist in this build (so metadata can link to them)."""
    return app.builder.name in ("html", "dirhtml")


def _inline_join(parts: Iterable[nodes.Node], separator: str = ", ") -> list[nodes.Node]:
    """Nodes separated by text."""
    joined: list[nodes.Node] = []
    for part in parts:
        if joined:
            joined.append(nodes.Text(separator))
        joined.append(part)
    return joined


def _term(app: Sphinx, docname: str, page: str, text: str) -> nodes.Node:
    """A label linking to a browse page when this build has browse pages."""
    if not _links_enabled(app):
        return nodes.Text(text)
    return nodes.reference("", text, internal=True, refuri=app.builder.get_relative_uri(docname, page))


def _field(name: str, body: list[nodes.Node]) -> nodes.field:
    """One row of the panel."""
    return nodes.field("", nodes.field_name("", name), nodes.field_body("", nodes.paragraph("", "", *body)))


def panel(app: Sphinx, view: ArchiveView, entry: Entry) -> nodes.container:
    """The metadata panel of *entry*."""
    meta, docname, fields = entry.meta, entry.docname, nodes.field_list()
    if meta.countries:
        links = [
            _term(app, docname, f"countries/{c.lower()}", view.label("countries", c)) for c in meta.countries
        ]
        fields += _field(_("Countries"), _inline_join(links))
    if meta.themes:
        links = [_term(app, docname, f"themes/{t}", view.label("themes", t)) for t in meta.themes]
        fields += _field(_("Themes"), _inline_join(links))
    fields += _field(_("Type"), [_term(app, docname, f"types/{meta.type}", view.label("types", meta.type))])
    if meta.event:
        event = [_term(app, docname, f"events/{meta.event}", view.label("events", meta.event))]
        if meta.session:
            event += [nodes.Text(" – "), nodes.Text(view.label("sessions", meta.session))]
        fields += _field(_("Event"), event)
    if meta.authors:
        fields += _field(_("Authors"), [nodes.Text("; ".join(meta.authors))])
    if meta.organisations:
        fields += _field(_("Organisations"), [nodes.Text("; ".join(meta.organisations))])
    language = _term(app, docname, f"languages/{meta.language}", view.label("languages", meta.language))
    fields += _field(_("Language"), [language])
    if meta.date:
        fields += _field(_("Date"), [nodes.Text(meta.date)])
    return nodes.container("", fields, classes=["crossings-panel"])


def footer(app: Sphinx, view: ArchiveView, entry: Entry) -> list[nodes.Node]:
    """Translations, related documents and "cite this" for *entry*."""
    found: list[nodes.Node] = []
    translations = view.translations(entry)
    if translations:
        items = [
            _doc_item(app, entry.docname, t, view.label("languages", t.meta.language)) for t in translations
        ]
        found.append(_box("crossings-translations", _("In other languages"), nodes.bullet_list("", *items)))
    related = view.related(entry)
    if related:
        items = [_doc_item(app, entry.docname, r) for r in related]
        found.append(_box("crossings-related", _("Related documents"), nodes.bullet_list("", *items)))
    if _links_enabled(app):
        found.append(_cite_box(app, entry))
    return found


def _box(css: str, title: str, *content: nodes.Node) -> nodes.container:
    """A titled box (a rubric keeps it out of the page's table of contents)."""
    return nodes.container("", nodes.rubric("", title), *content, classes=[css])


def _doc_item(app: Sphinx, fromdocname: str, other: Entry, note: str = "") -> nodes.list_item:
    """A list item linking to another document."""
    ref = make_refnode(
        app.builder, fromdocname, other.docname, "", nodes.inline("", other.meta.title), other.meta.title
    )
    para = nodes.paragraph("", "", ref)
    if note:
        para += nodes.Text(f" ({note})")
    return nodes.list_item("", para)


def cite_path(entry: Entry, extension: str) -> str:
    """Where a citation file is written, relative to the output folder."""
    return citefiles.path(entry.meta.id, extension)


def _cite_box(app: Sphinx, entry: Entry) -> nodes.container:
    """Download links for the citation files, and the paper's PDF when it is built."""
    links = citelinks.document_links(app, entry.docname, entry.meta.id)
    if not has_pdf(app, entry.docname):
        return _box("crossings-cite", _("Cite this"), links)
    here = app.builder.get_target_uri(entry.docname)
    pdf = nodes.reference(
        "", _("PDF"), refuri=relative_uri(here, pdf_path(entry.docname)), classes=[LINK_CLASS]
    )
    paper = nodes.paragraph("", _("The paper to read or print: "), pdf)
    return _box("crossings-cite", _("Cite this"), links, paper)


def resolve(app: Sphinx, doctree: nodes.document, docname: str, view: ArchiveView) -> None:
    """Fill the panel and footer placeholders of *docname*."""
    entry = get_domain(app.env).documents.get(docname)
    for node in list(doctree.findall(crossings_panel)):
        node.replace_self(panel(app, view, entry) if entry else [])
    for node in list(doctree.findall(crossings_footer)):
        node.replace_self(footer(app, view, entry) if entry else [])
