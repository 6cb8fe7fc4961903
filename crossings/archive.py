"""Where things live in an archive folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from crossings.errors import CrossingsError

EDITIONS = ("public", "internal")
# The file that marks a replica: a folder `crossings ship` fills with what `crossings serve` needs
# (built site, search indexes, OAI-PMH records, search settings) and nothing else.
REPLICA_MARKER = "crossings-replica.json"


@dataclass(frozen=True)
class Archive:
    """The folders and files of one archive, all derived from its root."""

    root: Path

    @classmethod
    def at(cls, path: str | Path, *, replica: bool = False) -> Archive:
        """Open the archive rooted at *path*, or fail saying what is missing; with *replica*, a
        replica made by `crossings ship` is opened too (only serving and shipping read one)."""
        root = Path(path).resolve()
        if (root / REPLICA_MARKER).is_file() and not (root / "reports" / "catalog.csv").is_file():
            if replica:
                return cls(root)
            raise CrossingsError(
                f"{root}: a replica made by `crossings ship`, holding only what `crossings serve` needs; "
                "run this command in the archive it was shipped from"
            )
        if not (root / "reports" / "catalog.csv").is_file():
            raise CrossingsError(
                f"{root}: not a crossings archive (no reports/catalog.csv); "
                "run `crossings init DIR` or pass --archive DIR"
            )
        return cls(root)

    @property
    def is_replica(self) -> bool:
        """True for a replica made by `crossings ship` (no sources, no catalog)."""
        return (self.root / REPLICA_MARKER).is_file() and not self.catalog.is_file()

    @property
    def reports(self) -> Path:
        """Contributed originals, never modified by the tools."""
        return self.root / "reports"

    @property
    def catalog(self) -> Path:
        """The catalog describing every original."""
        return self.reports / "catalog.csv"

    @property
    def source(self) -> Path:
        """Sphinx sources: ingested documents and hand-written pages."""
        return self.root / "source"

    @property
    def documents(self) -> Path:
        """Where ingest writes one MyST file per catalog row."""
        return self.source / "documents"

    @property
    def vocabularies(self) -> Path:
        """The archive's own vocabularies (countries, themes, events...)."""
        return self.root / "vocabularies"

    @property
    def locales(self) -> Path:
        """sphinx-intl message catalogues, one folder per language."""
        return self.root / "locales"

    @property
    def search_settings(self) -> Path:
        """Editable search settings (synonyms, stop words, boosts)."""
        return self.root / "search"

    @property
    def redactions(self) -> Path:
        """Names to redact in the public edition; kept outside source/."""
        return self.root / "redactions.csv"

    @property
    def backups(self) -> Path:
        """Editors' versions kept by ``ingest --force``: outside source/, so no edition stages them."""
        return self.root / "backups" / "documents"

    @property
    def build(self) -> Path:
        """Everything generated; safe to delete."""
        return self.root / "build"

    def edition_dir(self, edition: str) -> Path:
        """Outputs of one edition (public or internal)."""
        if edition not in EDITIONS:
            raise CrossingsError(f"unknown edition {edition!r}; use one of {', '.join(EDITIONS)}")
        return self.build / edition
