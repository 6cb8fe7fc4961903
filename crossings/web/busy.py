"""A search turned away because the search processes are busy, and the least time budget a
search must have left to start. Apart from crossings.web.admission (which imports asyncio) so
that a search process, which checks both, does not load the event loop's modules.
"""

from __future__ import annotations

MIN_SEARCH = 0.3  # seconds of budget a search must have left when it starts


class Busy(Exception):
    """Every search process stayed busy for as long as this search could wait."""
