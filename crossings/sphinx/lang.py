"""Passages in another language: the ``{lang}`` role and directive.

MyST syntax (the tag is BCP 47, as in the catalog's language column)::

    She said {lang}`「我們不是罪犯」 <zh-Hant>` and left.

    ```{lang} th
    ย่อหน้าภาษาไทยทั้งย่อหน้า
    ```

The role takes ``text <tag>`` (like ``{ref}``); its text is parsed as inline Markdown. The
directive's content is parsed as Markdown blocks.

Output:

- HTML: ``<span lang="zh-Hant" class="crossings-lang">`` or ``<div lang=... class="crossings-lang">``
  (WCAG 3.1.2, language of parts: screen readers switch voice, browsers pick fonts).
- LaTeX: the class ``language-<tag>`` (docutils' convention), which Sphinx writes as
  ``\\DUrole{language-zh-Hant}{...}`` inline and ``\\begin{sphinxuseclass}{language-zh-Hant}`` around
  blocks; the proceedings' preamble (crossings.sphinx.latex_preamble) defines both to switch
  fonts. Undefined classes are ignored by Sphinx's LaTeX macros, so any LaTeX build compiles.
- The doctree: :class:`lang_inline` (an ``inline``) and :class:`lang_block` (a ``container``),
  each with the attribute ``lang`` holding the tag. The search corpus finds them with
  :func:`passages`. Other builders render them as their base node.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective, SphinxRole

CSS_CLASS = "crossings-lang"
# Well-formed enough for language, script and region subtags (zh-Hant, pt-BR, zh-Hant-HK).
TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
# Typographic quotes for passage languages docutils has none for (it would warn once per block).
SMARTQUOTES = [
    (tag, "“”‘’") for tag in ("zh", "zh-hant", "zh-hans", "th", "vi", "id", "ms", "tl", "km", "lo", "my")
]
_ROLE_TEXT = re.compile(r"^(?P<text>.*\S)\s*<(?P<tag>[^<>\s]+)>\s*$", re.DOTALL)


class lang_inline(nodes.inline):  # type: ignore[misc]  # docutils node naming
    """An inline passage in the language named by its ``lang`` attribute."""


class lang_block(nodes.container):  # type: ignore[misc]
    """A block passage in the language named by its ``lang`` attribute."""


def valid_tag(tag: str) -> bool:
    """True for a syntactically valid BCP 47 tag."""
    return TAG.match(tag) is not None


def classes(tag: str) -> list[str]:
    """The classes of a passage: ours, and docutils' ``language-<tag>`` (HTML lang, LaTeX font switch)."""
    return [CSS_CLASS, f"language-{tag}"]


def split_role_text(text: str) -> tuple[str, str] | None:
    """(text, tag) from ``text <tag>``, or None when the tag is missing or malformed."""
    match = _ROLE_TEXT.match(text)
    if match is None or not valid_tag(match["tag"]):
        return None
    return match["text"], match["tag"]


class LangRole(SphinxRole):
    """``{lang}`text <tag>```: an inline passage in another language."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Parse the text as inline markup inside a lang_inline node."""
        parts = split_role_text(self.text)
        if parts is None:
            message = self.inliner.reporter.error(
                f"lang role needs `text <language-tag>` with a BCP 47 tag such as zh-Hant, got {self.text!r}",
                line=self.lineno,
            )
            return [self.inliner.problematic(self.rawtext, self.rawtext, message)], [message]
        text, tag = parts
        node = lang_inline(self.rawtext, "", lang=tag, classes=classes(tag))
        self.set_source_info(node)
        children, messages = self.inliner.parse(text, self.lineno, self.inliner, node)
        node += children
        return [node], messages


class LangDirective(SphinxDirective):
    """```{lang} tag```: a block of content in another language."""

    required_arguments = 1
    has_content = True
    option_spec: dict[str, Any] = {"class": directives.class_option}  # noqa: RUF012 (docutils API)

    def run(self) -> list[nodes.Node]:
        """Parse the content inside a lang_block node."""
        tag = self.arguments[0].strip()
        if not valid_tag(tag):
            raise self.error(f"lang: {tag!r} is not a BCP 47 language tag (for example zh-Hant, th, en)")
        node = lang_block(
            "\n".join(self.content), lang=tag, classes=[*classes(tag), *self.options.get("class", [])]
        )
        self.set_source_info(node)
        node += self.parse_content_to_nodes()
        return [node]


def passages(doctree: nodes.Node) -> Iterator[tuple[str, nodes.Element]]:
    """(tag, node) for every marked passage, outermost first, for search and the corpus."""
    for node in doctree.findall(lambda n: isinstance(n, lang_inline | lang_block)):
        assert isinstance(node, nodes.Element)
        yield node["lang"], node


def visit_html_inline(translator: Any, node: lang_inline) -> None:
    """Open a span carrying the passage's language."""
    translator.body.append(translator.starttag(node, "span", "", lang=node["lang"]))


def depart_html_inline(translator: Any, node: lang_inline) -> None:
    """Close the span."""
    translator.body.append("</span>")


def visit_html_block(translator: Any, node: lang_block) -> None:
    """Open a div carrying the passage's language."""
    translator.body.append(translator.starttag(node, "div", lang=node["lang"]))


def depart_html_block(translator: Any, node: lang_block) -> None:
    """Close the div."""
    translator.body.append("</div>\n")


def smartquotes_locales(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: quotes for the region's languages, so marked passages raise no warning."""
    known = list(env.settings.get("smartquotes_locales") or [])
    have = {tag for tag, _quotes in known}
    env.settings["smartquotes_locales"] = known + [item for item in SMARTQUOTES if item[0] not in have]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the nodes, the role and the directive."""
    app.add_node(
        lang_inline,
        html=(visit_html_inline, depart_html_inline),
    )
    app.add_node(
        lang_block,
        html=(visit_html_block, depart_html_block),
    )
    app.add_role("lang", LangRole())
    app.add_directive("lang", LangDirective)
    app.connect("env-before-read-docs", smartquotes_locales)
    return {"version": "1", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
