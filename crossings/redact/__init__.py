"""Redaction: names that must never appear in the public edition."""

from __future__ import annotations

from crossings.redact.apply import RedactionLogEntry, marker_for, redact_file_name, redact_text
from crossings.redact.names import RedactedName, load_redactions, role_names

__all__ = [
    "RedactedName",
    "RedactionLogEntry",
    "load_redactions",
    "marker_for",
    "redact_file_name",
    "redact_text",
    "role_names",
]
