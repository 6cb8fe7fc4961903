"""Benchmark ``crossings ingest`` against bare pandoc on a batch of mixed documents.

    .venv/bin/python -m bench.ingest.bench_ingest [--documents 200] [--runs 3]

Generates the documents (docx, odt, html, txt, made by pandoc from random Markdown) once
under build/bench/ingest/, then reports, as the median of --runs runs: documents per
second with --jobs 1 and --jobs 2, the speed-up of --jobs 2, and the ratio of ingest time
(--jobs 1) to running the same pandoc conversions directly, one process per file.
Targets (issue 3): overhead at most 1.3x bare pandoc; --jobs 2 at least 1.7x faster.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from crossings.catalog.csvfile import write_catalog
from crossings.ingest import pandoc
from crossings.init import create_archive

ROOT = Path(__file__).resolve().parents[2] / "build" / "bench" / "ingest"
KINDS = ("docx", "odt", "html", "txt")
READERS = {"docx": "docx", "odt": "odt", "html": "html", "txt": "commonmark_x"}
WORDS = (
    "migrant workers route border agent debt police health rights network shelter visa law policy "
    "report city harbour train employer contract wage union outreach clinic"
).split()


def sentence(rng: random.Random) -> str:
    """A random sentence."""
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."


def markdown(rng: random.Random, number: int) -> str:
    """A random document with headings, paragraphs, a list and a table."""
    parts = [f"# Report {number}", ""]
    for section in range(rng.randint(2, 5)):
        parts += [f"## Section {section + 1}", ""]
        parts += [" ".join(sentence(rng) for _ in range(rng.randint(3, 8))), ""]
        parts += [f"- {sentence(rng)}" for _ in range(rng.randint(2, 5))] + [""]
    parts += ["| Country | Cases |", "|---|---|"] + [
        f"| {rng.choice(WORDS)} | {rng.randint(1, 99)} |" for _ in range(4)
    ]
    return "\n".join(parts) + "\n"


def generate(archive: Path, count: int) -> list[tuple[str, str]]:
    """Write *count* originals and the catalog (reused when already there); return (file, kind) pairs."""
    wanted = [
        (f"doc-{number:04d}.{KINDS[number % len(KINDS)]}", KINDS[number % len(KINDS)])
        for number in range(count)
    ]
    catalog = archive / "reports" / "catalog.csv"
    present = catalog.is_file() and all((archive / "reports" / name).is_file() for name, _ in wanted)
    if present and len(catalog.read_text(encoding="utf-8").splitlines()) == count + 1:
        return wanted
    if archive.exists():
        shutil.rmtree(archive)
    create_archive(archive, "Ingest benchmark")
    rng = random.Random(2001)
    rows, files = [], []
    with tempfile.TemporaryDirectory() as work:
        for number in range(count):
            kind = KINDS[number % len(KINDS)]
            name = f"doc-{number:04d}.{kind}"
            text = markdown(rng, number)
            target = archive / "reports" / name
            if kind == "txt":
                target.write_text(text.replace("#", "").replace("|", " "), encoding="utf-8")
            else:
                source = Path(work) / "source.md"
                source.write_text(text, encoding="utf-8")
                subprocess.run([pandoc.pandoc_path(), str(source), "-o", str(target)], check=True)
            doc_id = f"doc-{number:04d}"
            row = {"file": name, "id": doc_id, "title": f"Report {number}", "type": "paper", "language": "en"}
            rows.append(row | {"access": "public"})
            files.append((name, kind))
    write_catalog(archive / "reports" / "catalog.csv", rows)
    return files


def measured(run: Callable[[], None]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (of all child processes: pandoc, workers) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu


def run_ingest(archive: Path, jobs: int) -> None:
    """One full ingest of the archive (outputs removed first)."""
    shutil.rmtree(archive / "source" / "documents", ignore_errors=True)
    crossings = Path(sys.executable).with_name("crossings")
    argv = [str(crossings), "ingest", "--archive", str(archive), "--jobs", str(jobs)]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        failures = [line for line in done.stdout.splitlines() if line.startswith("FAILED")]
        raise SystemExit("ingest failed:\n" + "\n".join(failures or [done.stderr]))


def run_bare(archive: Path, files: list[tuple[str, str]]) -> None:
    """pandoc run directly on every file, one process per file, one after the other."""
    for name, kind in files:
        subprocess.run(
            [pandoc.pandoc_path(), "--sandbox", "-f", READERS[kind], "-t", "commonmark_x",
             "-o", "/dev/null", "--", str(archive / "reports" / name)],
            check=True,
        )  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    """Generate, measure (the three variants interleaved, so load changes hit all), print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    archive = ROOT / "archive"
    files = generate(archive, args.documents)
    count = len(files)
    load = os.getloadavg()[0]
    variants: dict[str, Callable[[], None]] = {
        "bare pandoc, 1 process per file": lambda: run_bare(archive, files),
        "crossings ingest --jobs 1": lambda: run_ingest(archive, 1),
        "crossings ingest --jobs 2": lambda: run_ingest(archive, 2),
    }
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    for _ in range(args.runs):
        for name, variant in variants.items():
            samples[name].append(measured(variant))
    wall = {name: statistics.median(w for w, _ in runs) for name, runs in samples.items()}
    cpu = {name: statistics.median(c for _, c in runs) for name, runs in samples.items()}
    bare, one, two = wall.values()
    bare_cpu, one_cpu, _ = cpu.values()
    notes = [
        "",
        f"{one / bare:.2f}x bare wall, {one_cpu / bare_cpu:.2f}x bare CPU (target <= 1.3x)",
        f"{one / two:.2f}x faster than --jobs 1 (target >= 1.7x)",
    ]
    version = pandoc.pandoc_version()
    print(f"{count} documents ({', '.join(KINDS)}), median of {args.runs} runs, pandoc {version}, "
          f"{os.cpu_count()} cores, load average {load:.1f} at start")  # fmt: skip
    print(f"{'':34} {'wall s':>8} {'CPU s':>8} {'docs/s':>8}")
    for (name, seconds), note in zip(wall.items(), notes, strict=True):
        print(f"{name:34} {seconds:8.2f} {cpu[name]:8.2f} {count / seconds:8.1f}  {note}")


if __name__ == "__main__":
    main()
