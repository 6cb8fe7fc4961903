"""Convert legacy word-processor files (.doc, Word 6/95, Word 2.0, Word 2003 XML, .wpd) to .docx with
headless LibreOffice."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

from crossings.ingest.errors import IngestError

INSTALL = "sudo apt-get install libreoffice-writer-nogui"
# The import filter is named: otherwise LibreOffice reads an unreadable file as plain text and
# "converts" its bytes into a page of garbage instead of failing. Each Word generation has its
# own: the Word 97 filter refuses a Word 6/95 file ("source file could not be loaded").
_FILTERS = {
    "doc": ("doc", "MS Word 97"),
    "doc6": ("doc", "MS WinWord 6.0"),
    "word2": ("doc", "MS WinWord 5"),
    "wordxml": ("xml", "MS Word 2003 XML"),
    "wpd": ("wpd", "WordPerfect"),
}
_NAMES = {
    "doc": "Word 97-2003",
    "doc6": "Word 6/95",
    "word2": "Word for Windows 2.0",
    "wordxml": "Word 2003 XML",
    "wpd": "WordPerfect",
}


def find_soffice() -> str | None:
    """The LibreOffice program on PATH, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_legacy(
    path: Path,
    workdir: Path,
    display: str,
    timeout: float = 120,
    *,
    soffice: str | None = None,
    kind: str = "doc",
) -> Path:
    """Convert `path` to .docx inside `workdir` and return the .docx; raise IngestError on failure."""
    program = soffice or find_soffice()
    if program is None or shutil.which(program) is None:
        raise IngestError(
            f"{display}: reading this legacy file needs LibreOffice, which is not installed; "
            f"install it with `{INSTALL}` (Debian/Ubuntu) and run ingest again, "
            "or save the file as .docx and add that instead"
        )
    area = workdir / "legacy"
    inbox, outbox = area / "in", area / "out"
    for folder in (inbox, outbox):
        folder.mkdir(parents=True, exist_ok=True)
    # The contributor's file name never reaches argv: LibreOffice sees input.doc only.
    suffix, import_filter = _FILTERS.get(kind, _FILTERS["doc"])
    source = inbox / f"input.{suffix}"
    shutil.copyfile(path, source)
    argv = [
        program,
        f"-env:UserInstallation={(area / 'profile').resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        f"--infilter={import_filter}",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(outbox.resolve()),
        str(source.resolve()),
    ]
    messages = _run(argv, area, timeout, display)
    result = outbox / "input.docx"
    if not result.is_file() or result.stat().st_size == 0:
        said = f" ({messages})" if messages else ""
        raise IngestError(
            f"{display}: LibreOffice could not read this {_NAMES.get(kind, 'legacy')} file{said}; it may be "
            "damaged: open it in Word or LibreOffice, save it as .docx and add that instead"
        )
    return result


def _run(argv: list[str], area: Path, timeout: float, display: str) -> str:
    """Run LibreOffice in its own process group (killed whole on timeout); return its error line."""
    home = str(area.resolve())
    # Profile, caches and temporary files stay in the work folder: nothing is written elsewhere.
    env = {**os.environ, "HOME": home, "TMPDIR": home, "XDG_CONFIG_HOME": home, "XDG_CACHE_HOME": home}
    env["SAL_USE_VCLPLUGIN"] = "svp"
    with subprocess.Popen(
        argv,
        cwd=area,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    ) as proc:
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise IngestError(
                f"{display}: LibreOffice took longer than {timeout:g} s on this file and was stopped; "
                "open it in Word or LibreOffice, save it as .docx and add that instead"
            ) from None
    errors = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.startswith("Error")]
    if proc.returncode != 0:
        detail = errors[-1] if errors else f"exit status {proc.returncode}"
        raise IngestError(f"{display}: LibreOffice failed converting this file ({detail[:200]})")
    return errors[-1][:200] if errors else ""
