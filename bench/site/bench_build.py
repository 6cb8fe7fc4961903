"""Site build benchmark: the crossings extension against plain Sphinx + MyST on the same documents.

    python -m bench.site.bench_build --n 200 [--runs 3] [--jobs 1]

Measures, on a generated archive (bench.corpus, deterministic) under build/bench/site/:
the full HTML build time with the extension and without it (median of --runs; target ratio
<= 1.25), the incremental rebuild after editing one document's body (target < 10% of the full
build) with the number of pages it rewrote, and the weight of a document page with everything
it loads (target < 150 KB). Results go to build/bench/site/results-<n>.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from bench.common import BENCH_DIR
from bench.corpus import write_myst_archive
from crossings.publish.stage import stage

PLAIN_CONF = """\
project = "plain"
extensions = ["myst_parser"]
html_theme = "furo"
html_copy_source = False
"""
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")


def staged_archive(root: Path, n: int) -> tuple[Path, Path]:
    """The generated archive of *n* documents under *root* (made once) and its staged public sources."""
    archive = root / "archive"
    if not (archive / "reports" / "catalog.csv").is_file():
        shutil.rmtree(root, ignore_errors=True)
        write_myst_archive(archive, n)
    srcdir = root / "src"
    stage(archive / "source", srcdir, "public")
    return archive, srcdir


def prepare(n: int) -> tuple[Path, Path, Path]:
    """The generated archive, its staged sources and the plain conf folder (made once per n)."""
    root = BENCH_DIR / "site" / f"n{n}"
    archive, srcdir = staged_archive(root, n)
    plain = root / "plain-conf"
    plain.mkdir(exist_ok=True)
    (plain / "conf.py").write_text(PLAIN_CONF, encoding="utf-8")
    return archive, srcdir, plain


@dataclass(frozen=True)
class Timing:
    """Wall-clock and CPU seconds (user + system, the process and its children) of one run.

    CPU time is the fairer comparison on a shared machine: it does not count waiting for the CPU.
    """

    seconds: float
    cpu: float


def run_timed(cmd: list[str]) -> Timing:
    """Run *cmd* to the end (fail loudly if it fails) and time it."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            log.seek(0)
            raise RuntimeError(f"failed: {' '.join(cmd)}\n{log.read().decode(errors='replace')[-3000:]}")
    return Timing(seconds, usage.ru_utime + usage.ru_stime)


def sphinx(conf: Path, srcdir: Path, out: Path, jobs: int, fresh: bool) -> Timing:
    """One sphinx-build run in its own process."""
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-c", str(conf), "-d", str(out / ".doctrees")]
    cmd += ["-j", str(jobs)] + (["-E", "-a"] if fresh else []) + [str(srcdir), str(out / "html")]
    return run_timed(cmd)


def full_builds(conf: Path, srcdir: Path, out: Path, runs: int, jobs: int) -> Timing:
    """Median of *runs* full builds from scratch."""
    results = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        results.append(sphinx(conf, srcdir, out, jobs, fresh=True))
    return Timing(statistics.median(r.seconds for r in results), statistics.median(r.cpu for r in results))


def edit_one_body(srcdir: Path) -> Path:
    """Append a paragraph to one document (its metadata unchanged)."""
    doc = sorted((srcdir / "documents").glob("*.md"))[len(list((srcdir / "documents").glob("*.md"))) // 2]
    doc.write_text(doc.read_text("utf-8") + f"\n\nEdited at {time.time()}.\n", encoding="utf-8")
    return doc


def rewritten_since(outdir: Path, moment: float) -> list[str]:
    """HTML pages written after *moment*."""
    return sorted(
        p.relative_to(outdir).as_posix() for p in outdir.rglob("*.html") if p.stat().st_mtime > moment
    )


class _Loads(HTMLParser):
    """Local URLs a page makes the browser fetch."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in {"script", "img"} and values.get("src"):
            self.urls.append(values["src"])
        if tag == "link" and {"stylesheet", "icon", "preload"} & set(values.get("rel", "").split()):
            self.urls.append(values.get("href", ""))


def page_weight(page: Path) -> tuple[int, int, list[str]]:
    """Bytes of *page* and everything it loads (CSS url()s included, fonts excluded): raw, gzipped, files."""
    seen: dict[Path, bytes] = {page: page.read_bytes()}
    parser = _Loads()
    parser.feed(seen[page].decode("utf-8"))
    queue = [(page.parent / u.split("?")[0].split("#")[0]).resolve() for u in parser.urls if u]
    while queue:
        path = queue.pop()
        if path in seen or not path.is_file() or path.suffix in {".woff", ".woff2", ".ttf", ".otf"}:
            continue
        seen[path] = path.read_bytes()
        if path.suffix == ".css":
            for url in CSS_URL.findall(seen[path].decode("utf-8", "replace")):
                if not url.startswith(("data:", "#")):
                    queue.append((path.parent / url.split("?")[0]).resolve())
    raw = sum(len(data) for data in seen.values())
    packed = sum(len(gzip.compress(data)) for data in seen.values())
    return raw, packed, sorted(p.name for p in seen)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1000, help="documents to generate (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="full builds per variant (median)")
    parser.add_argument("--jobs", type=int, default=1, help="sphinx -j")
    args = parser.parse_args(argv)
    archive, srcdir, plain_conf = prepare(args.n)
    root = srcdir.parent
    plain = full_builds(plain_conf, srcdir, root / "out-plain", args.runs, args.jobs)
    ours = full_builds(archive, srcdir, root / "out-crossings", args.runs, args.jobs)
    edited = edit_one_body(srcdir)
    moment = time.time()
    incremental = sphinx(archive, srcdir, root / "out-crossings", args.jobs, fresh=False)
    outdir = root / "out-crossings" / "html"
    rewritten = rewritten_since(outdir, moment)
    doc_page = outdir / "documents" / f"{edited.stem}.html"
    raw, packed, files = page_weight(doc_page)
    results = {
        "n": args.n,
        "runs": args.runs,
        "jobs": args.jobs,
        "full_plain_s": round(plain.seconds, 2),
        "full_crossings_s": round(ours.seconds, 2),
        "full_plain_cpu_s": round(plain.cpu, 2),
        "full_crossings_cpu_s": round(ours.cpu, 2),
        "ratio": round(ours.seconds / plain.seconds, 3),
        "ratio_cpu": round(ours.cpu / plain.cpu, 3),
        "incremental_s": round(incremental.seconds, 2),
        "incremental_cpu_s": round(incremental.cpu, 2),
        "incremental_share": round(incremental.seconds / ours.seconds, 3),
        "incremental_share_cpu": round(incremental.cpu / ours.cpu, 3),
        "incremental_pages_rewritten": len(rewritten),
        "incremental_documents_rewritten": [p for p in rewritten if p.startswith("documents/")],
        "page_weight_bytes": raw,
        "page_weight_gzip_bytes": packed,
        "page_files": files,
    }
    (root.parent / f"results-{args.n}.json").write_text(
        json.dumps(results, indent=2) + "\n", encoding="utf-8"
    )
    print(f"documents                 {args.n}")
    print("                              wall       cpu")
    print(f"full build, plain         {plain.seconds:8.2f} s {plain.cpu:8.2f} s")
    print(
        f"full build, crossings     {ours.seconds:8.2f} s {ours.cpu:8.2f} s   ratio {results['ratio']:.2f}"
        f" wall, {results['ratio_cpu']:.2f} cpu (target <= 1.25)"
    )
    print(
        f"incremental (one body)    {incremental.seconds:8.2f} s {incremental.cpu:8.2f} s   "
        f"{results['incremental_share']:.1%} wall, {results['incremental_share_cpu']:.1%} cpu of full"
        f" (target < 10%), {len(rewritten)} pages rewritten"
    )
    print(
        f"document page weight      {raw / 1024:8.1f} KB  ({packed / 1024:.1f} KB gzipped; target < 150 KB)"
    )


if __name__ == "__main__":
    main()
