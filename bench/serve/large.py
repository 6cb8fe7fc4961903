"""`crossings serve` over the 10,000-document benchmark index: the issue-8 target at scale.

Builds (once) a served archive under build/bench/serve/n<N>/: a one-page site and the public
English index built from the search benchmark's generated corpus, then runs the load test of
bench_serve against it, with the answer cache off so that every request is a real search::

    python -m bench.serve.large --n 10000 --clients 16 --workers 2 --seconds 30
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bench.common import BENCH_DIR
from bench.serve.bench_serve import run
from crossings.init import create_archive


def served_archive(n: int) -> Path:
    """An archive whose public edition holds only a home page and the N-document index."""
    from bench.search.bench_search import records
    from crossings.search.indexing.index import build_index

    root = BENCH_DIR / "serve" / f"n{n}" / "archive"
    index_dir = root / "build" / "public" / "search" / "en"
    corpus = root / "build" / "public" / "corpus" / "en.jsonl"
    if (index_dir / "CURRENT").is_file() and corpus.is_file():
        # Unchanged records cost an incremental run nothing, but an index written by code whose
        # schema differs (classes moved, fields changed) is written afresh, not served stale.
        build_index(corpus, index_dir)
        return root
    if not (root / "reports" / "catalog.csv").is_file():
        create_archive(root, f"Served benchmark archive of {n} documents")
    site = root / "build" / "public" / "html" / "en"
    site.mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text("<!doctype html><title>bench</title><p>bench</p>\n", "utf-8")
    corpus.parent.mkdir(parents=True, exist_ok=True)
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records(n)), "utf-8")
    build_index(corpus, index_dir, incremental=False)
    return root


def run_large(n: int, *, clients: int, workers: int, seconds: float, cache: int) -> dict[str, Any]:
    """Build the served archive of *n* documents if needed, load it, return the figures."""
    archive = served_archive(n)
    return {"n": n, **run(archive, workers=workers, clients=clients, seconds=seconds, cache=cache)}


def main() -> None:
    """Build the served archive if needed, load it, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--cache", type=int, default=0, help="answer-cache size (0: every request searches)")
    args = parser.parse_args()
    figures = run_large(
        args.n, clients=args.clients, workers=args.workers, seconds=args.seconds, cache=args.cache
    )
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
