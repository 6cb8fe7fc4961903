"""Rewrite the expected output of the conversion cases: ``python -m tests.cases.regenerate [CASE]...``."""

from __future__ import annotations

import sys

from tests.ingest.cases import regenerate

if __name__ == "__main__":
    for name in regenerate(sys.argv[1:] or None):
        print(f"regenerated tests/cases/{name}")
