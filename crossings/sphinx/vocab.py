"""The vocabularies and interface language of the running build."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sphinx.config import Config

from crossings.catalog import Vocabularies
from crossings.languages import bcp47
from crossings.redact.apply import withhold_vocabularies
from crossings.redact.names import RedactedName
from crossings.settings import Settings


def archive_root(config: Config) -> Path:
    """The archive root (``crossings_archive``, set to conf.py's folder at config-inited if empty)."""
    return Path(Settings.from_config(config).archive)


def ui_language(config: Config) -> str:
    """The BCP 47 tag of the build's interface language (labels are picked in it)."""
    chosen = Settings.from_config(config).language
    if chosen:
        return chosen
    return bcp47(str(config.language or "en"))


def _stamp(folder: Path) -> tuple[tuple[str, float], ...]:
    """Names and mtimes of the CSV files, so edits invalidate the cache."""
    if not folder.is_dir():
        return ()
    return tuple(sorted((p.name, p.stat().st_mtime) for p in folder.glob("*.csv")))


@lru_cache(maxsize=8)
def _load(folder: Path, stamp: tuple[tuple[str, float], ...]) -> Vocabularies:
    """Read the vocabularies once per process and version of the files."""
    del stamp  # only part of the cache key
    return Vocabularies.load(folder)


@lru_cache(maxsize=8)
def _withheld(
    folder: Path, stamp: tuple[tuple[str, float], ...], lang: str, names: tuple[RedactedName, ...]
) -> Vocabularies:
    """The vocabularies with every withheld name replaced (labels reach every page and book)."""
    return withhold_vocabularies(_load(folder, stamp), list(names), lang)


def vocabularies(config: Config) -> Vocabularies:
    """The archive's vocabularies (defaults for files it does not have); in the public edition,
    without any name of redactions.csv, whatever its scope."""
    folder = archive_root(config) / "vocabularies"
    if Settings.from_config(config).edition != "public":
        return _load(folder, _stamp(folder))
    from crossings.sphinx.withhold import archive_names

    names = tuple(archive_names(str(archive_root(config))))
    return _withheld(folder, _stamp(folder), ui_language(config), names)
