"""Read and write the YAML front matter of a MyST document."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from crossings.catalog import yamltext
from crossings.catalog.model import DocumentMeta
from crossings.catalog.parse import parse_front_matter
from crossings.catalog.problems import Location, Problem

FENCE = "---"
_KEY_RE = re.compile(r"^([A-Za-z_][\w-]*):")
# Fences as MyST reads them: a byte-order mark before the first, spaces after either, CRLF lines.
_OPENING = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
_CLOSING = re.compile(r"^---[ \t]*(?:\r?\n|\Z)", re.MULTILINE)
_FENCE_LIKE = re.compile(r"\A\ufeff?\s*---")


def split(text: str) -> tuple[str | None, str]:
    """Split a document into its front-matter YAML (or None) and its body."""
    opening = _OPENING.match(text)
    if opening is None:
        return None, text
    closing = _CLOSING.search(text, opening.end())
    if closing is None:
        return None, text
    return text[opening.end() : closing.start()], text[closing.end() :]


def looks_like_front_matter(text: str) -> bool:
    """True when *text* starts like a front-matter block (whether or not one can be read)."""
    return _FENCE_LIKE.match(text) is not None


def dump(data: dict[str, Any]) -> str:
    """Front matter as a YAML block between fences, stable and readable."""
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=None)
    return f"{FENCE}\n{body}{FENCE}\n"


def dump_in_place(data: dict[str, Any], head: str) -> str:
    """Front matter written over *head*: each key on the line it had, the block as many lines long.

    Staged copies keep their body on the lines of the editor's file, so that Sphinx's warnings
    and errors point at the right line of source/.
    """
    slots = dict(field_lines(head))
    lines = [""] * head.count("\n")
    for key, value in data.items():
        flow = yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=True, width=1 << 30)
        wanted = slots.get(key, 2) - 2
        free = next((n for n in range(max(wanted, 0), len(lines)) if not lines[n]), None)
        if free is None:
            lines.append("")
            free = len(lines) - 1
        lines[free] = flow.strip()[1:-1]
    return f"{FENCE}\n" + "".join(f"{line}\n" for line in lines) + f"{FENCE}\n"


def field_lines(yaml_text: str) -> tuple[tuple[str, int], ...]:
    """The line (in the file, counting the opening fence as 1) of each top-level key."""
    lines = []
    for number, line in enumerate(yaml_text.splitlines(), start=2):
        match = _KEY_RE.match(line)
        if match:
            lines.append((match.group(1), number))
    return tuple(lines)


def read_document(path: Path, display: str) -> tuple[DocumentMeta | None, list[Problem], str]:
    """Parse the metadata of the document at *path*; return it, the problems and the body."""
    text = path.read_text(encoding="utf-8")
    head, body = split(text)
    where = Location(display, line=1)
    if head is None:
        return None, [where.problem(None, "no front matter (a --- block at the top)")], body
    try:
        data = yamltext.load(head)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        return None, [Problem(display, f"front matter is not valid YAML: {exc}", line=line)], body
    if not isinstance(data, dict):
        return None, [where.problem(None, "front matter must be a mapping of fields")], body
    where = Location(display, line=1, field_lines=field_lines(head))
    meta, problems = parse_front_matter(data, where)
    return meta, problems, body
