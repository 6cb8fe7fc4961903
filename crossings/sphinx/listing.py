"""Lists in hand-written pages: the ``crossings-list`` and ``crossings-browse`` directives.

```{crossings-list}
:type: country-report
:theme: law-and-policy
```

Filters (all optional, combined with AND): ``type``, ``theme`` and ``country`` (comma-separated:
documents must name every one), ``event``, ``session``, ``language``, and ``limit``. The list is
filled at doctree-resolved, and pages holding one are rewritten whenever a document's metadata
changes (crossings.sphinx.outdated).
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from crossings.sphinx import citelinks
from crossings.sphinx.domain import get_domain
from crossings.sphinx.nodes import crossings_browse, crossings_list
from crossings.sphinx.pages import BUILDERS, browse_links
from crossings.sphinx.view import ArchiveView
from crossings.sphinx.warnings import Warn, warn

_ = get_translation("crossings")

FILTERS = ("type", "theme", "country", "event", "session", "language")


def _names(text: str) -> list[str]:
    """A comma- or space-separated option as a list."""
    return [part for part in text.replace(",", " ").split() if part]


class CrossingsList(SphinxDirective):
    """Embed the documents matching some metadata filters."""

    has_content = False
    option_spec: ClassVar[dict[str, object]] = {
        **dict.fromkeys(FILTERS, directives.unchanged_required),
        "limit": directives.positive_int,
    }

    def run(self) -> list[nodes.Node]:
        """A placeholder carrying the filters; warn about unknown vocabulary terms later, at resolve."""
        node = crossings_list()
        node["filters"] = {name: self.options.get(name, "") for name in FILTERS}
        node["limit"] = self.options.get("limit", 0)
        self.set_source_info(node)
        get_domain(self.env).note_list(self.env.current_document.docname)
        return [node]


class CrossingsBrowse(SphinxDirective):
    """Embed links to the browse pages (countries, themes, events, types, languages, routes)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """A placeholder filled with the links at doctree-resolved."""
        node = crossings_browse()
        self.set_source_info(node)
        return [node]


def _unknown(view: ArchiveView, filters: dict[str, str]) -> list[str]:
    """Filter values that are not in the vocabularies."""
    vocab = view.vocab
    checks = {
        "type": vocab.types,
        "theme": vocab.themes,
        "country": vocab.countries,
        "event": vocab.events,
        "session": vocab.sessions,
        "language": vocab.languages,
    }
    return [
        f"{name} {value!r}"
        for name, vocabulary in checks.items()
        for value in _names(filters[name])
        if value not in vocabulary
    ]


def resolve_list(app: Sphinx, node: crossings_list, docname: str, view: ArchiveView) -> list[nodes.Node]:
    """The documents a crossings-list asks for, as a bullet list of links."""
    filters: dict[str, str] = node["filters"]
    for problem in _unknown(view, filters):
        warn(Warn.LIST, _("crossings-list: unknown %s"), problem, location=node)
    found = view.where(
        type=filters["type"],
        theme=_names(filters["theme"]),
        country=[c.upper() for c in _names(filters["country"])],
        event=filters["event"],
        session=filters["session"],
        language=filters["language"],
    )
    if node["limit"]:
        found = found[: node["limit"]]
    if not found:
        return [nodes.paragraph("", _("No documents yet."), classes=["crossings-empty"])]
    items = []
    for entry in found:
        ref = make_refnode(
            app.builder, docname, entry.docname, "", nodes.inline("", entry.meta.title), entry.meta.title
        )
        para = nodes.paragraph("", "", ref)
        if entry.meta.date:
            para += nodes.Text(f" ({entry.meta.date})")
        items.append(nodes.list_item("", para))
    return [nodes.bullet_list("", *items, classes=["crossings-list"])]


def resolve_browse(app: Sphinx, docname: str, view: ArchiveView) -> list[nodes.Node]:
    """Links to the browse pages, or nothing in builds without them."""
    if app.builder.name not in BUILDERS:
        return []
    items = [
        nodes.list_item(
            "",
            nodes.paragraph(
                "",
                "",
                nodes.reference("", label, internal=True, refuri=app.builder.get_relative_uri(docname, page)),
            ),
        )
        for page, label in browse_links(view)
    ]
    found: list[nodes.Node] = [nodes.bullet_list("", *items, classes=["crossings-browse"])]
    if view.entries:  # the whole archive's citation files (crossings.sphinx.citeall)
        found.append(citelinks.archive_node(app, docname))
    return found


def resolve(app: Sphinx, doctree: nodes.document, docname: str, view: ArchiveView) -> None:
    """Fill every list placeholder of *docname*."""
    for node in list(doctree.findall(crossings_list)):
        node.replace_self(resolve_list(app, node, docname, view))
    for node in list(doctree.findall(crossings_browse)):
        node.replace_self(resolve_browse(app, docname, view))
