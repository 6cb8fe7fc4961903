"""Redact the staged sources of an edition and log where (never what).

Public edition: every {redact} role and every name of redactions.csv becomes the marker of the
build language, in the body and in the front matter (authors, titles...), before Sphinx reads
anything. Internal edition: listed names are wrapped in {redact} roles so the site marks them.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from crossings.catalog.frontmatter import dump, split
from crossings.redact import (
    RedactedName,
    RedactionLogEntry,
    load_redactions,
    marker_for,
    redact_file_name,
    redact_text,
    role_names,
)
from crossings.redact.apply import patterns_for, withhold_plain


@dataclass
class Redactor:
    """Turns a staged Markdown file's text into its redacted form for one edition and language."""

    names: list[RedactedName]
    public: bool
    lang: str
    epoch: float = 0.0
    log: list[RedactionLogEntry] = field(default_factory=list)

    @classmethod
    def for_edition(cls, redactions: Path, edition: str, lang: str) -> Redactor:
        """The redactor of an archive's redactions.csv (its mtime makes staged files outdated)."""
        epoch = redactions.stat().st_mtime if redactions.is_file() else 0.0
        return cls(load_redactions(redactions), edition == "public", lang, epoch)

    def __call__(self, relative: Path, text: str) -> str:
        """The redacted text of the staged file *relative*."""
        doc_id = relative.stem
        head, body = split(text)
        offset = text[: len(text) - len(body)].count("\n")
        marked = role_names(body)
        body, entries = redact_text(body, doc_id, self.names, public=self.public, lang=self.lang)
        self.log += [RedactionLogEntry(relative.as_posix(), e.line + offset, e.kind, e.rule) for e in entries]
        if head is None:
            return body
        if not self.public:
            return text[: len(text) - len(split(text)[1])] + body
        data = yaml.safe_load(head)
        if not isinstance(data, dict):
            return dump({}) + body  # unreadable front matter: staging already withheld the document
        return dump(self._front_matter(relative, data, marked)) + body

    def _front_matter(self, relative: Path, data: dict[str, Any], marked: list[str]) -> dict[str, Any]:
        """Front-matter values with names replaced (those the body marks with {redact} too)."""
        doc_id = str(data.get("id") or relative.stem)
        marker = marker_for(self.lang)
        patterns = patterns_for(doc_id, self.names, marked)

        def walk(value: Any, key: str) -> Any:
            if isinstance(value, str):
                out, count = withhold_plain(value, patterns, marker)
                entry = RedactionLogEntry(relative.as_posix(), 0, "metadata", f"front matter {key}")
                self.log.extend([entry] * count)
                return out
            if isinstance(value, list):
                return [walk(item, key) for item in value]
            if isinstance(value, dict):
                return {k: walk(v, f"{key}.{k}") for k, v in value.items()}
            return value

        cleaned = {key: walk(value, key) for key, value in data.items()}
        if isinstance(cleaned.get("authors"), list):
            # One marker per withheld author is enough; a list of identical markers says nothing more.
            authors = cleaned["authors"]
            cleaned["authors"] = [
                a for i, a in enumerate(authors) if a != marker or marker not in authors[:i]
            ]
        return cleaned

    def rename(self, relative: Path) -> Path:
        """Where a media file is staged: in the public edition, without a withheld name in it."""
        parts = relative.parts
        if not self.public or len(parts) < 3 or parts[0] != "documents":
            return relative
        renamed = relative.with_name(redact_file_name(relative.name, parts[1], self.names))
        if renamed != relative:
            self.log.append(RedactionLogEntry(relative.parent.as_posix(), 0, "file", "media file name"))
        return renamed

    def touch(self, source: Path, target: Path) -> None:
        """Give *target* the later of its source's and redactions.csv's times, so Sphinx re-reads it."""
        mtime = max(source.stat().st_mtime, self.epoch)
        os.utime(target, (mtime, mtime))

    def write_log(self, path: Path) -> None:
        """The redaction log for editors: file, line, kind and rule; never the names."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(["file", "line", "kind", "rule"])
            writer.writerows([e.document, e.line or "", e.kind, e.rule] for e in self.log)
        tmp.replace(path)
