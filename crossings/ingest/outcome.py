"""What happened to one catalog row during ingest, and the batch summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

CONVERTED = "converted"
UPDATED = "updated"
UNCHANGED = "unchanged"
EDITED = "edited-kept"
METADATA = "metadata-updated"
FAILED = "failed"
STATUSES = (CONVERTED, UPDATED, METADATA, UNCHANGED, EDITED, FAILED)
STATUS_HELP = {
    CONVERTED: "converted from the original",
    UPDATED: "front matter refreshed from the catalog; body untouched",
    METADATA: "edited by hand; the catalog's fields brought into its front matter, body untouched",
    UNCHANGED: "original and document unchanged; skipped",
    EDITED: "edited by hand; kept (use --force ID to re-convert, keeping a backup)",
    FAILED: "not converted",
}


@dataclass
class Outcome:
    """The result for one document: its status, why, and what the editor should know."""

    id: str
    file: str
    status: str
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    output: str = ""
    backup: str = ""

    def as_dict(self) -> dict[str, object]:
        """The outcome as JSON-ready data."""
        return asdict(self)


def counts(outcomes: list[Outcome]) -> dict[str, int]:
    """How many documents ended in each status (every status present, zeros included)."""
    found = Counter(outcome.status for outcome in outcomes)
    return {status: found.get(status, 0) for status in STATUSES}


def summary_lines(outcomes: list[Outcome]) -> list[str]:
    """A readable report: one line per document that needs attention, then the totals."""
    lines = []
    for outcome in sorted(outcomes, key=lambda o: (STATUSES.index(o.status), o.id)):
        if outcome.status == FAILED:
            lines.append(f"FAILED   {outcome.id}: {outcome.reason}")
        elif outcome.status in (EDITED, METADATA):
            lines.append(f"KEPT     {outcome.id}: {outcome.reason}")
        elif outcome.backup:
            lines.append(
                f"FORCED   {outcome.id}: re-converted; the edited version is kept as {outcome.backup}"
            )
        for warning in outcome.warnings:
            lines.append(f"  warning {outcome.id} ({outcome.file}): {warning}")
    width = max(len(status) for status in STATUSES)
    lines.append("")
    for status, number in counts(outcomes).items():
        lines.append(f"{status:<{width}}  {number:>5}  {STATUS_HELP[status]}")
    return lines
