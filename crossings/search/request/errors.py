"""Errors of a search request; each says what failed and what to do."""

from __future__ import annotations

from crossings.errors import CrossingsError


class QueryError(CrossingsError):
    """A query the parser cannot read, or one that asks for too much."""


class QueryTimeout(QueryError):
    """A query that ran past the configured time limit."""
