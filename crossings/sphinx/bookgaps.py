"""What a book cannot hold is left out of it, with a warning: one document never stops a book.

The site shows a missing picture as a broken image and a link to an anchor that is not there as a
link that goes nowhere, with Sphinx's warning. In the books either stopped everything: xelatex
cannot include a file that is not there, nor a GIF, TIFF, EMF or WMF picture (Word files and web
pages hold them; ingest keeps them), and epubcheck refuses an e-book naming a file it does not
hold, a picture type e-books need no reader for, or a fragment its page does not define. So in
the PDF and the EPUB such a picture becomes its alt text and such a link its text, each with a
warning at the document's line saying what to do.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util.typing import ExtensionMetadata

from crossings import __version__
from crossings.sphinx.warnings import Warn, warn

_ = get_translation("crossings")

BOOKS = ("epub", "latex")
FORMAT_NAMES = {"epub": "EPUB", "latex": "PDF"}


def _missing_or_foreign(app: Sphinx, image: nodes.image) -> str:
    """Why the book cannot hold *image* ("" when it can): its file is missing, or of a type the
    builder cannot show. A data: or remote URI is not judged here (crossings.sphinx.safety)."""
    candidates: dict[str, str] = image.get("candidates", {})
    if "?" in candidates:
        return ""
    # A picture named with its extension, or image.* (one file per type found).
    paths = [candidates["*"]] if "*" in candidates else list(candidates.values())
    found = [path for path in paths if (Path(app.srcdir) / path).is_file()]
    if not found:
        return _("its file is missing: add it to the document's folder or remove the image")
    supported = app.builder.supported_image_types
    if any(mimetypes.guess_type(path)[0] in supported for path in found):
        return ""
    kind = Path(found[0]).suffix.lstrip(".").upper() or "?"
    return _("the %s cannot show %s pictures: save it as PNG or JPEG") % (
        FORMAT_NAMES[app.builder.name],
        kind,
    )


def leave_out_images(app: Sphinx, doctree: nodes.document) -> None:
    """Replace every picture the book cannot hold by its alt text, with a warning."""
    for image in list(doctree.findall(nodes.image)):
        why = _missing_or_foreign(app, image)
        if not why:
            continue
        warn(
            Warn.BOOK,
            _("image %r left out of the %s: %s"),
            image["uri"],
            FORMAT_NAMES[app.builder.name],
            why,
            location=image,
        )
        alt = image.get("alt", "")
        image.replace_self(nodes.inline("", alt, classes=["crossings-left-out"]) if alt else [])


def ids_of(doctree: nodes.Node) -> set[str]:
    """Every anchor (id) a doctree defines."""
    return {name for node in doctree.findall(nodes.Element) for name in node.get("ids", [])}


class Anchors:
    """The anchors of the other pages of a book, read from their doctrees when first asked for."""

    def __init__(self, app: Sphinx, docname: str) -> None:
        """For links from *docname* (their addresses are relative to its page)."""
        self.app, self.docname = app, docname
        self._pages: dict[str, str] | None = None
        self._ids: dict[str, set[str]] = {}

    def page(self, uri: str) -> str | None:
        """The docname whose page *uri* (relative to this page, no fragment) is, if any."""
        if self._pages is None:
            builder = self.app.builder
            self._pages = {
                builder.get_relative_uri(self.docname, other): other for other in self.app.env.found_docs
            }
        return self._pages.get(uri)

    def defined(self, docname: str, anchor: str) -> bool:
        """Whether page *docname* has *anchor*."""
        if docname not in self._ids:
            self._ids[docname] = ids_of(self.app.env.get_doctree(docname))
        return anchor in self._ids[docname]


def _dangling(ref: nodes.reference, ids: set[str], anchors: Anchors | None) -> str:
    """The anchor *ref* links to when no page defines it, else "" (links to other pages are
    judged only with *anchors*: in the PDF they are harmless, a reference LaTeX cannot resolve)."""
    if ref.get("refid"):
        return "" if ref["refid"] in ids else str(ref["refid"])
    uri, _hash, anchor = str(ref.get("refuri", "")).partition("#")
    if not anchor or not ref.get("internal"):
        return ""
    if not uri:
        return "" if anchor in ids else anchor
    if anchors is None:
        return ""
    page = anchors.page(uri)
    return anchor if page is not None and not anchors.defined(page, anchor) else ""


def unlink_dangling(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace every link to an anchor its page does not define by its text, with a warning."""
    ids = ids_of(doctree)
    anchors = Anchors(app, docname) if app.builder.name == "epub" else None
    for ref in list(doctree.findall(nodes.reference)):
        anchor = _dangling(ref, ids, anchors)
        if anchor:
            message = _("link to #%s left out of the %s: its page has no such anchor")
            warn(Warn.BOOK, message, anchor, FORMAT_NAMES[app.builder.name], location=ref)
            ref.replace_self(list(ref.children))


def fill_gaps(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: in the books, leave out what they cannot hold."""
    if app.builder.name not in BOOKS:
        return
    leave_out_images(app, doctree)
    unlink_dangling(app, doctree, docname)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the gap filler (after references are resolved)."""
    app.connect("doctree-resolved", fill_gaps, priority=850)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
