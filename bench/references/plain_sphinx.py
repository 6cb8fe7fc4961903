"""Reference for the site build: plain Sphinx with myst-parser and furo, no crossings extension.

It builds the same staged MyST files (front matter and all) with the same sphinx-build
command line as the crossings build, so the difference is the extension's own cost.
"""

from __future__ import annotations

from pathlib import Path

CONF = """\
project = "plain reference"
extensions = ["myst_parser"]
html_theme = "furo"
html_copy_source = False
"""


def write_conf(folder: Path) -> Path:
    """A folder holding the reference conf.py (for ``sphinx-build -c``)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conf.py").write_text(CONF, encoding="utf-8")
    return folder
