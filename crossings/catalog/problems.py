"""A problem found in the archive's data, naming the file, line and field at fault."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong, with where it is and what to do."""

    file: str
    message: str
    line: int | None = None
    row: int | None = None
    field: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field:
            parts.append(f"column {self.field}" if self.row is not None else f"field {self.field}")
        detail = f" [{', '.join(parts)}]" if parts else ""
        return f"{where}{detail}: {self.severity}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        """The problem as JSON-ready data."""
        return asdict(self)


@dataclass(frozen=True)
class Location:
    """Where a record came from: a file, its line, and for CSV the data row."""

    file: str
    line: int | None = None
    row: int | None = None
    field_lines: tuple[tuple[str, int], ...] = ()

    def problem(self, field: str | None, message: str, severity: str = "error") -> Problem:
        """A problem at this location, on the line of *field* when known."""
        line = dict(self.field_lines).get(field or "", self.line)
        return Problem(self.file, message, line=line, row=self.row, field=field, severity=severity)
