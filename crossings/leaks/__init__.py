"""`crossings check --leaks`: find restricted text and redacted names in public artifacts.

A withdrawn document's sentence that a public document quotes is reported as a note, not a leak,
where it shows as the quoting document's own text (crossings.leaks.quotes).
"""

from __future__ import annotations

from crossings.leaks.needles import Needle, collect_needles
from crossings.leaks.quotes import PublicText, Quotation, public_text
from crossings.leaks.scan import Leak, Scan, scan_artifacts, scan_edition

__all__ = [
    "Leak",
    "Needle",
    "PublicText",
    "Quotation",
    "Scan",
    "collect_needles",
    "public_text",
    "scan_artifacts",
    "scan_edition",
]
