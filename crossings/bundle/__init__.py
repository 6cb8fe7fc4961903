"""`crossings bundle`: the public site of one or every language as a zip that works offline."""

from __future__ import annotations
