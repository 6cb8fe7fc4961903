"""crossings: a conference's contributed papers as a multilingual, searchable, citable archive."""

from __future__ import annotations

__version__ = "0.1.0"
