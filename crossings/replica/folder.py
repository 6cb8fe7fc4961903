"""What a replica folder is, and which folders `crossings ship` refuses to write into.

A replica holds ``crossings-replica.json`` (format, edition, what was shipped last), the search
settings (``search/``) and ``build/<edition>/``: the site (``html``, a link to ``site-NNNNNN``),
the index of each language (``search/<lang>/``) and the OAI-PMH records (``oai/``). No source,
catalog, original or other edition: `crossings serve --archive DIR` serves it, and every other
command refuses it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crossings import atomic
from crossings.archive import REPLICA_MARKER, Archive
from crossings.errors import CrossingsError

FORMAT = 1


class ReplicaError(CrossingsError):
    """A destination `crossings ship` must not write into; the message says why and what to do."""


@dataclass(frozen=True)
class Replica:
    """A replica folder of one edition."""

    root: Path
    edition: str

    @property
    def marker(self) -> Path:
        """The file that marks the folder as a replica and records the last ship."""
        return self.root / REPLICA_MARKER

    @property
    def archive(self) -> Archive:
        """The replica as `crossings serve` opens it."""
        return Archive(self.root)

    def record(self, shipped: dict[str, Any]) -> None:
        """Write the marker with what the last ship made live."""
        data = {"format": FORMAT, "edition": self.edition, **shipped}
        atomic.write_text(self.marker, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def destination(dest: Path, source: Archive, edition: str) -> Replica:
    """The replica at *dest* (made when *dest* is new or empty), after refusing any folder that
    is not one: a file, the archive being shipped or a folder inside it or holding it, an
    archive, a folder with other files, a replica of the other edition."""
    root = dest.expanduser().resolve()
    if root.exists() and not root.is_dir():
        raise ReplicaError(
            f"{root}: is a file; give the folder of a replica (new, empty, or made by `crossings ship`)"
        )
    if root == source.root or root.is_relative_to(source.root):
        raise ReplicaError(
            f"{root}: inside the archive being shipped ({source.root}); ship to a folder outside it"
        )
    if source.root.is_relative_to(root):
        raise ReplicaError(
            f"{root}: holds the archive being shipped ({source.root}); ship to a folder beside it"
        )
    replica = Replica(root, edition)
    if not root.exists():
        if not root.parent.is_dir():
            raise ReplicaError(f"{root}: the folder above it, {root.parent}, does not exist; create it first")
        root.mkdir()
    elif replica.marker.is_file():
        found = _marked_edition(replica.marker)
        if found != edition:
            raise ReplicaError(
                f"{root}: a replica of the {found} edition; ship the {edition} edition to another folder"
            )
        return replica
    elif (root / "reports" / "catalog.csv").is_file():
        raise ReplicaError(f"{root}: a crossings archive, not a replica; ship to a new or empty folder")
    elif any(root.iterdir()):
        raise ReplicaError(
            f"{root}: not empty and not a replica (no {REPLICA_MARKER}); ship to a new or empty folder, "
            "or to a replica made by `crossings ship`"
        )
    replica.record({})
    return replica


def _marked_edition(marker: Path) -> str:
    """The edition a replica's marker names (ReplicaError when it cannot be read)."""
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ReplicaError(
            f"{marker}: not a replica marker this crossings can read ({exc}); "
            "ship to a new folder, or delete the replica and ship again"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("edition"), str):
        raise ReplicaError(
            f"{marker}: not a replica marker of format {FORMAT}; ship to a new folder, or delete the "
            "replica and ship again"
        )
    edition: str = data["edition"]
    return edition
