"""Editable search settings of an archive (``search/``), with crossings' defaults behind them.

``boosts.toml`` (or ``boosts.csv``: ``field,boost`` rows) weighs fields; its optional
``[analysis]`` table picks the scripts cut into character bigrams. ``stopwords.txt`` and
``synonyms.csv`` are described in :mod:`stopwords` and :mod:`synonyms`. A file missing from the
archive falls back to the one shipped in ``crossings/data/template/search/``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from crossings.errors import CrossingsError
from crossings.search.text.analysis import ArchiveAnalyzer
from crossings.search.text.scripts import BIGRAM_SCRIPTS
from crossings.search.text.segment import DEFAULT_BIGRAM_SCRIPTS
from crossings.search.text.stopwords import all_words, parse_stopwords
from crossings.search.text.synonyms import Synonyms

DEFAULT_BOOSTS = {"title": 3.0, "section": 2.0, "body": 1.0}


@dataclass(frozen=True)
class SearchSettings:
    """Field boosts, stop words, synonyms and bigram scripts, and the files they came from."""

    boosts: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_BOOSTS))
    stopwords: dict[str, frozenset[str]] = field(default_factory=dict)
    synonyms: Synonyms = field(default_factory=Synonyms)
    bigram_scripts: tuple[str, ...] = DEFAULT_BIGRAM_SCRIPTS
    sources: tuple[str, ...] = ()

    @classmethod
    def load(cls, folder: Path) -> SearchSettings:
        """Settings of the archive folder *folder* (``archive.search_settings``), defaults filling gaps."""
        boosts_text, boosts_name = _read(folder, "boosts.toml", "boosts.csv")
        stop_text, stop_name = _read(folder, "stopwords.txt")
        syn_text, syn_name = _read(folder, "synonyms.csv")
        scripts: tuple[str, ...]
        if boosts_name.endswith(".csv"):
            boosts, scripts = _boosts_csv(boosts_text, boosts_name), DEFAULT_BIGRAM_SCRIPTS
        else:
            boosts, scripts = _boosts_toml(boosts_text, boosts_name)
        stopwords = parse_stopwords(stop_text, stop_name)
        analyzer = ArchiveAnalyzer(stopwords=all_words(stopwords), bigram_scripts=scripts)
        return cls(
            boosts=boosts,
            stopwords=stopwords,
            synonyms=Synonyms.parse(syn_text, syn_name, analyzer),
            bigram_scripts=scripts,
            sources=(boosts_name, stop_name, syn_name),
        )

    @property
    def all_stopwords(self) -> frozenset[str]:
        """Every language's stop words: what the analyzer drops."""
        return all_words(self.stopwords)

    def analyzer(self) -> Any:
        """The text analyzer these settings ask for (give it to every text field of the schema)."""
        return ArchiveAnalyzer(stopwords=self.all_stopwords, bigram_scripts=self.bigram_scripts)

    @property
    def index_key(self) -> str:
        """A digest of what is baked into an index (stop words, bigram scripts): a change means re-index."""
        text = "|".join([",".join(sorted(self.all_stopwords)), ",".join(self.bigram_scripts)])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def boost(self, fieldname: str) -> float:
        """The boost of one field (1.0 when not set)."""
        return self.boosts.get(fieldname, 1.0)


def _read(folder: Path, *names: str) -> tuple[str, str]:
    """Text and display name of the first of *names* in *folder*, else of the shipped default."""
    for name in names:
        path = folder / name
        if path.is_file():
            try:
                return path.read_text(encoding="utf-8-sig"), str(path)
            except UnicodeDecodeError as exc:
                raise CrossingsError(f"{path}: not UTF-8 (byte {exc.start}); save it as UTF-8") from exc
    default = resources.files("crossings") / "data" / "template" / "search" / names[0]
    return default.read_text("utf-8"), f"crossings/data/template/search/{names[0]}"


def _boosts_toml(text: str, display: str) -> tuple[dict[str, float], tuple[str, ...]]:
    """Boosts and bigram scripts of a boosts.toml file."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CrossingsError(f"{display}: not valid TOML ({exc})") from exc
    boosts = dict(DEFAULT_BOOSTS)
    table = data.get("boosts", {})
    if not isinstance(table, dict):
        raise CrossingsError(f"{display}: [boosts] must be a table of field = number")
    for name, value in table.items():
        boosts[name] = _boost_value(value, f"{display}: boosts.{name}")
    analysis = data.get("analysis", {})
    scripts = (
        analysis.get("bigram_scripts", list(DEFAULT_BIGRAM_SCRIPTS)) if isinstance(analysis, dict) else None
    )
    if not isinstance(scripts, list) or any(s not in BIGRAM_SCRIPTS for s in scripts):
        raise CrossingsError(
            f"{display}: analysis.bigram_scripts must be a list drawn from {list(BIGRAM_SCRIPTS)}"
        )
    return boosts, tuple(scripts)


def _boosts_csv(text: str, display: str) -> dict[str, float]:
    """Boosts of a boosts.csv file (header ``field,boost``)."""
    boosts = dict(DEFAULT_BOOSTS)
    reader = csv.reader(io.StringIO(text))
    for cells in reader:
        where = f"{display}:{reader.line_num}"
        if not cells or cells[0].strip().startswith("#") or cells[0].strip() == "field":
            continue
        if len(cells) != 2:
            raise CrossingsError(f"{where}: expected two cells, field,boost (e.g. title,3.0)")
        boosts[cells[0].strip()] = _boost_value(cells[1].strip(), where)
    return boosts


def _boost_value(value: object, where: str) -> float:
    """A boost as a positive number, or an error naming *where*."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = -1.0
    if isinstance(value, bool) or not 0 < number <= 100:
        raise CrossingsError(f"{where}: boost {value!r} must be a number above 0 (at most 100), e.g. 2.0")
    return number
