"""Admission control: two searches per search process, a short first-come line, then Busy, never a
wait past the budget, and no slot lost to a reader who leaves the line."""

from __future__ import annotations

import asyncio
import time

import pytest

from crossings.web import admission
from crossings.web.admission import Admission, Busy


def far() -> float:
    """A deadline that is no constraint."""
    return time.monotonic() + 10


def test_the_line_is_short_and_first_come_first_served(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(admission, "QUEUE_WAIT", 0.3)

    async def scenario() -> tuple[list[str], float]:
        gate = Admission(1)
        order: list[str] = []
        for _ in range(admission.PER_PROCESS):  # the one search process has its two searches
            await gate.acquire(far())

        async def wait_for_slot(name: str) -> None:
            await gate.acquire(far())
            order.append(name)
            gate.release()

        waiting = [asyncio.create_task(wait_for_slot("first")), asyncio.create_task(wait_for_slot("second"))]
        await asyncio.sleep(0.05)
        gate.release()
        await asyncio.gather(*waiting)
        await gate.acquire(far())  # all taken again, and nobody frees a slot
        assert gate.running == gate.capacity
        started = time.monotonic()
        with pytest.raises(Busy):
            await gate.acquire(far())
        waited = time.monotonic() - started
        with pytest.raises(Busy):  # too little of its budget left to wait at all
            await gate.acquire(time.monotonic() + admission.MIN_SEARCH / 2)
        return order, waited

    order, waited = asyncio.run(scenario())
    assert order == ["first", "second"]
    assert 0.25 <= waited < 1.0


def test_a_reader_who_leaves_the_line_gives_nothing_away() -> None:
    async def scenario() -> tuple[int, int]:
        gate = Admission(1)
        for _ in range(admission.PER_PROCESS):
            await gate.acquire(far())
        leaving = asyncio.create_task(gate.acquire(far()))
        await asyncio.sleep(0.05)
        leaving.cancel()  # the client disconnected while waiting
        await asyncio.sleep(0)
        gate.release()  # a running search ends: the slot is free, not handed to the one who left
        await gate.acquire(far())  # at once
        return gate.running, len(gate._line)

    assert asyncio.run(scenario()) == (admission.PER_PROCESS, 0)
