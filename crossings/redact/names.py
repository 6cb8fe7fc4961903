"""Where redacted names come from: redactions.csv and the {redact} role in documents."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from crossings.errors import CrossingsError
from crossings.redact.skeleton import skeleton_text

# {redact}`Name` as MyST writes a role; the name may wrap across lines in a paragraph.
ROLE_RE = re.compile(r"\{redact\}`([^`]+)`")
HEADER = ("name", "documents", "note")


@dataclass(frozen=True)
class RedactedName:
    """A name to withhold, everywhere or only in some documents."""

    name: str
    documents: tuple[str, ...] = ()
    number: int = 0

    def applies_to(self, doc_id: str) -> bool:
        """True when the name is withheld in *doc_id* (an empty list means every document)."""
        return not self.documents or doc_id in self.documents


def load_redactions(path: Path) -> list[RedactedName]:
    """Read redactions.csv (name,documents,note); a missing file means no names."""
    if not path.is_file():
        return []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CrossingsError(f"{path.name}: not UTF-8 (byte {exc.start}); save it as UTF-8 CSV") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None or "name" not in reader.fieldnames:
        raise CrossingsError(f"{path.name}:1: the header must be {','.join(HEADER)}")
    names = []
    for number, row in enumerate(reader, start=1):
        name = " ".join((row.get("name") or "").split())
        if not name:
            continue
        if len(skeleton_text(name)) < 2:
            raise CrossingsError(
                f"{path.name}:{reader.line_num}: name {name!r} is too short to redact safely "
                "(it needs at least two letters or digits)"
            )
        documents = tuple(d.strip() for d in (row.get("documents") or "").split(";") if d.strip())
        names.append(RedactedName(name, documents, number))
    return names


def role_names(text: str) -> list[str]:
    """Every name marked with the {redact} role in *text*, whitespace normalised."""
    return [" ".join(match.group(1).split()) for match in ROLE_RE.finditer(text)]
