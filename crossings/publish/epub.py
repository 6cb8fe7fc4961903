"""Build the e-book proceedings with Sphinx's EPUB builder, then check it with epubcheck if installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from crossings.archive import Archive
from crossings.errors import CrossingsError
from crossings.publish.pdf import write_book
from crossings.publish.sphinx_build import BuildResult, build_site

EPUBCHECK_TIMEOUT = 300


def epub_file(outdir: Path) -> Path:
    """The .epub Sphinx wrote into *outdir*."""
    found = sorted(outdir.glob("*.epub"))
    if not found:
        raise CrossingsError(f"{outdir}: the EPUB builder wrote no .epub file")
    return found[0]


def epubcheck_command() -> list[str] | None:
    """How to run epubcheck here (Debian installs it as a bare .jar), or None."""
    tool = shutil.which("epubcheck")
    if tool is None:
        return None
    resolved = Path(tool).resolve()
    if resolved.suffix == ".jar":
        java = shutil.which("java")
        return [java, "-jar", str(resolved)] if java else None
    return [tool]


def epubcheck(epub: Path, timeout: int = EPUBCHECK_TIMEOUT) -> list[str]:
    """Errors epubcheck reports for *epub* ([] when it passes or is not installed)."""
    command = epubcheck_command()
    if command is None:
        return []
    try:
        done = subprocess.run(
            [*command, "--quiet", str(epub)], capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise CrossingsError(f"epubcheck took more than {timeout} s on {epub}") from exc
    if done.returncode == 0:
        return []
    lines = (done.stdout + done.stderr).decode("utf-8", "replace").splitlines()
    errors = [line for line in lines if line.startswith(("ERROR", "FATAL"))]
    return errors or lines[-20:]


def build_epub(
    archive: Archive, edition: str = "public", lang: str = "en", jobs: int = 1
) -> tuple[BuildResult, Path]:
    """Build and check the e-book; raise CrossingsError listing epubcheck's errors."""
    result = build_site(archive, "epub", edition, lang, jobs, prepare=write_book(archive, lang, edition))
    epub = epub_file(result.outdir)
    errors = epubcheck(epub)
    if errors:
        shown = "\n".join(errors[:20])
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise CrossingsError(f"{epub}: epubcheck found {len(errors)} errors:\n{shown}{more}")
    return result, epub


def build_target(archive: Archive, edition: str, lang: str, jobs: int) -> BuildResult:
    """``crossings build epub``: the result points at the .epub file."""
    result, epub = build_epub(archive, edition, lang, jobs)
    return BuildResult(epub, result.srcdir, result.warnings, result.staged)
