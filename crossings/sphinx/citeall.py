"""build-finished: the citations of every document of the site in one file per format.

``_cite/all_documents.bib``, ``.ris`` and ``.json`` (crossings.citefiles) hold every document
this build published, sorted by id: in the public edition only the public ones, since nothing
else is staged. They are written whole at the end of each build (each through a temporary file
and a rename, so a reader never gets half of one), so a withdrawn document leaves them with the
next build; a site with no document has none.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx

from crossings import citefiles
from crossings.sphinx import cite
from crossings.sphinx.head import citation, write_if_changed
from crossings.sphinx.resolve import view_of

WRITERS: dict[str, Callable[[list[cite.Citation]], str]] = {
    "bib": cite.bibtex_all,
    "ris": cite.ris_all,
    "json": cite.csl_json_all,
}


def write_all(app: Sphinx, outdir: Path) -> None:
    """Write (or, without documents, remove) the site's combined citation files."""
    view = view_of(app)
    cites = [citation(app, view, entry) for entry in view.entries]
    for extension, writer in WRITERS.items():
        path = outdir / citefiles.path(citefiles.COMBINED, extension)
        if not cites:
            path.unlink(missing_ok=True)
            continue
        write_if_changed(path, writer(cites))  # atomically; an unchanged file keeps its mtime
