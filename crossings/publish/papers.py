"""``crossings build papers``: a PDF of each document beside its page on the site.

Sphinx's LaTeX builder writes one file per staged document (crossings.sphinx.paper) into
``build/<edition>/papers/<lang>/``; xelatex (through latexmk, sandboxed as for the proceedings)
typesets each one, two at a time; the PDF is copied atomically to
``build/<edition>/html/<lang>/documents/<id>.pdf``. A paper whose LaTeX did not change since its
PDF was made is not typeset again (the digest of its .tex and images is kept beside it).

A paper that fails leaves no PDF (an older one is removed: it may show another text) and is
named with its first LaTeX error; the others are built all the same. The site's pages link to
the PDFs that exist (crossings.sphinx.pdflink); when that changes, the pages concerned are
rewritten by an incremental html build, so that no page links to a missing PDF.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from crossings.archive import Archive
from crossings.atomic import write_bytes, write_text
from crossings.errors import CrossingsError
from crossings.publish.pdf import TIMEOUT, blank_warning, run_latexmk
from crossings.publish.sphinx_build import BuildResult, build_site, folder_name, paths
from crossings.publish.texlog import crash_error, first_error, missing_chars
from crossings.sphinx.paper import DOCUMENTS
from crossings.sphinx.pdflink import LINK_CLASS

OUTPUT = "papers"
# TeX's intermediate files of one paper, removed before a run so none is reused from a failed one.
TEX_OUTPUTS = (".aux", ".out", ".toc", ".fls", ".fdb_latexmk", ".xdv", ".log", ".pdf")
# Files a .tex may name (images the builder copied beside it).
_NAMED = re.compile(r"[\w.-]+\.(?:png|jpe?g|pdf|gif|svg|webp)", re.IGNORECASE)


@dataclass(frozen=True)
class Paper:
    """One document's LaTeX source and where its PDF goes."""

    doc_id: str
    texdir: Path
    target: Path

    @property
    def tex(self) -> Path:
        """The LaTeX source Sphinx wrote."""
        return self.texdir / f"{self.doc_id}.tex"

    @property
    def stamp(self) -> Path:
        """The digest of the source the PDF in place was made from."""
        return self.texdir / f"{self.doc_id}.digest"


def site_folder(archive: Archive, edition: str, lang: str) -> Path:
    """The built site of a language, refused (with what to run) when it is not built."""
    site = paths(archive, "html", edition, lang)[1]
    if not any((site / DOCUMENTS).glob("*.html")):
        raise CrossingsError(
            f"{site}: the {edition} site in {lang} is not built, and each paper's PDF goes beside its "
            f"page; run `crossings build html --lang {lang} --edition {edition}` first"
        )
    return site


def digest(paper: Paper) -> str:
    """What the PDF depends on: the .tex and every file beside it that the .tex names."""
    text = paper.tex.read_bytes()
    found = hashlib.sha256(text)
    for name in sorted(set(_NAMED.findall(text.decode("utf-8", "replace")))):
        path = paper.texdir / name
        if path.is_file() and name != f"{paper.doc_id}.pdf":
            found.update(name.encode() + b"\0" + path.read_bytes())
    return found.hexdigest()


def failure(archive: Archive, paper: Paper) -> str:
    """The first LaTeX error of a paper, with its document and what to do."""
    log = paper.texdir / f"{paper.doc_id}.log"
    text = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
    error = first_error(text) or crash_error(paper.tex, paper.texdir / f"{paper.doc_id}.fls")
    what = error.message if error is not None else "LaTeX failed without an error in its log"
    line = f" (line {error.line} of {paper.tex.name})" if error is not None and error.line else ""
    context = f"\n  at: {error.context}" if error is not None and error.context else ""
    source = archive.source / DOCUMENTS / f"{paper.doc_id}.md"
    return (
        f"{DOCUMENTS}/{paper.doc_id}: no PDF: LaTeX error: {what}{line}{context}\n"
        f"  correct {source}, then run crossings build papers again; full log: {log}"
    )


def typeset(archive: Archive, paper: Paper, timeout: int = TIMEOUT) -> str:
    """Make one paper's PDF and put it beside its page; return the error message ("" when done)."""
    wanted = digest(paper)
    if paper.target.is_file() and paper.stamp.is_file() and paper.stamp.read_text("utf-8") == wanted:
        return ""
    for suffix in TEX_OUTPUTS:
        (paper.texdir / f"{paper.doc_id}{suffix}").unlink(missing_ok=True)
    paper.stamp.unlink(missing_ok=True)
    try:
        done = run_latexmk(paper.texdir, timeout, paper.doc_id)
    except CrossingsError as exc:
        paper.target.unlink(missing_ok=True)
        return f"{DOCUMENTS}/{paper.doc_id}: no PDF: {exc}"
    made = paper.texdir / f"{paper.doc_id}.pdf"
    if done.returncode != 0 or not made.is_file():
        paper.target.unlink(missing_ok=True)  # an older PDF may show another text
        return failure(archive, paper)
    write_bytes(paper.target, made.read_bytes())
    write_text(paper.stamp, wanted)
    return ""


def blanks(archive: Archive, papers: Iterable[Paper]) -> list[str]:
    """A warning for each paper whose PDF prints characters as nothing (no font has them); read
    from the log kept beside an unchanged paper too, so the warning stays until the text changes."""
    found = []
    for paper in papers:
        log = paper.texdir / f"{paper.doc_id}.log"
        if paper.target.is_file() and log.is_file():
            chars = missing_chars(log.read_text(encoding="utf-8", errors="replace"))
            if chars:
                found.append(blank_warning(archive, f"{DOCUMENTS}/{paper.doc_id}", chars, paper.target))
    return found


def remove_others(documents: Path, kept: Iterable[str]) -> None:
    """Remove the PDFs of documents that have no page (withdrawn, or without a page any more)."""
    keep = set(kept)
    for pdf in documents.glob("*.pdf"):
        if pdf.stem not in keep:
            pdf.unlink()


def forget_withdrawn(texdir: Path, staged: set[str]) -> None:
    """Remove the LaTeX, logs and PDFs of documents no longer staged (withdrawn: they hold its text)."""
    for path in texdir.iterdir():
        if path.is_file() and path.suffix in {*TEX_OUTPUTS, ".tex", ".digest"} and path.stem not in staged:
            path.unlink()


def links_match(documents: Path) -> bool:
    """Whether every page links to its PDF exactly when the PDF is there."""
    for page in documents.glob("*.html"):
        linked = LINK_CLASS in page.read_text(encoding="utf-8", errors="replace")
        if linked != page.with_suffix(".pdf").is_file():
            return False
    return True


def workers(jobs: int) -> int:
    """xelatex runs at once: --jobs when given, else two (never more than the cores)."""
    return max(1, min(jobs if jobs > 1 else 2, os.cpu_count() or 1))


def build_papers(archive: Archive, edition: str, lang: str, jobs: int = 1) -> tuple[BuildResult, list[str]]:
    """Every paper of a built site; the LaTeX build's result and the failures (one message each)."""
    site = site_folder(archive, edition, lang)
    result = build_site(
        archive, "latex", edition, lang, overrides={"crossings_papers": True}, output_name=OUTPUT
    )
    site = site_folder(archive, edition, lang)  # staging may have removed a site a withdrawal made stale
    documents = site / DOCUMENTS
    papers = [
        Paper(tex.stem, result.outdir, documents / f"{tex.stem}.pdf")
        for tex in sorted(result.outdir.glob("*.tex"))
        if (documents / f"{tex.stem}.html").is_file()
        and (result.srcdir / DOCUMENTS / f"{tex.stem}.md").is_file()
    ]
    remove_others(documents, (paper.doc_id for paper in papers))
    forget_withdrawn(result.outdir, {path.stem for path in (result.srcdir / DOCUMENTS).glob("*.md")})
    with ThreadPoolExecutor(max_workers=workers(jobs)) as pool:
        failed = [message for message in pool.map(lambda p: typeset(archive, p), papers) if message]
    if not links_match(documents):
        build_site(archive, "html", edition, lang)  # rewrites the pages whose PDF came or went
    warnings = [*result.warnings, *blanks(archive, papers)]
    return BuildResult(documents, result.srcdir, warnings, result.staged, result.problems), failed


def build_target(archive: Archive, edition: str, lang: str, jobs: int) -> BuildResult:
    """``crossings build papers``: the result points at the documents folder of the site."""
    result, failed = build_papers(archive, edition, lang, jobs)
    if failed:
        listed = "\n".join(failed)
        raise CrossingsError(
            f"{len(failed)} papers of {edition}/{folder_name(lang)} have no PDF "
            f"(the others were built):\n{listed}"
        )
    return result
