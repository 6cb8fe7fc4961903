"""Redact the staged sources of an edition and log where (never what).

Public edition: every {redact} role and every name of redactions.csv becomes the marker of the
build language, in the body and in the front matter (authors, titles...), before Sphinx reads
anything. Internal edition: listed names are wrapped in {redact} roles so the site marks them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from crossings import atomic
from crossings.catalog import yamltext
from crossings.catalog.access import FrontMatter
from crossings.catalog.frontmatter import dump, dump_in_place, split
from crossings.redact import (
    RedactedName,
    RedactionLogEntry,
    load_redactions,
    marker_for,
    redact_file_name,
    redact_text,
    role_names,
)
from crossings.redact.apply import every_name, patterns_for, withhold_plain
from crossings.redact.family import family_key
from crossings.redact.media import redact_svg
from crossings.redact.names import ROLE_RE


def _mapping(head: str | None) -> dict[str, Any]:
    """Front matter as a mapping ({} when absent or unreadable)."""
    try:
        data = yamltext.load(head) if head is not None else {}
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


@dataclass
class Redactor:
    """Turns a staged Markdown file's text into its redacted form for one edition and language."""

    names: list[RedactedName]
    public: bool
    lang: str
    epoch: float = 0.0
    log: list[RedactionLogEntry] = field(default_factory=list)
    # Family -> names its members mark with {redact} (crossings.redact.family): withheld in each.
    marked_by_family: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def for_edition(cls, redactions: Path, edition: str, lang: str) -> Redactor:
        """The redactor of an archive's redactions.csv (its mtime makes staged files outdated)."""
        epoch = redactions.stat().st_mtime if redactions.is_file() else 0.0
        return cls(load_redactions(redactions), edition == "public", lang, epoch)

    def __call__(self, relative: Path, text: str) -> str:
        """The redacted text of the staged file *relative*."""
        head, body = split(text)
        data = _mapping(head)
        doc_id = str(data.get("id") or relative.stem)
        family = FrontMatter(data, True).family or doc_id
        offset = text[: len(text) - len(body)].count("\n")
        marked = role_names(text)  # a mark in the front matter withholds the name in the body too
        marked += self.marked_by_family.get(family_key(relative.with_suffix("").as_posix(), family), [])
        body, entries = redact_text(
            body, doc_id, self.names, public=self.public, lang=self.lang, family=family, marked=marked
        )
        self.log += [RedactionLogEntry(relative.as_posix(), e.line + offset, e.kind, e.rule) for e in entries]
        if head is None:
            return body
        if not self.public:
            return text[: len(text) - len(split(text)[1])] + body
        if not data:
            return dump({}) + body  # unreadable front matter: staging already withheld the document
        return dump_in_place(self._front_matter(relative, data, marked, family), head) + body

    def _front_matter(
        self, relative: Path, data: dict[str, Any], marked: list[str], family: str
    ) -> dict[str, Any]:
        """Front-matter values with names replaced (those the file marks with {redact} too)."""
        doc_id = str(data.get("id") or relative.stem)
        marker = marker_for(self.lang)
        patterns = patterns_for(doc_id, self.names, marked, family)

        def walk(value: Any, key: str) -> Any:
            if isinstance(value, str):
                unmarked = ROLE_RE.sub(marker, value)
                out, count = withhold_plain(unmarked, patterns, marker)
                entry = RedactionLogEntry(relative.as_posix(), 0, "metadata", f"front matter {key}")
                self.log.extend([entry] * (count + (unmarked != value)))
                return out
            if isinstance(value, list):
                return [walk(item, key) for item in value]
            if isinstance(value, dict):
                return walk_mapping(value, f"{key}.")
            return value

        def walk_mapping(mapping: dict[Any, Any], prefix: str) -> dict[Any, Any]:
            # A key is a field's name on the page and in the staged (exported) source: withheld too,
            # before it names the field in the log.
            out = {}
            for key, value in mapping.items():
                name = walk(key, f"{prefix}key") if isinstance(key, str) else key
                out[name] = walk(value, f"{prefix}{name}")
            return out

        cleaned = walk_mapping(data, "")
        if isinstance(cleaned.get("authors"), list):
            # One marker per withheld author is enough; a list of identical markers says nothing more.
            authors = cleaned["authors"]
            cleaned["authors"] = [
                a for i, a in enumerate(authors) if a != marker or marker not in authors[:i]
            ]
        return cleaned

    def rename(self, relative: Path) -> Path:
        """Where a media file is staged: in the public edition, with no withheld name in any part."""
        parts = relative.parts
        if not self.public or len(parts) < 2:
            return relative
        doc_id = parts[1] if parts[0] == "documents" and len(parts) > 2 else ""
        renamed = Path(parts[0], *(redact_file_name(part, doc_id, self.names) for part in parts[1:]))
        if renamed != relative:
            self.log.append(RedactionLogEntry(relative.parent.as_posix(), 0, "file", "media file name"))
        return renamed

    def media(self, relative: Path, data: bytes) -> bytes | None:
        """An SVG with its names replaced in the public edition (None: one cannot be); else *data*."""
        if not self.public or relative.suffix.lower() != ".svg":
            return data
        parts = relative.parts
        doc_id = parts[1] if parts[0] == "documents" and len(parts) > 2 else ""
        patterns = patterns_for(doc_id, self.names) if doc_id else every_name(self.names)
        text = data.decode("utf-8", errors="replace")
        redacted = redact_svg(text, patterns, marker_for(self.lang))
        if redacted != text:
            self.log.append(RedactionLogEntry(relative.as_posix(), 0, "image", "SVG text"))
        return None if redacted is None else redacted.encode("utf-8")

    def write_log(self, path: Path) -> None:
        """The redaction log for editors: file, line, kind and rule; never the names."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["file", "line", "kind", "rule"])
        writer.writerows([e.document, e.line or "", e.kind, e.rule] for e in self.log)
        atomic.write_text(path, out.getvalue())
