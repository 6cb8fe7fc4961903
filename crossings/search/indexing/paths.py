"""Where the corpus and the indexes of each edition and language live under build/."""

from __future__ import annotations

from pathlib import Path

from crossings.archive import Archive


def corpus_dir(archive: Archive, edition: str) -> Path:
    """build/<edition>/corpus: one JSON Lines file per site language."""
    return archive.edition_dir(edition) / "corpus"


def corpus_path(archive: Archive, edition: str, lang: str) -> Path:
    """build/<edition>/corpus/<lang>.jsonl, written by the Sphinx build."""
    return corpus_dir(archive, edition) / f"{lang}.jsonl"


def index_path(archive: Archive, edition: str, lang: str) -> Path:
    """build/<edition>/search/<lang>: the index generations of one site language."""
    return archive.edition_dir(edition) / "search" / lang


def corpus_languages(archive: Archive, edition: str) -> list[str]:
    """The site languages whose corpus the build wrote, sorted."""
    return sorted(p.stem for p in corpus_dir(archive, edition).glob("*.jsonl"))


def index_languages(archive: Archive, edition: str) -> list[str]:
    """The site languages that have an index, sorted."""
    root = archive.edition_dir(edition) / "search"
    return sorted(p.name for p in root.glob("*") if (p / "CURRENT").is_file())
