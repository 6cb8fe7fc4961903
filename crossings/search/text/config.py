"""The archive's search settings (search/) as the index and the queries use them."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def load_settings(folder: Path) -> Any:
    """The SearchSettings of *folder* (boosts, stop words, synonyms), or None without a settings module."""
    try:
        from crossings.search.text.settings import SearchSettings
    except ImportError:  # the analysis stage is optional for the index's own tests
        return None
    return SearchSettings.load(folder)


def index_options(settings: Any) -> dict[str, Any]:
    """The keyword arguments of ``build_index`` that come from *settings*."""
    if settings is None:
        return {}
    return {"analyzer": settings.analyzer(), "settings_key": str(settings.index_key)}
