"""doctree-resolved: fill the placeholders of a page with what the whole archive knows."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

from crossings.sphinx import listing, panel
from crossings.sphinx.nodes import PLACEHOLDERS, crossings_footer, crossings_panel
from crossings.sphinx.pages import BUILDERS, archive_view
from crossings.sphinx.view import ArchiveView

# The view of each builder's write phase, kept beside the builder rather than on it.
_VIEWS: WeakKeyDictionary[Builder, ArchiveView] = WeakKeyDictionary()
# Message catalogues must hold the documents' own text, not what the archive adds around it.
NO_ADDITIONS = ("gettext",)


def view_of(app: Sphinx) -> ArchiveView:
    """The archive view of this build's write phase, computed once per process."""
    view = _VIEWS.get(app.builder)
    if view is None:
        view = _VIEWS[app.builder] = archive_view(app)
    return view


def forget_view(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated: the documents changed, so the cached view is stale."""
    _VIEWS.pop(app.builder, None)


def _drop(doctree: nodes.document, kinds: tuple[type[nodes.Element], ...]) -> None:
    """Remove placeholders of *kinds*."""
    for kind in kinds:
        for node in list(doctree.findall(kind)):
            node.replace_self([])


def fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Resolve panels, footers and lists; drop them in builds that must not carry them.

    The web pages carry the panel and footer; the books (latex, epub) print their own byline
    (crossings.sphinx.book). Lists embedded in hand-written pages are content: every build but
    gettext resolves them.
    """
    if app.builder.name in NO_ADDITIONS:
        _drop(doctree, PLACEHOLDERS)
        return
    view = view_of(app)
    if app.builder.name in BUILDERS:
        panel.resolve(app, doctree, docname, view)
    else:
        _drop(doctree, (crossings_panel, crossings_footer))
    listing.resolve(app, doctree, docname, view)
