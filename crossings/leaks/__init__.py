"""`crossings check --leaks`: find restricted text and redacted names in public artifacts."""

from __future__ import annotations

from crossings.leaks.needles import Needle, collect_needles
from crossings.leaks.scan import Leak, scan_edition

__all__ = ["Leak", "Needle", "collect_needles", "scan_edition"]
