"""Errors of building and opening an index; each says what failed and what to do."""

from __future__ import annotations

from crossings.errors import CrossingsError


class IndexMissing(CrossingsError):
    """No index has been built yet where one was expected."""


class IndexOutdated(IndexMissing):
    """An index written by an older crossings, whose stored schema names classes this one lacks."""


class IndexBusy(CrossingsError):
    """Another index run holds the writer lock."""


class CorpusError(CrossingsError):
    """A corpus file that is missing or holds a malformed record."""
