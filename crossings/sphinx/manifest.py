"""The generated pages of the last build and a digest of each, so unchanged ones are not re-rendered."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.builders import Builder

MANIFEST = ".crossings-pages.json"
# This build's generated pages by builder, kept beside the builder rather than on it.
_CURRENT: WeakKeyDictionary[Builder, dict[str, str]] = WeakKeyDictionary()


def read(outdir: Path) -> dict[str, str]:
    """Page name -> digest from the previous build ({} when there is none)."""
    path = outdir / MANIFEST
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def digest(app: Sphinx, context: dict[str, Any]) -> str:
    """What a generated page depends on: its content, the build settings and the templates."""
    templates = getattr(app.builder, "templates", None)
    newest = templates.newest_template_mtime() if templates is not None else 0
    build_info = getattr(app.builder, "build_info", None)
    config_hash = getattr(build_info, "config_hash", "")
    text = f"{context['title']}\0{context['body']}\0{config_hash}\0{newest}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def note(app: Sphinx, pages: dict[str, str]) -> None:
    """Remember this build's generated pages and their digests."""
    _CURRENT[app.builder] = pages


def current(app: Sphinx) -> dict[str, str]:
    """This build's generated pages and their digests."""
    return _CURRENT.get(app.builder, {})
