"""Reference for ingest: the same originals converted by pandoc directly, one process per file.

This is what an editor would do by hand (``pandoc -f docx -t commonmark_x -o out.md in.docx``)
and the same one-subprocess-per-file pattern ``crossings ingest`` uses, without its checks,
sandbox limits, safety filter, encoding handling and front matter. Legacy-encoded text files
are given to pandoc as they are (pandoc reads them as UTF-8 with a latin1 fallback: wrong
text, same work).
"""

from __future__ import annotations

import csv
import shutil
import time
from pathlib import Path

from bench.common import Measurement, run_measured

# pandoc reader per file extension, as crossings.ingest chooses them.
READERS = {
    "docx": "docx",
    "odt": "odt",
    "html": "html",
    "htm": "html",
    "rtf": "rtf",
    "epub": "epub",
    "md": "commonmark_x",
    "txt": "commonmark_x",
}


def pandoc_path() -> str:
    """The pandoc executable that pypandoc-binary ships (the one ingest runs)."""
    import pypandoc

    return str(pypandoc.get_pandoc_path())


def originals(archive: Path) -> list[tuple[str, str]]:
    """(file under reports/, document id) for every row of the archive's catalog."""
    with (archive / "reports" / "catalog.csv").open(encoding="utf-8", newline="") as handle:
        return [(row["file"], row["id"]) for row in csv.DictReader(handle)]


def command(source: Path, target: Path, media: Path) -> list[str]:
    """The argv of one bare conversion to CommonMark with pandoc's extensions."""
    reader = READERS[source.suffix.lstrip(".").lower()]
    argv = [pandoc_path(), "--from", reader, "--to", "commonmark_x", "--wrap=none"]
    if reader in {"docx", "odt", "epub"}:
        argv.append(f"--extract-media={media}")
    return [*argv, "-o", str(target), "--", str(source)]


def convert_all(archive: Path, out: Path) -> Measurement:
    """Convert every catalogued original into *out*, one after the other; total time and peak."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    peak = 0.0
    started = time.perf_counter()
    for name, doc_id in originals(archive):
        run = run_measured(command(archive / "reports" / name, out / f"{doc_id}.md", out / doc_id))
        peak = max(peak, run.peak_mb)
    return Measurement(time.perf_counter() - started, peak)
