"""Download links to citation files: one document's ("cite this") and the whole site's.

Each link carries a ``download`` attribute naming the file the reader's browser saves
(crossings.citefiles), the same name ``crossings serve`` gives in its Content-Disposition.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util.osutil import relative_uri

from crossings import citefiles
from crossings.languages import folder
from crossings.sphinx.vocab import ui_language

_ = get_translation("crossings")


def site_folder(app: Sphinx) -> str:
    """The folder of this build's language site (``en``, ``zh-hant``)."""
    return folder(ui_language(app.config))


def links_html(app: Sphinx, pagename: str, stem: str) -> str:
    """``BibTeX · RIS · CSL-JSON`` links from *pagename* to the citation files of *stem*."""
    here = app.builder.get_target_uri(pagename)
    links = []
    for extension in citefiles.EXTENSIONS:
        href = relative_uri(here, citefiles.path(stem, extension))
        name = citefiles.download_name(stem, extension, site_folder(app))
        css = f"reference crossings-cite-{extension}"
        label = citefiles.LABELS[extension]
        links.append(f'<a class="{css}" href="{escape(href)}" download="{escape(name)}">{escape(label)}</a>')
    return " · ".join(links)


def document_links(app: Sphinx, pagename: str, stem: str) -> nodes.paragraph:
    """The "cite this" paragraph of a document page."""
    raw = nodes.raw("", links_html(app, pagename, stem), format="html")
    return nodes.paragraph("", _("Download the citation: "), raw)


def archive_html(app: Sphinx, pagename: str) -> str:
    """A paragraph linking the citations of every document of this site, as HTML."""
    text = escape(_("Citations of every document in this archive, in one file: "))
    links = links_html(app, pagename, citefiles.COMBINED)
    return f'<p class="crossings-cite-all">{text}{links}</p>\n'


def archive_node(app: Sphinx, pagename: str) -> nodes.raw:
    """The same paragraph as a node, for hand-written pages (the ``crossings-browse`` directive)."""
    return nodes.raw("", archive_html(app, pagename), format="html")
