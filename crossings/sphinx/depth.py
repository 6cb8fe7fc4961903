"""MyST pages nested past crossings.nesting.LIMIT are refused before docutils builds them.

Editors correct documents by hand; a page whose lists, quotations, directives or emphasis nest
thousands deep would make docutils, myst-parser and the extension's walkers recurse past
Python's limit, or take minutes. markdown-it's own bound is worse: past 20 levels (ten lists)
it silently drops the rest of the page. This parser raises markdown-it's bound so that every
page within the limit keeps all its text, counts each level without recursion before anything
is rendered (a directive's body counted at the depth of the directive), and renders only the
front matter of a page past the limit, with an error at its file and line: the build goes on,
the page is listed as broken until it is fixed.
"""

from __future__ import annotations

import yaml
from docutils import nodes
from markdown_it import MarkdownIt
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig, TopmatterReadError, merge_file_level, read_topmatter
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from myst_parser.warnings_ import create_warning

from crossings.catalog import yamltext
from crossings.catalog.frontmatter import split
from crossings.nesting import LIMIT, Depth, directive_depth, too_deep

# markdown-it's bound on its own recursion (20 in CommonMark's preset): a list level takes two,
# a quotation one, so every page within LIMIT stays under it, and the scan sees past LIMIT.
MAX_NESTING = 2 * LIMIT + 8
_CONTAINERS = frozenset({"bullet_list_open", "ordered_list_open", "blockquote_open", "dl_open", "table_open"})
_DIRECTIVES = frozenset({"fence", "colon_fence"})


class BoundedMystParser(MystParser):
    """myst-parser's parser for Sphinx, with every page's nesting bounded."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        """Parse *inputstring* into *document*, or only its front matter when it nests too deep."""
        if _front_matter_refused(inputstring, document):
            empty = create_md_parser(document.settings.env.myst_config, SphinxRenderer)
            empty.options["document"] = document
            empty.render("")  # an empty page, set up as myst-parser's transforms expect
            return
        parser = create_md_parser(_file_config(inputstring, document), SphinxRenderer)
        parser.options["maxNesting"] = MAX_NESTING
        parser.options["document"] = document
        env: dict[str, object] = {}
        deep = directive_depth(inputstring)
        if deep is None:
            tokens = parser.parse(inputstring, env)  # parsed once: counted, then rendered
            deep = _token_depth(parser, tokens)
        if deep is None:
            try:
                parser.renderer.render(tokens, parser.options, env)
                return
            except RecursionError:  # a kind of nesting the scan does not count: still no traceback
                deep = Depth(LIMIT + 1, 1)
            document.children.clear()
        _refuse(parser, inputstring, document, deep)


def _front_matter_refused(inputstring: str, document: nodes.document) -> bool:
    """True (with an error at its line) when the front matter is built to exhaust YAML's reader."""
    head, _body = split(inputstring)
    try:
        yamltext.check(head or "")
    except yamltext.RefusedYAML as exc:
        line = exc.problem_mark.line + 2 if exc.problem_mark else 1
        # an error of the document, as docutils reports a broken table: a build problem
        # (crossings.publish.problems) kept until the page is fixed
        document.reporter.error(f"front matter refused: {exc.problem}; the page is not built", line=line)
        return True
    except yaml.YAMLError:
        pass  # malformed: myst-parser and the extension report it as before
    return False


def _file_config(inputstring: str, document: nodes.document) -> MdParserConfig:
    """The archive's MyST settings with the page's own (as myst-parser reads them)."""
    config: MdParserConfig = document.settings.env.myst_config
    try:
        topmatter = read_topmatter(inputstring)
    except TopmatterReadError:
        return config  # reported when the front matter is rendered
    if not topmatter:
        return config

    def warning(wtype: object, msg: str) -> None:
        create_warning(document, msg, wtype, line=1, append_to=document)  # type: ignore[arg-type]

    return merge_file_level(config, topmatter, warning)


def _token_depth(parser: MarkdownIt, tokens: list[Token]) -> Depth | None:
    """Where lists, quotations, tables, directives and inline markup of the page parsed as
    *tokens* first nest past LIMIT.

    Each directive's body is parsed as myst-parser will parse it, from a work list rather than
    recursively, starting from the depth of the directive.
    """
    work = [(tokens, 0, 0)]  # tokens, their first line in the page (0-based), the depth they start at
    while work:
        tokens, offset, base = work.pop()
        depth = base
        for token in tokens:
            line = offset + (token.map[0] if token.map else 0)
            depth += _step(token)
            inline = max((child.level for child in token.children or ()), default=0)
            if max(depth, base + inline) > LIMIT:
                return Depth(max(depth, base + inline), line + 1)
            if token.type in _DIRECTIVES and token.info.strip().startswith("{"):
                work.append((parser.parse(token.content, {}), line + 1, depth + 1))
    return None


def _step(token: Token) -> int:
    """How a block token changes the depth of lists, quotations, definition lists and tables."""
    if token.type in _CONTAINERS:
        return 1
    if token.nesting == -1 and token.type.replace("_close", "_open") in _CONTAINERS:
        return -1
    return 0


def _refuse(parser: MarkdownIt, text: str, document: nodes.document, deep: Depth) -> None:
    """Render only the front matter of the page, and say why at the line where it nests too deep."""
    head, _body = split(text)
    if head is not None:
        front = f"---\n{head}---\n"
        env: dict[str, object] = {}
        parser.renderer.render(parser.parse(front, env), parser.options, env)
    document.reporter.error(f"{too_deep()}; the page is built without its text", line=deep.line)
