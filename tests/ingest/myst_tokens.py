"""Read generated Markdown the way myst-parser does, with every risky MyST extension switched on."""

from __future__ import annotations

from collections.abc import Iterator

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

# Every extension that adds syntax; a contributed text must stay inert even with all of them on.
EXTENSIONS = {
    "colon_fence", "dollarmath", "substitution", "deflist", "fieldlist", "attrs_inline", "attrs_block",
    "html_image", "html_admonition", "amsmath", "tasklist", "strikethrough", "linkify",
}  # fmt: skip
SAFE_SCHEMES = ("http://", "https://", "mailto:")
# list-table: complex tables; lang: passages in another script (crossings.ingest.passages).
ALLOWED_DIRECTIVES = ("{list-table}", "{lang}")
ALLOWED_ROLES = ("lang",)
FORBIDDEN_TOKENS = {
    "html_block", "html_inline", "colon_fence", "myst_line_comment", "myst_target",
    "substitution_block", "substitution_inline", "myst_block_break", "field_list_open",
}  # fmt: skip


def tokens(markdown: str) -> Iterator[Token]:
    """Every token, children included."""
    parser = create_md_parser(MdParserConfig(enable_extensions=EXTENSIONS), RendererHTML)
    parser.options["html"] = True  # so that raw HTML would show up as html_* tokens
    stack = list(parser.parse(markdown))
    while stack:
        token = stack.pop(0)
        yield token
        stack[:0] = token.children or []


def unsafe(markdown: str, media: str) -> list[str]:
    """Everything in *markdown* MyST would treat as more than text, links and the document's images."""
    found = []
    for token in tokens(markdown):
        if token.type in FORBIDDEN_TOKENS:
            found.append(f"{token.type}: {token.content!r}")
        elif token.type == "myst_role" and token.meta.get("name") not in ALLOWED_ROLES:
            found.append(f"role {token.meta.get('name')!r}: {token.content!r}")
        elif (
            token.type == "fence"
            and token.info.startswith("{")
            and not token.info.startswith(ALLOWED_DIRECTIVES)
        ):
            found.append(f"directive {token.info!r}")
        elif token.type == "fence" and token.info.startswith(ALLOWED_DIRECTIVES):
            if token.info.startswith("{list-table}"):
                options, _, content = token.content.partition("\n\n")  # the directive's :option: lines
                assert all(line.startswith(":header-rows: ") for line in options.splitlines()), options
            else:
                content = token.content
            found += unsafe(content, media)
        elif token.type == "link_open" and not str(token.attrs.get("href", "")).startswith(SAFE_SCHEMES):
            found.append(f"link {token.attrs.get('href')!r}")
        elif token.type == "image" and not str(token.attrs.get("src", "")).startswith(f"{media}/"):
            found.append(f"image {token.attrs.get('src')!r}")
    return found
