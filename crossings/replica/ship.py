"""One ship: the parts of an edition `crossings serve` needs, copied into a replica in order.

The search settings first (a server reads them when it starts), then the site (a new folder and
the link swapped to it), the OAI-PMH records, and the index of each language (a new generation
made live whole, ``crossings.search.indexing.ship``); a language the source no longer has is removed from
the replica, index and records alike, since its files may hold what was since withdrawn. The
previous site copy is deleted last, once requests that resolved the old link have had
``SITE_GRACE`` seconds to open their file. One ship writes a replica at a time.
"""

from __future__ import annotations

import contextlib
import fcntl
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crossings.archive import Archive
from crossings.replica.files import mirror_files
from crossings.replica.folder import Replica, ReplicaError, destination
from crossings.replica.site import ShippedSite, prune_sites, ship_site
from crossings.search.indexing.paths import index_languages
from crossings.search.indexing.ship import ShippedIndex, remove_index, ship_index
from crossings.web.site import Site

SITE_GRACE = 2.0  # seconds between the link's swap and the deletion of the site it named
LOCK = ".ship.lock"


@dataclass
class ShipReport:
    """What one ship made live in the replica."""

    replica: str
    edition: str
    site: ShippedSite
    indexes: dict[str, ShippedIndex] = field(default_factory=dict)
    removed_indexes: list[str] = field(default_factory=list)  # languages the source no longer has
    records: list[str] = field(default_factory=list)  # OAI-PMH record files written or deleted
    settings: list[str] = field(default_factory=list)  # search settings written or deleted
    removed_sites: list[str] = field(default_factory=list)  # earlier site copies deleted
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "replica": self.replica,
            "edition": self.edition,
            "site": self.site.as_dict(),
            "indexes": {lang: shipped.as_dict() for lang, shipped in self.indexes.items()},
            "removed_indexes": self.removed_indexes,
            "records": self.records,
            "settings": self.settings,
            "removed_sites": self.removed_sites,
            "seconds": self.seconds,
        }


def ship(source: Archive, dest: Path, edition: str) -> ShipReport:
    """Ship *edition* of *source* (an archive, or a replica) into the replica folder *dest*."""
    started = time.monotonic()
    edition_dir = source.edition_dir(edition)
    if not Site(edition_dir / "html").languages():
        raise ReplicaError(
            f"{edition_dir / 'html'}: no built site; run `crossings build html --edition {edition}` first"
        )
    languages = index_languages(source, edition)
    if not languages:
        raise ReplicaError(
            f"{edition_dir / 'search'}: no search index; run `crossings index --edition {edition}` first"
        )
    replica = destination(dest, source, edition)
    target = replica.archive.edition_dir(edition)
    with _writing(replica):
        settings = mirror_files(source.search_settings, replica.archive.search_settings, "*")
        site = ship_site(edition_dir / "html", target)
        swapped = time.monotonic()
        report = ShipReport(str(replica.root), edition, site, settings=settings)
        report.records = mirror_files(edition_dir / "oai", target / "oai", "*.json")
        for lang in languages:
            report.indexes[lang] = ship_index(edition_dir / "search" / lang, target / "search" / lang)
        for folder in sorted((target / "search").iterdir()):
            if folder.is_dir() and folder.name not in languages:
                remove_index(folder)
                report.removed_indexes.append(folder.name)
        if not site.unchanged:
            time.sleep(max(0.0, SITE_GRACE - (time.monotonic() - swapped)))
        report.removed_sites = prune_sites(target)
        report.seconds = round(time.monotonic() - started, 3)
        replica.record(
            {
                "shipped_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "site": site.folder,
                "indexes": {lang: shipped.generation for lang, shipped in report.indexes.items()},
            }
        )
    return report


@contextlib.contextmanager
def _writing(replica: Replica) -> Iterator[None]:
    """Hold the replica's ship lock, or fail at once naming the replica."""
    with (replica.root / LOCK).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise ReplicaError(
                f"{replica.root}: another `crossings ship` is writing this replica; wait for it to finish"
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
