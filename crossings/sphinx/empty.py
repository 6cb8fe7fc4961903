"""A new archive (``crossings init``) builds without warnings before its first ingest.

The index page's hidden toctree lists ``documents/*``; until ``crossings ingest`` writes the
first document, Sphinx warns that the pattern matched nothing, and Sphinx gives that warning
no type, so ``suppress_warnings`` cannot name it. While the documents folder holds no
document, this filter turns exactly that warning into an info line saying what to do.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from crossings.settings import Settings
from crossings.sphinx.quiet import replace_filter

SOURCE_SUFFIXES = (".md", ".rst")


class NoDocumentsYet(logging.Filter):
    """Drops "glob pattern '<documents>/*' didn't match" while there are no documents."""

    def __init__(self, folder: Path, pattern: str) -> None:
        super().__init__()
        self.folder = folder
        self.pattern = pattern

    def filter(self, record: logging.LogRecord) -> bool:
        """False (drop) for the empty-glob warning of the documents folder when it is empty."""
        if record.levelno < logging.WARNING or "didn't match any documents" not in str(record.msg):
            return True
        if self.pattern not in tuple(str(arg) for arg in (record.args or ())):
            return True
        if has_documents(self.folder):
            return True
        record.levelno, record.levelname = logging.INFO, "INFO"
        record.msg, record.args = (
            "no documents in %s yet: add files to reports/ and run `crossings ingest`",
            (self.folder,),
        )
        return True


def has_documents(folder: Path) -> bool:
    """True when *folder* holds a source document (at any depth)."""
    return folder.is_dir() and any(p.suffix in SOURCE_SUFFIXES for p in folder.rglob("*") if p.is_file())


def install(app: Sphinx, config: Config) -> None:
    """config-inited: filter the toctree warning of an archive without documents yet."""
    documents = Settings.from_config(config).documents
    folder = Path(app.srcdir) / documents
    wanted = None if has_documents(folder) else NoDocumentsYet(folder, f"{documents}/*")
    replace_filter(["sphinx.sphinx.directives.other"], NoDocumentsYet, wanted)
