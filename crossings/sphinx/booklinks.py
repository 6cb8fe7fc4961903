"""Books are not web pages: in the EPUB and the PDF, links to other sites become their text.

A reader who taps a link in an e-book or a PDF opens a browser on some other site, leaving a
history entry and telling that site where the reader came from; the books are meant to be read
offline. So the proceedings carry no link outside the book (``https:``, ``mailto:``...): each
becomes its text, and a link without text disappears. Links inside the book stay. The web pages'
quick-exit bar is not drawn in the books either (crossings.sphinx.quickexit).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from crossings import __version__

BOOKS = ("epub", "latex")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def outside(uri: str) -> bool:
    """True for an address outside the book: any scheme (https:, mailto:, tel:...) or //host."""
    uri = uri.strip()
    return bool(SCHEME.match(uri)) or uri.startswith("//")


def _as_text(node: nodes.Element) -> None:
    """Replace *node* by its children (its text, an image...)."""
    node.replace_self(list(node.children))


def unlink(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: in the books, turn every link to another site into plain content."""
    if app.builder.name not in BOOKS:
        return
    for ref in list(doctree.findall(nodes.reference)):
        if outside(ref.get("refuri", "")):
            _as_text(ref)
    for download in list(doctree.findall(addnodes.download_reference)):
        if outside(download.get("reftarget", "")):
            _as_text(download)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the transform (late, after every reference is resolved)."""
    app.connect("doctree-resolved", unlink, priority=900)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
