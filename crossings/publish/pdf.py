"""Build the PDF proceedings: Sphinx's LaTeX output, then latexmk with xelatex, sandboxed.

TeX runs in the LaTeX output folder with ``openin_any=p``/``openout_any=p`` (no reading or
writing outside it, no dot files) and without shell escape, under a wall-clock timeout. A
failure is reported as the first LaTeX error with the archive document it comes from.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from crossings.archive import Archive
from crossings.catalog import Vocabularies
from crossings.errors import CrossingsError
from crossings.locales import archive_settings
from crossings.publish.book import plan
from crossings.publish.routes import draw_routes
from crossings.publish.sphinx_build import BuildResult, build_site
from crossings.publish.texlog import (
    blank_by_document,
    crash_error,
    describe_chars,
    documents_in,
    first_error,
    locate,
    missing_characters,
)
from crossings.redact import load_redactions
from crossings.redact.apply import withhold_vocabularies

TEX_NAME = "proceedings"
TIMEOUT = 900
# makeindex counts bytes: no letter headings (they would be half a UTF-8 character) and no line
# wrapping (it could split one), otherwise Sphinx's python.ist.
INDEX_STYLE = r"""line_max 10000
headings_flag 0
preamble "\\begin{sphinxtheindex}
\\let\\bigletter\\sphinxstyleindexlettergroup
\\let\\spxpagem \\sphinxstyleindexpagemain
\\let\\spxentry \\sphinxstyleindexentry
\\let\\spxextra \\sphinxstyleindexextra

"
postamble "\n\n\\end{sphinxtheindex}\n"
"""
MAKEINDEX = "$makeindex = q/makeindex -s crossings.ist %O -o %D %S/"
# Sandboxing and log settings for every TeX program latexmk starts (kpathsea reads them from the environment).
TEX_ENV = {
    "openin_any": "p",
    "openout_any": "p",
    "shell_escape": "f",
    "max_print_line": "10000",
    "error_line": "254",
    "half_error_line": "238",
    "LATEXOPTS": "-no-shell-escape -interaction=nonstopmode -halt-on-error -file-line-error",
}


@dataclass
class PdfResult:
    """The PDF and what the build noticed on the way."""

    pdf: Path
    log: Path
    warnings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    blank: dict[str, list[str]] = field(default_factory=dict)  # those characters, by document


def write_book(archive: Archive, lang: str, edition: str = "public") -> Callable[[Path], None]:
    """A staging hook that writes the proceedings' structure into the staged sources."""

    def prepare(srcdir: Path) -> None:
        vocab = Vocabularies.load(archive.vocabularies)
        if edition == "public":  # part headings and session titles come from the vocabularies
            vocab = withhold_vocabularies(vocab, load_redactions(archive.redactions), lang)
        era = archive_settings(archive)[1].buddhist_era
        plan(srcdir, vocab, lang, draw_routes(srcdir), era).write(srcdir)

    return prepare


def sphinx_latex(archive: Archive, edition: str, lang: str, jobs: int = 1) -> BuildResult:
    """Stage the edition, add the book's structure and write the LaTeX sources."""
    prepare = write_book(archive, lang, edition)
    return build_site(archive, builder="latex", edition=edition, lang=lang, jobs=jobs, prepare=prepare)


def tex_environment() -> dict[str, str]:
    """The environment TeX runs in: the caller's, with the sandbox settings forced."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXMF", "TEXINPUTS"))}
    env.update(TEX_ENV)
    return env


def run_latexmk(
    outdir: Path, timeout: int = TIMEOUT, name: str = TEX_NAME
) -> subprocess.CompletedProcess[bytes]:
    """Run latexmk (xelatex + makeindex) on the book (or on another *name*.tex of *outdir*);
    kill the whole run at *timeout*."""
    latexmk = shutil.which("latexmk")
    if latexmk is None or shutil.which("xelatex") is None:
        raise CrossingsError("latexmk and xelatex are needed for the PDF; install texlive-xetex and latexmk")
    (outdir / "crossings.ist").write_text(INDEX_STYLE, encoding="utf-8")
    (outdir / f"{name}.ind").unlink(missing_ok=True)  # latexmk would keep one made with another style
    if not (outdir / f"{name}.idx").is_file():
        # latexmk would run makeindex first on an index file an interrupted run never wrote.
        (outdir / f"{name}.fdb_latexmk").unlink(missing_ok=True)
    command = [latexmk, "-pdfxe", "-dvi-", "-ps-", "-f-", "-e", MAKEINDEX, f"{name}.tex"]
    process = subprocess.Popen(
        command,
        cwd=outdir,
        env=tex_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise CrossingsError(f"LaTeX took more than {timeout} s; see {outdir / (name + '.log')}") from exc
    return subprocess.CompletedProcess(command, process.returncode, out, b"")


def failure_message(archive: Archive, outdir: Path, name: str = TEX_NAME) -> str:
    """A short message: the first LaTeX error, the document at fault and where the full log is."""
    log_file, tex_file = outdir / f"{name}.log", outdir / f"{name}.tex"
    log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.is_file() else ""
    error = first_error(log)
    crash = outdir / f"{name}.fls"
    error = locate(error, tex_file) if error is not None else crash_error(tex_file, crash)
    if error is None:
        return f"LaTeX failed without an error in its log; see {log_file}"
    where = "in the book's own pages (title page, parts or indices)"
    if error.document:
        source = archive.source / f"{error.document}.md"
        where = f"in document {error.document} ({source})"
    context = f"\n  at: {error.context}" if error.context else ""
    line = f" (line {error.line} of {tex_file.name})" if error.line else ""
    return f"LaTeX error {where}: {error.message}{line}{context}\nfull log: {log_file}"


def check_complete(outdir: Path, result: BuildResult) -> None:
    """Fail when a document of the book's structure did not reach the LaTeX source."""
    tex = (outdir / f"{TEX_NAME}.tex").read_text(encoding="utf-8", errors="replace")
    staged = {f"documents/{p.stem}" for p in (result.srcdir / "documents").glob("*.md")}
    listed = {
        e.strip().lstrip("/")
        for p in (result.srcdir / "book").glob("*.md")
        for e in p.read_text("utf-8").splitlines()
    }
    expected = staged & listed
    lost = sorted(expected - documents_in(tex))
    if lost:
        raise CrossingsError(
            "these documents are missing from the book (see the Sphinx warnings above): " + ", ".join(lost)
        )


def build_pdf(
    archive: Archive, edition: str = "public", lang: str = "en", timeout: int = TIMEOUT
) -> PdfResult:
    """Build the proceedings PDF of one edition and language; raise CrossingsError naming what failed."""
    result = sphinx_latex(archive, edition, lang)
    outdir = result.outdir
    check_complete(outdir, result)
    pdf, log_file = outdir / f"{TEX_NAME}.pdf", outdir / f"{TEX_NAME}.log"
    pdf.unlink(missing_ok=True)  # never report a stale volume as this build's
    done = run_latexmk(outdir, timeout)
    if done.returncode != 0 or not pdf.is_file():
        raise CrossingsError(failure_message(archive, outdir))
    log = log_file.read_text(encoding="utf-8", errors="replace")
    tex = (outdir / f"{TEX_NAME}.tex").read_text(encoding="utf-8", errors="replace")
    return PdfResult(pdf, log_file, result.warnings, missing_characters(log), blank_by_document(log, tex))


def blank_warning(archive: Archive, document: str, chars: list[str], pdf: Path) -> str:
    """What xelatex printed as nothing (no font of the book has those characters), and where they are."""
    if document.startswith("documents/"):
        where = str(archive.source / f"{document}.md")
    else:  # the title page, the parts and chapters: conf.py and the vocabularies
        where = f"the book's own pages ({document or 'title page'}: conf.py or vocabularies/)"
    return (
        f"{where}: {len(chars)} characters print as nothing in {pdf}, no font of it has them (an "
        f"emoji, or a script the book has no font for): {describe_chars(chars)}"
    )


def build_target(archive: Archive, edition: str, lang: str, jobs: int) -> BuildResult:
    """``crossings build pdf``: the result points at the PDF itself."""
    del jobs  # TeX is sequential; Sphinx's LaTeX writer is too
    result = build_pdf(archive, edition, lang)
    blank = [blank_warning(archive, doc, chars, result.pdf) for doc, chars in result.blank.items()]
    warnings = [*result.warnings, *blank]
    return BuildResult(result.pdf, result.pdf.parent, warnings)
