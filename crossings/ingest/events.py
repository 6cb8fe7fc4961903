"""Turn pandoc's warnings and the safety filter's events into lines an editor can read."""

from __future__ import annotations

from collections import Counter

from crossings.ingest.pandoc import PandocResult

MAX_LISTED = 5


def describe(result: PandocResult) -> list[str]:
    """One warning per kind of event (with examples), then pandoc's own warnings."""
    lines = []
    links = result.event_values("link-dropped")
    if links:
        kept = "only http, https and mailto are kept; text kept"
        lines.append(f"{_count(links, 'link')} removed ({kept}): {_some(links)}")
    images = result.event_values("image-dropped")
    if images:
        lines.append(
            f"{_count(images, 'image')} removed (only images inside the file are kept; description kept): "
            + _some(images)
        )
    raw = result.event_values("raw-dropped")
    if raw:
        kinds = Counter(raw)
        lines.append("raw markup dropped: " + ", ".join(f"{n} x {kind}" for kind, n in sorted(kinds.items())))
    tables = result.event_values("list-table")
    if tables:
        lines.append(f"{_count(tables, 'complex table')} written as a MyST list-table ({_some(tables)})")
    lines += [f"pandoc: {warning}" for warning in _unique(result.warnings)]
    return lines


def _count(items: list[str], noun: str) -> str:
    """``1 link`` / ``3 links``."""
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _some(items: list[str]) -> str:
    """The first few items, quoted, and how many more."""
    unique = _unique(items)
    shown = ", ".join(repr(item[:120]) for item in unique[:MAX_LISTED])
    more = len(unique) - MAX_LISTED
    return shown + (f" and {more} more" if more > 0 else "")


def _unique(items: list[str]) -> list[str]:
    """Items without repeats, first occurrence first."""
    return list(dict.fromkeys(items))
