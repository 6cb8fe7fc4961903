"""A document beside its translation: passages of two built pages aligned by section, then by
paragraph where both have the same structure (issue 22, side by side)."""

from __future__ import annotations
