"""The MyST document ingest writes: front matter from the catalog plus the converted body."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from crossings.catalog import yamltext
from crossings.catalog.authority import merged
from crossings.catalog.frontmatter import dump, split
from crossings.catalog.model import DocumentMeta, Provenance

_HEADING_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~$&%!])")


def body_hash(body: str) -> str:
    """The hash that tells an untouched body from an edited one (line endings and edge blanks ignored)."""
    normal = body.replace("\r\n", "\n").strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def heading_text(title: str) -> str:
    """*title* as the text of a Markdown heading that reads back literally."""
    return _HEADING_SPECIAL.sub(r"\\\1", " ".join(title.split()))


def make_body(markdown: str, title: str, has_h1: bool) -> str:
    """The document body: ``# title`` first unless the converted text has its own level-1 heading."""
    text = markdown.strip()
    if not has_h1:
        text = f"# {heading_text(title)}\n\n{text}" if text else f"# {heading_text(title)}"
    return f"\n{text}\n"


def render(meta: DocumentMeta, body: str, provenance: Provenance) -> str:
    """The full document: front matter (catalog row plus source) and body."""
    provenance = replace(provenance, generated=body_hash(body))
    data = replace(meta, source=provenance).to_front_matter()
    return dump(data) + body


@dataclass(frozen=True)
class OnDisk:
    """What an existing generated document says about itself."""

    text: str
    body: str
    source: dict[str, Any]
    title: str = ""
    head: dict[str, Any] | None = None

    @property
    def edited(self) -> bool:
        """True when the body no longer matches the hash recorded when it was generated."""
        generated = self.source.get("generated")
        return not generated or generated != body_hash(self.body)

    @property
    def original_sha256(self) -> str:
        """The hash of the original the document was converted from."""
        return str(self.source.get("sha256") or "")

    def provenance(self) -> Provenance:
        """The recorded provenance as a model object."""
        return Provenance(**{key: str(self.source.get(key) or "") for key in Provenance.__dataclass_fields__})


def read_existing(path: Path) -> OnDisk | None:
    """The document at *path* as ingest left it (or an editor changed it); None when absent."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (UnicodeDecodeError, OSError):
        return OnDisk("", "", {})
    head, body = split(text)
    source: dict[str, Any] = {}
    title = ""
    fields: dict[str, Any] | None = None
    if head is not None:
        try:
            data = yamltext.load(head)
        except yaml.YAMLError:
            data = None
        if isinstance(data, dict):
            fields = data
            source = data["source"] if isinstance(data.get("source"), dict) else {}
            title = str(data.get("title") or "")
    return OnDisk(text, body, source, title, fields)


def with_catalog_fields(existing: OnDisk, meta: DocumentMeta) -> str:
    """The document's text with the catalog's fields in its front matter; the body byte for byte."""
    data = merged(existing.head or {}, meta)
    if existing.head is None or "source" not in existing.head:
        data["source"] = existing.provenance().as_dict()
    return dump(data) + existing.body
