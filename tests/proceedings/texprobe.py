"""A test-only Sphinx extension whose ``tex-probe`` directive writes its content into the LaTeX
source as it is: what a directive of another extension could do, now that a document's own
markup cannot (raw markup is dropped, formulas are checked by crossings.sphinx.mathtex)."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive


class tex_probe(nodes.Element):  # type: ignore[misc]
    """LaTeX written as it is."""


def _latex(translator: Any, node: tex_probe) -> None:
    """Write the node's TeX."""
    translator.body.append(node["tex"])
    raise nodes.SkipNode


def _skip(translator: Any, node: tex_probe) -> None:
    """Nothing in other formats."""
    raise nodes.SkipNode


class TexProbe(Directive):  # type: ignore[misc]
    """```{tex-probe}``` with TeX as its content."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        """One node holding the content."""
        return [tex_probe(tex="\n".join(self.content))]


def setup(app: Any) -> dict[str, Any]:
    """Register the node and the directive."""
    app.add_node(tex_probe, latex=(_latex, None), html=(_skip, None), text=(_skip, None))
    app.add_directive("tex-probe", TexProbe)
    return {"parallel_read_safe": True}
