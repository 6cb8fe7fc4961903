"""Build an edition of the archive with any Sphinx builder: stage its source set, then run Sphinx.

``build_site(archive, builder="html", edition="public", lang="en")`` writes
``build/<edition>/<builder>/<lang>/`` from the staged ``build/<edition>/src/<lang>/``, with doctrees
in ``build/<edition>/doctrees/<builder>/<lang>/`` (outside the output).
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import docutils_namespace, patch_docutils

from crossings.archive import Archive
from crossings.catalog.access import Decision, Holdings
from crossings.errors import CrossingsError
from crossings.languages import folder, sphinx_language
from crossings.locales import declared_language
from crossings.publish import problems
from crossings.publish.overlay import EditionText
from crossings.publish.problems import BuildProblem
from crossings.publish.protection import Record, purge_stale, refresh_indexes, remember, state
from crossings.publish.redaction import Redactor
from crossings.publish.stage import StageReport, stage
from crossings.publish.withdrawn import forget_corpus, forget_records, forget_site, wipe_site, withheld_ids
from crossings.redact.checks import archive_problems
from crossings.redact.family import family_marks
from crossings.search.indexing.paths import corpus_path, index_path
from crossings.sphinx.oai import records_path
from crossings.sphinx.pages import BUILDERS

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class BuildResult:
    """Where the output went and what Sphinx warned about."""

    outdir: Path
    srcdir: Path
    warnings: list[str] = field(default_factory=list)
    staged: StageReport = field(default_factory=StageReport)
    problems: list[BuildProblem] = field(default_factory=list)  # open errors, unchanged documents' too
    purged: list[str] = field(default_factory=list)  # other outputs removed: built before a withdrawal
    emptied: list[str] = field(default_factory=list)  # search indexes emptied for the same reason


def folder_name(lang: str) -> str:
    """The output folder of a language (``zh-Hant`` -> ``zh-hant``)."""
    return folder(lang)


def paths(archive: Archive, builder: str, edition: str, lang: str) -> tuple[Path, Path, Path]:
    """Staged sources, output and doctrees of one build.

    Each builder keeps its own doctrees: Sphinx refuses an environment pickled by a builder with
    another versioning method (gettext), and builders run with different settings would make each
    other re-read everything.
    """
    base = archive.edition_dir(edition)
    name = folder_name(lang)
    return base / "src" / name, base / builder / name, base / "doctrees" / builder / name


PAGE_SUFFIXES = (".html", ".xhtml")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".tif", ".tiff", ".emf", ".wmf")


def _staged(srcdir: Path, docname: Path) -> bool:
    """True when *docname* (relative, without suffix) has a staged source."""
    return any((srcdir / docname).with_suffix(suffix).is_file() for suffix in (".md", ".rst"))


def _forget_unstaged(outdir: Path, doctreedir: Path, srcdir: Path, builder: str) -> None:
    """Before a build, remove what belongs to no staged page: every builder shares the staged tree,
    so a document withdrawn during an earlier builder's run must leave this builder's files too.

    Doctrees and pages of pages no longer staged go; so do the pages Sphinx and the extension
    generate (indices, browse pages), which are written anew on every build but only when they
    have content: a country page whose last document was restricted would otherwise stay behind.
    Copied images and downloads of e-books and PDFs go too (the builder copies what is used), and
    so does the PDF of a paper (``documents/<id>.pdf``, written by ``crossings build papers``)
    whose document is no longer staged.
    """
    if doctreedir.is_dir():
        for doctree in doctreedir.rglob("*.doctree"):
            if not _staged(srcdir, doctree.relative_to(doctreedir).with_suffix("")):
                doctree.unlink()
    if not outdir.is_dir():
        return
    for page in outdir.rglob("*"):
        relative = page.relative_to(outdir)
        beside = page.suffix == ".pdf" and relative.parts[0] == "documents"  # a paper's PDF (build papers)
        if (page.suffix not in PAGE_SUFFIXES and not beside) or relative.parts[0].startswith("_"):
            continue  # _static, _images...: assets, not pages
        if not page.is_file():
            continue
        if not _staged(srcdir, relative.with_suffix("")):
            page.unlink()
    if builder in {"epub", "latex"}:
        for folder in ("_images", "_downloads"):
            shutil.rmtree(outdir / folder, ignore_errors=True)
        for image in outdir.iterdir():
            if image.is_file() and image.suffix.lower() in IMAGE_SUFFIXES:
                image.unlink()


def _forget_withheld(
    archive: Archive,
    edition: str,
    lang: str,
    folders: tuple[Path, Path],
    srcdir: Path,
    withheld: set[str],
    stale: bool,
) -> None:
    """Before Sphinx runs, remove from a site (all of it when *stale*), its OAI-PMH records, its
    corpus and its search index what names a withheld page (crossings.publish.withdrawn): a
    failed or interrupted build must not leave it public."""
    outdir, doctreedir = folders
    ids = withheld_ids(withheld)

    def staged(name: str) -> bool:
        return _staged(srcdir, Path(name))

    if stale:
        wipe_site(outdir, doctreedir)
    forget_site(outdir, staged, ids)
    forget_records(records_path(outdir), ids)
    corpus = corpus_path(archive, edition, folder_name(lang))
    if forget_corpus(corpus, ids) and edition == "public":
        _reindex(archive, edition, lang, corpus)


def _reindex(archive: Archive, edition: str, lang: str, corpus: Path) -> None:
    """Bring a language's live search index in line with its corpus (when it has one)."""
    from crossings.search.indexing.index import build_index
    from crossings.search.text.config import index_options, load_settings

    target = index_path(archive, edition, folder_name(lang))
    if (target / "CURRENT").is_file():
        options = index_options(load_settings(archive.search_settings))
        build_index(corpus, target, incremental=True, **options)


def _refuse_redaction_problems(archive: Archive, decisions: dict[Path, Decision]) -> None:
    """Stop a public build that would let a name through, naming each problem (a mistake in
    redactions.csv, an id or a page's path holding a withheld name)."""
    problems = archive_problems(archive, decisions)
    if problems:
        listed = "\n".join(str(problem) for problem in problems)
        raise CrossingsError(f"{listed}\nthe public edition is not built until each of these is corrected")


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
    output_name: str = "",
) -> BuildResult:
    """Stage the edition's sources and build them; raise CrossingsError if Sphinx fails.

    *status* receives Sphinx's progress messages (the CLI passes stderr on a terminal).
    *output_name* is the folder of the output and doctrees when it is not the builder's name
    (the per-paper LaTeX of ``crossings build papers`` is ``papers``, beside the proceedings' ``latex``).
    """
    kind = output_name or builder
    if not archive.source.is_dir():
        raise CrossingsError(f"{archive.source}: no source folder; run `crossings ingest` first")
    if builder != "gettext":  # gettext extracts the source text, whatever the archive's languages
        lang = declared_language(archive, lang)  # never a site in a language the archive does not declare
    srcdir, outdir, doctreedir = paths(archive, kind, edition, lang)
    holdings = Holdings.load(archive)
    if edition == "public":
        holdings.require_readable()
    decisions = holdings.decide_all(archive.source, edition)
    if edition == "public":
        _refuse_redaction_problems(archive, decisions)
    output = f"{kind}/{folder_name(lang)}"
    protection = state(archive, decisions) if edition == "public" else ""
    purged = purge_stale(archive, edition, protection, output) if edition == "public" else []
    stale = (
        edition == "public"
        and Record.read(archive.edition_dir(edition)).outputs.get(output, protection) != protection
    )
    if stale:
        fresh = True  # pages that did not change may still show a label or link now withheld
    redactor = Redactor.for_edition(archive.redactions, edition, lang)
    redactor.marked_by_family = family_marks(archive)  # a name one side of a translation withholds
    withheld = {relative.with_suffix("").as_posix() for relative, d in decisions.items() if not d.held}
    transform = EditionText(holdings, redactor, withheld)
    report = stage(archive.source, srcdir, edition, transform, holdings, decisions)
    redactor.write_log(archive.edition_dir(edition) / "redaction-log" / f"{folder_name(lang)}.csv")
    if prepare is not None:  # e.g. the proceedings' generated structure (crossings.publish.book)
        prepare(srcdir)
    _forget_unstaged(outdir, doctreedir, srcdir, builder)
    if builder in BUILDERS:
        _forget_withheld(archive, edition, lang, (outdir, doctreedir), srcdir, withheld, stale)
    else:  # older versions wrote an e-book's or a book's search corpus beside its output
        shutil.rmtree(outdir.parent / "corpus", ignore_errors=True)
    confoverrides: dict[str, object] = {
        "language": sphinx_language(lang),
        "crossings_language": lang,
        "crossings_edition": edition,
    }
    confoverrides.update(overrides or {})
    warning = io.StringIO()
    reread: set[str] = set()
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
            app.connect("env-before-read-docs", lambda _app, _env, names: reread.update(names))
            app.build(force_all=fresh)
    except (SphinxError, OSError) as exc:
        tail = "\n".join(_warnings(warning.getvalue(), srcdir, archive.source)[-20:])
        raise CrossingsError(
            f"the {builder} build of {edition}/{lang} failed: {exc}\n{tail}".rstrip()
        ) from exc
    if app.statuscode:
        raise CrossingsError(f"the {builder} build of {edition}/{lang} failed (status {app.statuscode})")
    shown = _warnings(warning.getvalue(), srcdir, archive.source)
    new = problems.parse(shown, archive.source)
    record = problems.record_path(archive.edition_dir(edition), kind, lang)
    record.parent.mkdir(parents=True, exist_ok=True)
    still_open = problems.merge(record, new, reread, set(app.env.found_docs))
    result = BuildResult(outdir, srcdir, shown, report, still_open, purged=purged)
    if edition == "public":
        remember(archive, edition, output, protection)
        if builder == "html":
            result.emptied = refresh_indexes(archive, edition, protection, folder_name(lang))
    return result
