"""What every edition stages: the catalog's values in each document's front matter, then redaction."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from crossings.catalog import yamltext
from crossings.catalog.access import DOCUMENTS, Holdings
from crossings.catalog.authority import merged
from crossings.catalog.frontmatter import dump, split
from crossings.ingest.document import heading_text
from crossings.publish.redaction import Redactor
from crossings.publish.unlink import drop_links
from crossings.redact.media import strip_metadata

# The first heading of a body, when it is an ATX level-1 heading (as ingest writes it).
_FIRST_H1 = re.compile(r"\s*#[ \t]+([^\n]*?)[ \t]*(?:\n|$)")


def retitled(body: str, title: str) -> str:
    """*body* with its leading level-1 heading saying *title* (the staged copy only, never the editor's)."""
    match = _FIRST_H1.match(body)
    if match is None or match.group(1) == heading_text(title):
        return body
    return body[: match.start(1)] + heading_text(title) + body[match.end(1) :]


def with_catalog_values(relative: Path, text: str, holdings: Holdings) -> str:
    """A document's text with the catalog row's values in its front matter and its first heading."""
    if len(relative.parts) != 2 or relative.parts[0] != DOCUMENTS:
        return text
    meta = holdings.catalog_meta(relative.stem)
    head, body = split(text)
    if meta is None or head is None:
        return text
    try:
        data = yamltext.load(head)
    except yaml.YAMLError:
        return text  # staging withholds it from the public edition; check reports it
    if not isinstance(data, dict):
        return text
    return dump(merged(data, meta)) + retitled(body, meta.title)


# Front-matter keys that change how MyST parses the page: they could bring raw HTML back or
# add meta tags (a redirect, a tracker), so no staged page keeps them.
UNSAFE_KEYS = ("myst", "html_meta")


def without_unsafe_settings(text: str) -> str:
    """*text* without the front-matter keys of UNSAFE_KEYS."""
    head, body = split(text)
    if head is None or not any(key in head for key in UNSAFE_KEYS):
        return text
    try:
        data = yamltext.load(head)
    except yaml.YAMLError:
        return text
    if not isinstance(data, dict) or not any(key in data for key in UNSAFE_KEYS):
        return text
    return dump({key: value for key, value in data.items() if key not in UNSAFE_KEYS}) + body


@dataclass
class EditionText:
    """The staging transform of an edition: catalog values first, so that redaction sees them too;
    no per-page parser settings; links to withheld pages made plain text (*withheld*: docnames)."""

    holdings: Holdings
    redactor: Redactor
    withheld: set[str] = field(default_factory=set)

    def __call__(self, relative: Path, text: str) -> str:
        """The staged text of *relative*."""
        text = without_unsafe_settings(with_catalog_values(relative, text, self.holdings))
        return self.redactor(relative, drop_links(PurePosixPath(relative.as_posix()), text, self.withheld))

    def rename(self, relative: Path) -> Path:
        """Where a media file is staged (redacted names out of file names)."""
        return self.redactor.rename(relative)

    def media(self, relative: Path, data: bytes) -> bytes | None:
        """A media file as staged: image metadata out; in the public edition, an SVG's names too."""
        return self.redactor.media(relative, strip_metadata(data))

    def touch(self, source: Path, target: Path) -> None:
        """Date *target* after its source, redactions.csv and the catalog, so Sphinx re-reads it."""
        mtime = max(source.stat().st_mtime, self.redactor.epoch, self.holdings.catalog_mtime)
        os.utime(target, (mtime, mtime))
