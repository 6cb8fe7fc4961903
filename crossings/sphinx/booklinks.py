"""Books are not web pages: in the EPUB and the PDF, links to other sites become their text.

A reader who taps a link in an e-book or a PDF opens a browser on some other site, leaving a
history entry and telling that site where the reader came from; the books are meant to be read
offline. So the proceedings carry no link outside the book (``https:``, ``mailto:``...): each
becomes its text, and a link without text disappears. Links inside the book stay. The web pages'
quick-exit bar is not drawn in the books either (crossings.sphinx.quickexit).

An address written out in the text (``<https://...>`` or plain ``https://...``) is one word that
TeX cannot break: a long one ran off the page and was cut. In the PDF it is set as a URL
(``\nolinkurl``: breakable after its slashes and dots, and still no link).
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
# An address written out in running text: ASCII up to a space, another script or the end, less
# the punctuation of the sentence after it.
WRITTEN_URL = re.compile(r"(?:https?|ftp)://[!-~]+?(?=[.,;:!?)\]'\"]*(?:[^!-~]|$))")
# Where an address stays as it is: code, formulas, links inside the book, and titles (their text
# also goes into bookmarks and running heads).
AS_IS = (
    nodes.FixedTextElement,
    nodes.literal,
    nodes.math,
    nodes.raw,
    nodes.reference,
    nodes.title,
    nodes.subtitle,
    addnodes.pending_xref,
)


def outside(uri: str) -> bool:
    """True for an address outside the book: any scheme (https:, mailto:, tel:...) or //host."""
    uri = uri.strip()
    return bool(SCHEME.match(uri)) or uri.startswith("//")


def _as_text(node: nodes.Element) -> None:
    """Replace *node* by its children (its text, an image...)."""
    node.replace_self(list(node.children))


def _url(address: str) -> nodes.reference:
    """*address* set as a URL that is no link (Sphinx's LaTeX writer: ``\\sphinxnolinkurl``)."""
    return nodes.reference(address, address, refuri=address, nolinkurl=True)


def _breakable(text: nodes.Text) -> None:
    """Set every address written out in *text* as a URL TeX may break."""
    value = str(text)
    pieces: list[nodes.Node] = []
    start = 0
    for found in WRITTEN_URL.finditer(value):
        pieces += [nodes.Text(value[start : found.start()]), _url(found.group())]
        start = found.end()
    if pieces:
        text.parent.replace(text, [*pieces, nodes.Text(value[start:])])


def _set_as_is(text: nodes.Text) -> bool:
    """True for text inside code, a formula, a title or a link, where an address stays as it is."""
    node = text.parent
    while node is not None:
        if isinstance(node, AS_IS):
            return True
        node = node.parent
    return False


def break_urls(doctree: nodes.document) -> None:
    """In the PDF: every address written out in running text becomes a URL TeX may break."""
    for text in list(doctree.findall(nodes.Text)):
        if not _set_as_is(text):
            _breakable(text)


def unlink(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: in the books, turn every link to another site into plain content (in
    the PDF, every address written out then into a URL that is no link)."""
    if app.builder.name not in BOOKS:
        return
    for ref in list(doctree.findall(nodes.reference)):
        if outside(ref.get("refuri", "")):
            _as_text(ref)
    for download in list(doctree.findall(addnodes.download_reference)):
        if outside(download.get("reftarget", "")):
            _as_text(download)
    if app.builder.name == "latex":
        break_urls(doctree)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the transform (late, after every reference is resolved)."""
    app.connect("doctree-resolved", unlink, priority=900)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
