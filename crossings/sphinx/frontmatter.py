"""A document's front matter as its file says it, not as docutils reshaped it.

myst-parser hands front matter to Sphinx through a field list, and docutils treats some
fields as bibliographic data: ``authors`` is split and smart-quoted, so an author with a quote
or a backslash comes back as JSON-looking text. The extension reads the YAML itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sphinx.environment import BuildEnvironment

from crossings.catalog import yamltext
from crossings.catalog.frontmatter import split
from crossings.settings import Settings


def front_matter(env: BuildEnvironment, docname: str) -> dict[str, Any] | None:
    """The YAML front matter of *docname*'s source file ({} without one, None when unreadable)."""
    path = Path(env.doc2path(docname))
    try:
        head, _body = split(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    if head is None:
        return {}
    try:
        data = yamltext.load(head)
    except yaml.YAMLError:
        return None
    if data is None:
        return {}
    return data if isinstance(data, dict) else None


def is_archive_document(env: BuildEnvironment, docname: str) -> bool:
    """True for a page in the documents folder (where ingest writes the archive's documents)."""
    return docname.startswith(Settings.from_config(env.config).documents.strip("/") + "/")
