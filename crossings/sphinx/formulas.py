"""Formulas offline: MathML in the site and the e-book, TeX math in the PDF, nothing from a CDN.

Ingested documents hold TeX between dollar signs (pandoc writes Word equations that way), so
MyST's ``dollarmath`` is on. Every formula is checked once, when its document is read
(crossings.sphinx.mathtex); one that either converter cannot take is shown as its TeX source,
with a warning naming the document and line, so no formula can stop a build.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import get_translation

from crossings.sphinx.confpy import set_default
from crossings.sphinx.mathtex import UnsupportedTeX, check, to_mathml
from crossings.sphinx.warnings import Warn, warn

_ = get_translation("crossings")

RENDERER = "crossings"
# "$5 and $10" stays text: a dollar next to a digit or a space never opens or closes a formula.
MYST_DEFAULTS = {"myst_dmath_allow_digits": False, "myst_dmath_allow_space": False}
# Sphinx's LaTeX writer typesets each part of a displayed formula between blank lines apart.
_PARTS = re.compile(r"\n\n")


def parts(tex: str) -> list[str]:
    """The equations of a displayed formula, as the LaTeX writer splits them."""
    return [part for part in _PARTS.split(tex) if part.strip()]


def configure(app: Sphinx, config: Config) -> None:
    """config-inited: MyST reads $...$ and $$...$$ as formulas."""
    if "myst_enable_extensions" not in config:
        return
    enabled = config.myst_enable_extensions
    if "dollarmath" not in enabled:
        config.myst_enable_extensions = (
            {*enabled, "dollarmath"} if isinstance(enabled, set) else [*enabled, "dollarmath"]
        )
    for name, value in MYST_DEFAULTS.items():
        if name in config:
            set_default(app, name, value)


def check_formulas(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: a formula the converters cannot take becomes its TeX source, with a warning."""
    for node in list(doctree.findall(nodes.math)):
        _keep_or_show_source(node, display=False)
    for block in list(doctree.findall(nodes.math_block)):
        block["nowrap"] = block["no-wrap"] = False  # unwrapped TeX would reach xelatex as it is
        _keep_or_show_source(block, display=True)


def _keep_or_show_source(node: nodes.Element, display: bool) -> None:
    """Leave a supported formula; replace another by a literal of its source."""
    tex = node.astext()
    try:
        for part in parts(tex) if display else [tex]:
            check(part, display)
        if display and not parts(tex):
            check("", display)
    except UnsupportedTeX as exc:
        warn(
            Warn.MATH,
            _("formula shown as TeX source: %s (write it with supported TeX, or as text)"),
            exc,
            location=node,
        )
        shown = nodes.literal_block(tex, tex) if display else nodes.literal(tex, tex)
        shown["classes"].append("crossings-tex")
        shown.source, shown.line = node.source, node.line
        node.replace_self(shown)


def visit_inline(translator: Any, node: nodes.Element) -> None:
    """A formula in running text, as MathML."""
    translator.body.append(f'<span class="math notranslate">{to_mathml(node.astext())}</span>')
    raise nodes.SkipNode


def visit_block(translator: Any, node: nodes.Element) -> None:
    """A displayed formula, as MathML (one <math> per equation)."""
    translator.body.append(translator.starttag(node, "div", CLASS="math notranslate"))
    translator.body.extend(to_mathml(part, display=True) for part in parts(node.astext()))
    if node.get("number"):
        translator.body.append(f'<span class="eqno">({node["number"]})</span>')
    translator.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    """Register the MathML renderer (html_math_renderer defaults to it) and the formula check."""
    app.add_html_math_renderer(RENDERER, (visit_inline, None), (visit_block, None))
    app.connect("config-inited", configure)
    app.connect("doctree-read", check_formulas)
