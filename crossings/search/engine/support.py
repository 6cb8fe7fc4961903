"""Whether crossings' fast paths run on the installed Whoosh, and the counts of their reads.

Split from :mod:`whoosh_internals` (which re-exports every name here) so that a process that
only reports them, the server process of ``crossings serve --workers N`` whose searches run in
search processes, does not import numpy and Whoosh's codec to say so: ``import whoosh`` here
reads the package's version only.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from typing import Any

import whoosh

SUPPORTED = ((2, 7, 4),)
log = logging.getLogger("crossings.search")


@dataclass(frozen=True)
class Support:
    """What this module can do with the installed Whoosh."""

    version: str
    fast: bool  # posting blocks read directly and the patches applied
    message: str


def judge(version: tuple[int, ...]) -> Support:
    """Whether the fast paths can run on Whoosh *version*, and a sentence saying why."""
    text = ".".join(str(part) for part in version)
    wanted = ", ".join(".".join(str(part) for part in v) for v in SUPPORTED)
    if tuple(version) in SUPPORTED:
        return Support(text, True, f"Whoosh {text}: fast paths on (supported: {wanted})")
    return Support(
        text,
        False,
        f"Whoosh {text} is not a version crossings' fast paths support ({wanted}); "
        "searching through Whoosh's public matchers instead (same answers, slower)",
    )


SUPPORT = judge(tuple(whoosh.__version__))


@dataclass
class Counters:
    """Reads (and segment writers) of one process since it started (or since ``reset_counters``)."""

    fast_reads: int = 0  # posting lists decoded a block at a time
    reused_reads: int = 0  # posting lists a fast read had decoded for an earlier search (kept)
    value_reads: int = 0  # positions or offsets of one word read a block at a time (term_values)
    fallback_reads: int = 0  # posting lists a fast read declined: walked through Whoosh's matcher
    fallback_scoring: int = 0  # searches scored through Whoosh's collector because a fast read declined
    fast_writers: int = 0  # segment writers fast_writer() gave: FastSegmentWriter
    whoosh_writers: int = 0  # segment writers fast_writer() left to Whoosh (fast paths off, another codec)
    fast_merges: int = 0  # segments add_live_segment copied a posting list at a time
    whoosh_merges: int = 0  # segments it copied a posting at a time through Whoosh's matchers
    purges_in_place: int = 0  # segments purge_in_place copied without their deleted documents
    stored_groups_copied: int = 0  # groups of stored fields a purge in place copied as compressed
    stored_groups_recompressed: int = 0  # groups it compressed again: a deleted record in the dictionary

    def as_dict(self) -> dict[str, int]:
        """The counts as JSON-ready data."""
        return asdict(self)


_counters = Counters()
_counters_lock = threading.Lock()
_warned = threading.Event()
_forced = threading.local()


def counters() -> Counters:
    """A copy of this process's counts."""
    with _counters_lock:
        return Counters(**_counters.as_dict())


READ_COUNTS = ("fast_reads", "reused_reads", "value_reads", "fallback_reads", "fallback_scoring")


def read_counts() -> dict[str, int]:
    """This process's counts of the reads a search makes (what a search service reports)."""
    made = counters()
    return {name: getattr(made, name) for name in READ_COUNTS}


def engine_status(processes: Iterable[dict[str, int]]) -> dict[str, Any]:
    """What a search service says of its engine (``/healthz``): whether the fast paths run, and
    the read counts of its search *processes* summed. Not the Whoosh version: a public answer
    names no software version (the server sends no Server header either); the operator reads
    it in ``crossings index --json`` and in the log line of an unsupported version."""
    total = dict.fromkeys(READ_COUNTS, 0)
    for counts in processes:
        for name in READ_COUNTS:
            total[name] += counts.get(name, 0)
    return {"fast_paths": SUPPORT.fast, **total}


def reset_counters() -> None:
    """Start the counts afresh, and log the next fallback again (tests and benchmarks). The
    counts are zeroed in place: :mod:`whoosh_internals` holds the same ``_counters``."""
    with _counters_lock:
        for name in fields(Counters):
            setattr(_counters, name.name, 0)
        _warned.clear()


def count_reused_read() -> None:
    """Note a posting list answered from the arrays an earlier fast read decoded."""
    with _counters_lock:
        _counters.reused_reads += 1


def count_fallback_scoring() -> None:
    """Note a search scored through Whoosh's collector because a fast read declined."""
    with _counters_lock:
        _counters.fallback_scoring += 1
    _warn_once("scoring")


def _warn_once(what: str) -> None:
    """Log the first fallback of the process (later ones are only counted)."""
    if not _warned.is_set():
        _warned.set()
        why = what if SUPPORT.fast else SUPPORT.message
        log.warning(
            "search fast path declined (%s): answered through Whoosh's matchers; "
            "later ones are counted, not logged",
            why,
        )


@contextlib.contextmanager
def fallback_only() -> Iterator[None]:
    """Within the block (this thread only), every fast read declines as on an unsupported
    Whoosh: what a test compares the fast paths with."""
    previous = getattr(_forced, "on", False)
    _forced.on = True
    try:
        yield
    finally:
        _forced.on = previous


def fast_enabled() -> bool:
    """True when fast reads may run in this thread."""
    return SUPPORT.fast and not getattr(_forced, "on", False)
