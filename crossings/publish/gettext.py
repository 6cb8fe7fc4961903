"""``crossings build gettext``: message templates (.pot) of the staged source, for the translators.

The output, ``build/<edition>/gettext/en/`` (one .pot per page), is what
``crossings translate update`` merges into ``locales/<language>/LC_MESSAGES/*.po``.
"""

from __future__ import annotations

from crossings.archive import Archive
from crossings.publish.sphinx_build import BuildResult, build_site

SOURCE_LANGUAGE = "en"


def build_target(archive: Archive, edition: str, lang: str, jobs: int) -> BuildResult:
    """The .pot files of *edition* (always from the source language; *lang* is ignored)."""
    del lang  # templates are extracted from the untranslated source
    return build_site(archive, "gettext", edition, SOURCE_LANGUAGE, jobs)
