"""Placeholder nodes, replaced at doctree-resolved once every document's metadata is known."""

from __future__ import annotations

from typing import Any

from docutils import nodes


class crossings_panel(nodes.General, nodes.Element):  # type: ignore[misc]
    """The metadata panel of a document page."""


class crossings_footer(nodes.General, nodes.Element):  # type: ignore[misc]
    """Related documents, translations and "cite this" at the end of a document page."""


class crossings_list(nodes.General, nodes.Element):  # type: ignore[misc]
    """A list of documents embedded by the crossings-list directive."""


class crossings_browse(nodes.General, nodes.Element):  # type: ignore[misc]
    """Links to the browse pages embedded by the crossings-browse directive."""


PLACEHOLDERS = (crossings_panel, crossings_footer, crossings_list, crossings_browse)


def skip(translator: Any, node: nodes.Element) -> None:
    """A placeholder never resolved (an unusual builder) renders as nothing."""
    raise nodes.SkipNode
