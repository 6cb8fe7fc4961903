"""doctree-resolved: fill the placeholders of a page with what the whole archive knows."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from crossings.sphinx import listing, panel
from crossings.sphinx.nodes import PLACEHOLDERS
from crossings.sphinx.pages import archive_view
from crossings.sphinx.view import ArchiveView

_CACHE = "_crossings_view"
# Message catalogues must hold the documents' own text, not what the archive adds around it.
NO_ADDITIONS = ("gettext",)


def view_of(app: Sphinx) -> ArchiveView:
    """The archive view of this build's write phase, computed once per process."""
    view: ArchiveView | None = getattr(app.builder, _CACHE, None)
    if view is None:
        view = archive_view(app)
        setattr(app.builder, _CACHE, view)
    return view


def forget_view(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated: the documents changed, so the cached view is stale."""
    if hasattr(app.builder, _CACHE):
        delattr(app.builder, _CACHE)


def fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Resolve panels, footers and lists; drop them in builds that must not carry them."""
    if app.builder.name in NO_ADDITIONS:
        for kind in PLACEHOLDERS:
            for node in list(doctree.findall(kind)):
                node.replace_self([])
        return
    view = view_of(app)
    panel.resolve(app, doctree, docname, view)
    listing.resolve(app, doctree, docname, view)
