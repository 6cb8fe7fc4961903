"""Errors of the search stage; each says what failed and what to do."""

from __future__ import annotations

from crossings.errors import CrossingsError


class QueryError(CrossingsError):
    """A query the parser cannot read, or one that asks for too much."""


class QueryTimeout(QueryError):
    """A query that ran past the configured time limit."""


class IndexMissing(CrossingsError):
    """No index has been built yet where one was expected."""


class IndexBusy(CrossingsError):
    """Another index run holds the writer lock."""


class CorpusError(CrossingsError):
    """A corpus file that is missing or holds a malformed record."""
