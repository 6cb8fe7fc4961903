"""The error raised when one contributed file cannot be ingested."""

from __future__ import annotations

from crossings.errors import CrossingsError


class IngestError(CrossingsError):
    """One file failed to ingest; the message names the file, the problem and what to do."""
