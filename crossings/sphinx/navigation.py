"""A light sidebar: the hand-written pages of the table of contents, without the archive's documents.

Furo draws the whole global table of contents on every page. With every document in it that is
O(documents) bytes per page and O(documents²) work per build (over 100 KB a page at a few
hundred documents); the documents are reached through the browse pages instead. Set
``crossings_sidebar_documents = True`` in conf.py to keep Furo's full tree.
"""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from crossings.settings import Settings, settings
from crossings.sphinx.pages import BUILDERS

MAX_DEPTH = 3


def _is_document(env: BuildEnvironment, docname: str) -> bool:
    """True for archive documents (they live under the documents folder)."""
    return docname.startswith(Settings.from_config(env.config).documents.strip("/") + "/")


def _title(env: BuildEnvironment, docname: str) -> str:
    """The title of a page."""
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def _items(app: Sphinx, pagename: str, parent: str, depth: int, seen: set[str]) -> str:
    """Nested <li> items for the pages *parent*'s toctrees include (documents left out)."""
    env = app.env
    html = ""
    for docname in env.toctree_includes.get(parent, []):
        if docname in seen or _is_document(env, docname) or docname not in env.all_docs:
            continue
        seen.add(docname)
        href = app.builder.get_relative_uri(pagename, docname)
        here = docname == pagename
        children = _items(app, pagename, docname, depth + 1, seen) if depth < MAX_DEPTH else ""
        nested = f"<ul>{children}</ul>" if children else ""
        item_class = f"toctree-l{depth}" + (" current current-page" if here else "")
        link_class = "reference internal" + (" current" if here else "")
        html += (
            f'<li class="{item_class}"><a class="{link_class}" href="{escape(href)}">'
            f"{escape(_title(env, docname))}</a>{nested}</li>"
        )
    return html


def sidebar_html(app: Sphinx, pagename: str) -> str:
    """The sidebar's table of contents for *pagename*."""
    items = _items(app, pagename, app.config.root_doc, 1, {app.config.root_doc})
    return f"<ul>{items}</ul>" if items else ""


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """html-page-context (before Furo's): give the theme the light table of contents."""
    if settings(app).sidebar_documents or app.builder.name not in BUILDERS or "toctree" not in context:
        return
    context["toctree"] = lambda **_options: sidebar_html(app, pagename)
