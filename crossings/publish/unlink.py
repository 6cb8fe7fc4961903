"""Links from staged pages to pages the edition withholds become plain text.

A public page that links to a withdrawn document would print its file name or id (MyST writes
an unresolved ``[x](pier.md)`` as ``#pier.md``, ``[](pier.md)`` as ``pier.md``, ``{doc}`pier``` as
``pier``) and a table of contents would name it. The link keeps its text; a link that has
none, and a table-of-contents line, go.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import PurePosixPath

# [text](target "title") (not images), {doc}`text <target>` and {doc}`target`, toctree blocks.
_LINK = re.compile(
    r"(?<!!)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
_DOC_ROLE = re.compile(r"\{doc\}`(?:([^`<]*?)\s*<([^>`]+)>|([^`<]+))`")
_TOCTREE = re.compile(r"^([ \t]*)(`{3,}|:{3,})\{toctree\}[^\n]*\n(.*?)^\1\2[ \t]*$", re.MULTILINE | re.DOTALL)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
PAGE_SUFFIXES = (".md", ".rst", ".html", ".xhtml")


def _docname(target: str, page: PurePosixPath) -> str:
    """The page a link target names, relative to the source root ('' for an outside address)."""
    target = target.split("#", 1)[0].split("?", 1)[0]
    if not target or _SCHEME.match(target):
        return ""
    path = target[1:] if target.startswith("/") else posixpath.join(str(page.parent), target)
    path = posixpath.normpath(path)
    for suffix in PAGE_SUFFIXES:
        if path.endswith(suffix):
            return path[: -len(suffix)]
    return path


def _toctree(match: re.Match[str], page: PurePosixPath, withheld: set[str]) -> str:
    """A toctree block without the entries that name a withheld page."""
    kept = []
    for line in match.group(3).splitlines(keepends=True):
        entry = line.strip()
        target = re.sub(r"^.*<([^>]+)>$", r"\1", entry)
        if entry and not entry.startswith(":") and _docname(target, page) in withheld:
            continue
        kept.append(line)
    body = "".join(kept)
    return (
        match.group(0)[: match.start(3) - match.start(0)]
        + body
        + match.group(0)[match.end(3) - match.start(0) :]
    )


def drop_links(relative: PurePosixPath, text: str, withheld: set[str]) -> str:
    """*text* of page *relative* with links to *withheld* pages (docnames) made plain text."""
    if not withheld:
        return text

    def link(match: re.Match[str]) -> str:
        return match.group(1) if _docname(match.group(2), relative) in withheld else match.group(0)

    def role(match: re.Match[str]) -> str:
        target = match.group(2) or match.group(3)
        if _docname(target.strip(), relative) not in withheld:
            return match.group(0)
        return (match.group(1) or "").strip()

    text = _LINK.sub(link, text)
    text = _DOC_ROLE.sub(role, text)
    return _TOCTREE.sub(lambda m: _toctree(m, relative, withheld), text)
