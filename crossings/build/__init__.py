"""Build an edition of the archive with any Sphinx builder: stage its source set, then run Sphinx.

``build_site(archive, builder="html", edition="public", lang="en")`` writes
``build/<edition>/<builder>/<lang>/`` from the staged ``build/<edition>/src/<lang>/``, with doctrees
in ``build/<edition>/doctrees/<builder>/<lang>/`` (outside the output).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import docutils_namespace, patch_docutils

from crossings.archive import Archive
from crossings.catalog.access import Holdings
from crossings.build.overlay import EditionText
from crossings.build.redaction import Redactor
from crossings.build.stage import StageReport, stage
from crossings.errors import CrossingsError
from crossings.sphinx.vocab import sphinx_language

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class BuildResult:
    """Where the output went and what Sphinx warned about."""

    outdir: Path
    srcdir: Path
    warnings: list[str] = field(default_factory=list)
    staged: StageReport = field(default_factory=StageReport)


def folder_name(lang: str) -> str:
    """The output folder of a language (``zh-Hant`` -> ``zh-hant``)."""
    return lang.lower()


def paths(archive: Archive, builder: str, edition: str, lang: str) -> tuple[Path, Path, Path]:
    """Staged sources, output and doctrees of one build.

    Each builder keeps its own doctrees: Sphinx refuses an environment pickled by a builder with
    another versioning method (gettext), and builders run with different settings would make each
    other re-read everything.
    """
    base = archive.edition_dir(edition)
    name = folder_name(lang)
    return base / "src" / name, base / builder / name, base / "doctrees" / builder / name


def _forget_outputs(outdir: Path, doctreedir: Path, deleted: list[str]) -> None:
    """Remove the pages and doctrees of documents that left the staged tree (Sphinx keeps them)."""
    for relative in deleted:
        if relative.endswith(".md"):
            (outdir / (relative[:-3] + ".html")).unlink(missing_ok=True)
            (doctreedir / (relative[:-3] + ".doctree")).unlink(missing_ok=True)


def _drop_generated_pages(outdir: Path, srcdir: Path) -> None:
    """Delete every HTML page that is not a staged document's, before an html build.

    Sphinx writes its indices and the extension's browse pages anew on every build, but only
    when they have content: a country page whose last document was restricted would otherwise
    stay behind, still listing it.
    """
    if not outdir.is_dir():
        return
    for page in outdir.rglob("*.html"):
        relative = page.relative_to(outdir).with_suffix("")
        if relative.parts[0].startswith("_"):
            continue  # _static, _images...: assets, not pages
        if not any((srcdir / relative).with_suffix(suffix).is_file() for suffix in (".md", ".rst")):
            page.unlink()


def _warnings(text: str, srcdir: Path, source: Path) -> list[str]:
    """Sphinx's warnings, with staged paths shown as the archive's source/ paths."""
    lines = _ANSI.sub("", text).replace(str(srcdir), str(source)).splitlines()
    return [line for line in lines if line.strip()]


def build_site(
    archive: Archive,
    builder: str = "html",
    edition: str = "public",
    lang: str = "en",
    jobs: int = 1,
    fresh: bool = False,
    overrides: dict[str, object] | None = None,
    prepare: Callable[[Path], object] | None = None,
    status: IO[str] | None = None,
) -> BuildResult:
    """Stage the edition's sources and build them; raise CrossingsError if Sphinx fails.

    *status* receives Sphinx's progress messages (the CLI passes stderr on a terminal).
    """
    if not archive.source.is_dir():
        raise CrossingsError(f"{archive.source}: no source folder; run `crossings ingest` first")
    srcdir, outdir, doctreedir = paths(archive, builder, edition, lang)
    holdings = Holdings.load(archive)
    if edition == "public":
        holdings.require_readable()
    redactor = Redactor.for_edition(archive.redactions, edition, lang)
    report = stage(archive.source, srcdir, edition, EditionText(holdings, redactor), holdings)
    redactor.write_log(archive.edition_dir(edition) / "redaction-log" / f"{folder_name(lang)}.csv")
    if prepare is not None:  # e.g. the proceedings' generated structure (crossings.build.book)
        prepare(srcdir)
    _forget_outputs(outdir, doctreedir, report.deleted)
    if builder in {"html", "dirhtml"}:
        _drop_generated_pages(outdir, srcdir)
    confoverrides: dict[str, object] = {
        "language": sphinx_language(lang),
        "crossings_language": lang,
        "crossings_edition": edition,
    }
    confoverrides.update(overrides or {})
    warning = io.StringIO()
    try:
        with patch_docutils(archive.root), docutils_namespace():
            app = Sphinx(
                srcdir,
                archive.root,
                outdir,
                doctreedir,
                builder,
                confoverrides=confoverrides,
                status=status,
                warning=warning,
                freshenv=fresh,
                parallel=max(1, jobs),
            )
            app.build(force_all=fresh)
    except (SphinxError, OSError) as exc:
        shown = "\n".join(_warnings(warning.getvalue(), srcdir, archive.source)[-20:])
        raise CrossingsError(
            f"the {builder} build of {edition}/{lang} failed: {exc}\n{shown}".rstrip()
        ) from exc
    if app.statuscode:
        raise CrossingsError(f"the {builder} build of {edition}/{lang} failed (status {app.statuscode})")
    return BuildResult(outdir, srcdir, _warnings(warning.getvalue(), srcdir, archive.source), report)
