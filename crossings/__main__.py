"""``python -m crossings``: the same as the ``crossings`` command."""

from __future__ import annotations

from crossings.cli import main

main()
