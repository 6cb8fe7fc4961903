"""PDF proceedings benchmark: the demo archive and a generated N-document archive.

    python -m bench.pdf.bench_pdf --n 200 [--demo DIR] [--runs 1]

Times `crossings build pdf` (staging, Sphinx's LaTeX writer, xelatex with makeindex through
latexmk) from a clean build folder, on a generated archive (bench.corpus, deterministic) under
build/bench/pdf/ and, when it exists, on the demo archive (default: this repository). Target:
the 200-document volume in under 3 minutes. Results go to build/bench/pdf/results-<n>.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
from pathlib import Path

from bench.common import BENCH_DIR, CROSSINGS, REPO, Measurement, median_of, run_measured
from bench.corpus import write_myst_archive

TARGET_SECONDS = 180.0


def generated(n: int) -> Path:
    """The generated archive of *n* documents (made once per n)."""
    archive = BENCH_DIR / "pdf" / f"n{n}" / "archive"
    if not (archive / "reports" / "catalog.csv").is_file():
        shutil.rmtree(archive.parent, ignore_errors=True)
        write_myst_archive(archive, n)
    return archive


def demo_copy(demo: Path) -> Path:
    """A copy of the demo archive under build/bench/pdf/ (the benchmark deletes build folders)."""
    copy = BENCH_DIR / "pdf" / "demo"
    shutil.rmtree(copy, ignore_errors=True)
    names = ("reports", "source", "vocabularies", "locales", "search", "conf.py", "redactions.csv")
    for name in names:
        path = demo / name
        if path.is_dir():
            shutil.copytree(path, copy / name)
        elif path.is_file():
            copy.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy / name)
    return copy


def clean_build(archive: Path) -> Measurement:
    """One PDF build of the public edition from an empty build folder."""
    shutil.rmtree(archive / "build", ignore_errors=True)
    return run_measured([*CROSSINGS, "build", "pdf", "--archive", str(archive)])


def pages(archive: Path) -> int:
    """The number of pages of the built PDF."""
    pdf = archive / "build" / "public" / "latex" / "en" / "proceedings.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def measure(name: str, archive: Path, runs: int) -> dict[str, object]:
    """Median time, peak memory and page count of *runs* clean builds."""
    best = median_of([clean_build(archive) for _ in range(runs)])
    return {
        "archive": name,
        "seconds": round(best.seconds, 1),
        "peak_mb": round(best.peak_mb),
        "pages": pages(archive),
    }


def main() -> None:
    """Run the benchmark and print one line per archive."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="documents in the generated archive")
    parser.add_argument("--runs", type=int, default=1, help="clean builds per archive (median)")
    parser.add_argument(
        "--demo", type=Path, default=REPO, help="the demo archive (skipped if it has no documents)"
    )
    args = parser.parse_args()
    rows = []
    if any((args.demo / "source" / "documents").glob("*.md")):
        rows.append(measure("demo", demo_copy(args.demo), args.runs))
    rows.append(measure(f"generated-{args.n}", generated(args.n), args.runs))
    for row in rows:
        seconds = float(str(row["seconds"]))
        verdict = "" if row["archive"] == "demo" else (" ok" if seconds < TARGET_SECONDS else " SLOW")
        print(
            f"{row['archive']}: {row['seconds']} s, {row['pages']} pages, peak {row['peak_mb']} MB{verdict}"
        )
    out = BENCH_DIR / "pdf" / f"results-{args.n}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps({"target_seconds": TARGET_SECONDS, "results": rows}, indent=2), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
