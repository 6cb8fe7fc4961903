"""Korean keeps its word spaces in the PDF, in a document of any language.

xeCJK drops a space between two CJK characters (a Chinese paragraph broken across source lines
would otherwise get one), and keeps it only where Korean is set (``\\crossingsscript{KR}``: a
Korean document, or a passage marked ``{lang}`... <ko>```). Korean quoted in a document of another
language, unmarked (ingest marks Chinese and Thai passages, not Korean ones), lost every space:
"이주 노동자의 권리" printed as "이주노동자의권리". So in the PDF, each run of Korean words in such a
document is set as a Korean passage.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from docutils import nodes
from sphinx import addnodes

# Hangul syllables, jamo and compatibility jamo; Han characters count inside a Korean word (Hanja).
_HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7a3\ud7b0-\ud7ff"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Two or more words of Hangul or Han with the spaces between them (a single word has no space to
# lose); a run is Korean when it holds Hangul (Hanja words stand between Hangul ones).
CJK_RUN = re.compile(rf"[{_HANGUL}{_HAN}]+(?:[ \u00a0]+[{_HANGUL}{_HAN}]+)+")
HANGUL = re.compile(f"[{_HANGUL}]")
KOREAN_CLASS = "language-ko"
# Where the text stays as it is: code and formulas (set verbatim), titles (their text also goes into
# bookmarks, which take no LaTeX switch), and passages already marked Korean.
AS_IS = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.raw, nodes.title, nodes.subtitle)


def korean(tag: str) -> bool:
    """Whether BCP 47 *tag* is Korean."""
    return tag.lower() == "ko" or tag.lower().startswith("ko-")


def _kept(text: nodes.Text, document_language: Callable[[str], str], default: str) -> bool:
    """Whether *text* is left alone: set as is, or already in Korean (its passage, its document)."""
    node = text.parent
    while node is not None:
        if isinstance(node, AS_IS) or KOREAN_CLASS in node.get("classes", []):
            return True
        if isinstance(node, addnodes.start_of_file):
            return korean(document_language(node["docname"]))
        node = node.parent
    return korean(default)


def korean_runs(value: str) -> list[re.Match[str]]:
    """The runs of Korean words (with their spaces) in *value*."""
    return [found for found in CJK_RUN.finditer(value) if HANGUL.search(found.group())]


def _mark(text: nodes.Text) -> None:
    """Set every run of Korean words in *text* as a Korean passage."""
    value = str(text)
    pieces: list[nodes.Node] = []
    start = 0
    for found in korean_runs(value):
        pieces.append(nodes.Text(value[start : found.start()]))
        pieces.append(nodes.inline(found.group(), found.group(), classes=[KOREAN_CLASS]))
        start = found.end()
    if pieces:
        text.parent.replace(text, [*pieces, nodes.Text(value[start:])])


def keep_korean_spaces(tree: nodes.Element, document_language: Callable[[str], str], default: str) -> None:
    """Mark Korean runs in the LaTeX tree *tree*: each Text node's language is that of the document
    holding it (*document_language* of the docname of its start_of_file), else *default*."""
    for text in list(tree.findall(nodes.Text)):
        if korean_runs(str(text)) and not _kept(text, document_language, default):
            _mark(text)
