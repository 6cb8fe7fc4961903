"""Read and write reports/catalog.csv, keeping the line of every row."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crossings.catalog.csvtext import (
    CatalogBytesError,
    catalog_text,
    delimiter,
    not_utf8,
    readable,
    undecodable,
)
from crossings.catalog.model import COLUMNS
from crossings.catalog.problems import Location, Problem


@dataclass(frozen=True)
class CatalogRow:
    """One data row of the catalog with where it was read."""

    values: dict[str, str]
    where: Location


def read_catalog(path: Path, display: str) -> tuple[list[CatalogRow], list[Problem]]:
    """Read the catalog at *path* (shown to users as *display*); report header and encoding problems."""
    try:
        text = catalog_text(path.read_bytes())
    except FileNotFoundError:
        return [], [Problem(display, "catalog not found; create it with the header: " + ",".join(COLUMNS))]
    except CatalogBytesError as exc:
        return [], [Problem(display, str(exc), line=exc.line)]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    header = next(reader, None)
    if header is None:
        return [], [Problem(display, "empty file; the first line must be: " + ",".join(COLUMNS), line=1)]
    header = [readable(name.strip()) for name in header]
    problems = _check_header(header, display)
    rows: list[CatalogRow] = []
    try:
        _read_rows(reader, header, display, rows, problems)
    except csv.Error as exc:
        where = reader.line_num + 1
        problems.append(
            Problem(display, f"{exc}; a quote is probably not closed: close it and save again", line=where)
        )
    return rows, problems


def _read_rows(
    reader: Any, header: list[str], display: str, rows: list[CatalogRow], problems: list[Problem]
) -> None:
    """The data rows of an open catalog, appended to *rows* (problems to *problems*)."""
    line = reader.line_num + 1
    for number, cells in enumerate(reader, start=1):
        where = Location(display, line=line, row=number)
        first, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            problems.append(
                where.problem(None, f"{len(cells)} cells but the header has {len(header)} columns")
            )
        bad = undecodable(cells, header)
        if bad:
            column, lines, byte = bad
            problems.append(Location(display, first + lines, number).problem(column, not_utf8(byte)))
        values = {name: readable(cell.strip()) for name, cell in zip(header, cells, strict=False)}
        rows.append(CatalogRow(values, where))


def _check_header(header: list[str], display: str) -> list[Problem]:
    """Missing, unknown or repeated columns."""
    problems = []
    missing = [name for name in COLUMNS if name not in header]
    unknown = [name for name in header if name not in COLUMNS]
    if missing:
        problems.append(Problem(display, "missing columns: " + ", ".join(missing), line=1))
    if unknown:
        problems.append(
            Problem(
                display, "unknown columns: " + ", ".join(unknown) + "; expected " + ",".join(COLUMNS), line=1
            )
        )
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        problems.append(Problem(display, "repeated columns: " + ", ".join(repeated), line=1))
    return problems


def write_catalog(path: Path, rows: list[dict[str, str]]) -> None:
    """Write a catalog with the standard header (used by init and tests)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
