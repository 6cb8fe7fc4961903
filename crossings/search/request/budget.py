"""The time budget of one request: a deadline every stage checks, on one clock for every process.

The clock is ``time.monotonic()`` (CLOCK_MONOTONIC on Linux: one clock for the whole machine), so
the server can start a request's budget when it arrives and the search process that answers it
checks the same deadline, queueing time included.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from crossings.search.request.errors import QueryTimeout
from crossings.search.request.limits import TIME_BUDGET


@dataclass(frozen=True)
class Budget:
    """A deadline on ``time.monotonic()`` and the length of the budget it ends (for messages)."""

    deadline: float
    seconds: float = TIME_BUDGET

    @classmethod
    def starting_now(cls, seconds: float = TIME_BUDGET) -> Budget:
        """A budget of *seconds* from now."""
        return cls(time.monotonic() + seconds, seconds)

    def remaining(self) -> float:
        """Seconds left (negative once spent)."""
        return self.deadline - time.monotonic()

    def spent(self) -> bool:
        """True once the deadline has passed."""
        return time.monotonic() > self.deadline

    def check(self) -> None:
        """Raise QueryTimeout once the deadline has passed."""
        if time.monotonic() > self.deadline:
            raise self.timeout()

    def timeout(self) -> QueryTimeout:
        """The error of a search that ran out of time."""
        return QueryTimeout(
            f"the search needed more than its {self.seconds:g} s; make the query more specific "
            "(fewer words with * or ~, fewer OR)"
        )
