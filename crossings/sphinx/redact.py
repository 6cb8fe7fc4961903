"""The {redact} role and the guards of the public edition (no `only`, no orphans).

The public edition's staged source has every redacted name replaced already (see
crossings.redact); this role is what the internal edition shows, and a last line of defence
if a name reaches a public build: the role's text never enters a public doctree.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util.typing import ExtensionMetadata

from crossings import __version__
from crossings.redact import marker_for
from crossings.settings import Settings, settings
from crossings.sphinx.withhold import WithholdNames, forget_family_marks, note_marked


class redacted(nodes.inline):  # type: ignore[misc]
    """A redacted name: marked in the internal edition, a marker in the public one."""


def redact_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: Any = None, content: Any = None
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{redact}`Name```: keep the name only outside the public edition."""
    env = inliner.document.settings.env
    note_marked(env.current_document.docname, text)  # withheld everywhere else in the page too
    if Settings.from_config(env.config).edition == "public":
        marker = marker_for(_language(env))
        return [redacted(marker, marker, classes=["crossings-redacted"])], []
    return [redacted(rawtext, text, classes=["crossings-redact"])], []


def _language(env: BuildEnvironment) -> str:
    """The build language as a BCP 47 tag."""
    tag = Settings.from_config(env.config).language or env.config.language or "en"
    return str(tag)


class RefuseOnly(Directive):  # type: ignore[misc]
    """``only`` hides content from some builders but leaks it into others; this archive refuses it."""

    has_content = True
    required_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        """Stop the build with the document and line at fault."""
        source, line = self.state_machine.get_source_and_line(self.lineno)
        raise ExtensionError(
            f"{source}:{line}: the `only` directive is not allowed in this archive: it leaks hidden "
            "text into headings, the search index and _sources. Mark the document `access: restricted` "
            "or mark names with {redact} instead."
        )


def refuse_orphans(app: Sphinx, env: BuildEnvironment) -> None:
    """In the public edition site, every page must be reachable from a table of contents.

    Pages that declare ``orphan: true`` in their front matter (such as the generated pages of the
    proceedings) are deliberate; books (latex, epub) have their own master document.
    """
    if settings(app).edition != "public" or app.builder.name not in {"html", "dirhtml"}:
        return
    included = {doc for children in env.toctree_includes.values() for doc in children}
    orphans = sorted(
        doc
        for doc in env.found_docs
        if doc != app.config.root_doc and doc not in included and "orphan" not in env.metadata.get(doc, {})
    )
    if orphans:
        raise ExtensionError(
            "documents not reachable from any table of contents: "
            + ", ".join(orphans)
            + ". An unlisted page is still published and indexed; add it to a toctree or remove it."
        )


def visit_redacted_html(self: Any, node: redacted) -> None:
    """Open a span the stylesheet can mark."""
    self.body.append(self.starttag(node, "span", ""))


def depart_redacted_html(self: Any, node: redacted) -> None:
    """Close the span."""
    self.body.append("</span>")


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the role, the node, the `only` guard and the orphan check."""
    app.setup_extension("crossings.settings")
    app.add_node(redacted, html=(visit_redacted_html, depart_redacted_html))
    app.add_role("redact", redact_role)
    app.add_transform(WithholdNames)
    app.add_directive("only", RefuseOnly, override=True)
    app.connect("env-check-consistency", refuse_orphans)
    app.connect("builder-inited", forget_family_marks)
    return {"version": __version__, "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
