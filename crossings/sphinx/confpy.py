"""Defaults that give way to conf.py: which names an archive's conf.py (or ``-D``) sets itself.

Sphinx keeps what conf.py said in a private attribute; this module reads conf.py again through
Sphinx's public ``eval_config_file``, once per version of the file, so that crossings' defaults
(xelatex, no copied sources, ...) apply only where the editor chose nothing.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

CONF_PY = "conf.py"


@lru_cache(maxsize=16)
def _names(path: Path, stamp: tuple[int, int], tags: tuple[str, ...]) -> frozenset[str]:
    """The names conf.py at *path* binds (cached by its mtime and size, and the build's tags)."""
    del stamp  # part of the cache key only
    return frozenset(name for name in eval_config_file(path, Tags(tags)) if not name.startswith("_"))


def names_in_file(path: Path, tags: tuple[str, ...] = ()) -> frozenset[str]:
    """Every name the conf.py at *path* binds (none when there is no such file)."""
    if not path.is_file():
        return frozenset()
    info = path.stat()
    return _names(path.resolve(), (info.st_mtime_ns, info.st_size), tuple(sorted(tags)))


def names_in_conf(app: Sphinx) -> frozenset[str]:
    """Every name the build's conf.py binds (none when the build has no conf.py)."""
    return names_in_file(Path(app.confdir) / CONF_PY, tuple(app.tags))


def chosen(app: Sphinx, name: str) -> bool:
    """True when conf.py or a command-line override gives *name* a value."""
    return name in app.config.overrides or name in names_in_conf(app)


def set_default(app: Sphinx, name: str, value: Any) -> None:
    """Give the config value *name* crossings' default unless conf.py or an override chose one."""
    if not chosen(app, name):
        app.config[name] = value
