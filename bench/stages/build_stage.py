"""HTML build: the crossings extension against plain Sphinx on the same staged MyST files.

Uses the site benchmark's pieces (bench.site.bench_build: the sphinx-build command line,
the body edit, the rewritten-pages count and the page weight), with the reference conf of
bench.references.plain_sphinx, under the harness's own folder. Page weight counts the page
and everything it loads (CSS url()s included, web fonts excluded), uncompressed.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import Measurement, Result, median_of, run_measured
from bench.references.plain_sphinx import write_conf
from bench.stages import helper
from bench.stages.paths import stage_dir

KB = 1024


def prepare(n: int) -> tuple[Path, Path, Path]:
    """The generated archive, its staged public sources, the reference conf folder."""
    from bench.site.bench_build import staged_archive

    root = stage_dir("build", n)
    archive, srcdir = staged_archive(root, n)
    return archive, srcdir, write_conf(root / "reference-conf")


def sphinx(conf: Path, srcdir: Path, out: Path, fresh: bool) -> Measurement:
    """One sphinx-build run (the site benchmark's command line), with its peak memory."""
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-c", str(conf), "-d", str(out / ".doctrees")]
    cmd += (["-E", "-a"] if fresh else []) + [str(srcdir), str(out / "html")]
    return run_measured(cmd)


def full(conf: Path, srcdir: Path, out: Path) -> Measurement:
    """One full build from an empty output folder."""
    shutil.rmtree(out, ignore_errors=True)
    return sphinx(conf, srcdir, out, fresh=True)


def measure(n: int, repeats: int, smoke: bool) -> list[Result]:
    """Rows: full and incremental build time, pages rewritten, page weights, searchindex.js."""
    site, missing = helper("bench.site.bench_build", "build", "full HTML build", n)
    if site is None:
        return missing
    archive, srcdir, plain_conf = prepare(n)
    ours_out, plain_out = srcdir.parent / "out-crossings", srcdir.parent / "out-plain"
    plain_full, ours_full, plain_inc, ours_inc = [], [], [], []
    for _ in range(repeats):
        plain_full.append(full(plain_conf, srcdir, plain_out))
        ours_full.append(full(archive, srcdir, ours_out))
    for _ in range(repeats):
        edited = site.edit_one_body(srcdir)  # type: ignore[attr-defined]
        moment = time.time()
        ours_inc.append(sphinx(archive, srcdir, ours_out, fresh=False))
        rewritten = site.rewritten_since(ours_out / "html", moment)  # type: ignore[attr-defined]
        plain_inc.append(sphinx(plain_conf, srcdir, plain_out, fresh=False))
    pf, of, pi, oi = (median_of(runs) for runs in (plain_full, ours_full, plain_inc, ours_inc))
    share = oi.seconds / of.seconds
    rows = [
        Result(
            "build",
            "full HTML build",
            n,
            of.seconds,
            pf.seconds,
            "s",
            "<= 1.25x plain Sphinx",
            of.peak_mb,
            met=of.seconds / pf.seconds <= 1.25,
        ),
        Result(
            "build",
            "incremental, one body edited (ref: plain Sphinx)",
            n,
            oi.seconds,
            pi.seconds,
            "s",
            "",
            oi.peak_mb,
        ),
        Result(
            "build",
            "incremental share of our full build",
            n,
            oi.seconds,
            of.seconds,
            "s",
            "< 0.10x full",
            oi.peak_mb,
            reference_name="our full build",
            met=share < 0.10,
        ),
        Result("build", "pages rewritten by the incremental build", n, float(len(rewritten)), None, "pages"),
    ]
    return rows + weights(site, ours_out / "html", plain_out / "html", edited.stem, n)


def weights(site: Any, ours: Path, plain: Path, doc: str, n: int) -> list[Result]:
    """Page weight of a document page and of the search page; searchindex.js sizes."""
    rows = []
    doc_ours, _, _ = site.page_weight(ours / "documents" / f"{doc}.html")
    doc_plain, _, _ = site.page_weight(plain / "documents" / f"{doc}.html")
    rows.append(
        Result(
            "weight",
            "document page + what it loads",
            n,
            doc_ours / KB,
            doc_plain / KB,
            "KB",
            "< 150 KB",
            met=doc_ours / KB < 150,
        )
    )
    service = ours / "search-service.html"
    search_plain, _, _ = site.page_weight(plain / "search.html")
    if service.is_file():
        search_ours, _, _ = site.page_weight(service)
        rows.append(
            Result(
                "weight",
                "search page + what it loads (ref: static search.html)",
                n,
                search_ours / KB,
                search_plain / KB,
                "KB",
            )
        )
    else:
        rows.append(Result.not_measured("weight", "search page", n, "the build has no search-service.html"))
    static_ours, _, _ = site.page_weight(ours / "search.html")
    rows.append(
        Result(
            "weight",
            "static search page (fallback) + searchindex.js",
            n,
            static_ours / KB,
            search_plain / KB,
            "KB",
        )
    )
    size_ours, size_plain = (p / "searchindex.js" for p in (ours, plain))
    rows.append(
        Result(
            "weight", "searchindex.js", n, size_ours.stat().st_size / KB, size_plain.stat().st_size / KB, "KB"
        )
    )
    return rows
