"""Errors that name what failed and where."""

from __future__ import annotations


class CrossingsError(Exception):
    """A failure the user can act on; the message says what and where."""
