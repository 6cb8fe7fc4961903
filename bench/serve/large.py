"""`crossings serve` over the 10,000-document benchmark index: the issue-8 target at scale.

Builds a served archive under build/bench/serve/n<N>/: a one-page site and the public English
index built from the search benchmark's generated corpus, then runs the load test of bench_serve
against it with thousands of distinct requests drawn from that corpus (bench.serve.queries) and
the answer cache off, so that every request is a real search::

    python -m bench.serve.large --n 10000 --clients 16 --workers 2 --seconds 30 --distinct 5000

The archive is kept for the next run only while it was built by the same code: its key is a
hash of the search package's source (crossings/search/), of the corpus generator and records
(bench/corpus.py, bench/search/bench_search.py) and of N; any change rebuilds it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from bench.common import BENCH_DIR, REPO
from bench.serve.bench_serve import run
from bench.serve.queries import distinct_paths
from crossings.init import create_archive

DISTINCT = 5000  # distinct requests: more than the clients send in 30 s at the target rate
KEY_FILE = "bench-key.txt"
KEYED_SOURCES = ("crossings/search", "bench/corpus.py", "bench/search/bench_search.py")


def build_key(n: int) -> str:
    """A hash of the code that builds and reads the served index, and of N."""
    digest = hashlib.sha256(f"n={n}\n".encode())
    for source in KEYED_SOURCES:
        path = REPO / source
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(str(file.relative_to(REPO)).encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def served_archive(n: int) -> Path:
    """An archive whose public edition holds only a home page and the N-document index, built
    anew unless the one there was built by the same code (build_key)."""
    from bench.search.bench_search import iter_records
    from crossings.search.indexing.index import build_index

    root = BENCH_DIR / "serve" / f"n{n}" / "archive"
    index_dir = root / "build" / "public" / "search" / "en"
    key, key_file = build_key(n), root / KEY_FILE
    if (index_dir / "CURRENT").is_file() and key_file.is_file() and key_file.read_text("utf-8") == key:
        return root
    shutil.rmtree(root, ignore_errors=True)
    create_archive(root, f"Served benchmark archive of {n} documents")
    site = root / "build" / "public" / "html" / "en"
    site.mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text("<!doctype html><title>bench</title><p>bench</p>\n", "utf-8")
    corpus = root / "build" / "public" / "corpus" / "en.jsonl"
    corpus.parent.mkdir(parents=True, exist_ok=True)
    with corpus.open("w", encoding="utf-8") as handle:
        for r in iter_records(n):
            handle.write(json.dumps(r, ensure_ascii=False) + "\n")
    build_index(corpus, index_dir, incremental=False)
    key_file.write_text(key, "utf-8")  # last: an interrupted build is never taken for a finished one
    return root


def run_large(
    n: int, *, clients: int, workers: int, seconds: float, cache: int, distinct: int = DISTINCT
) -> dict[str, Any]:
    """Build the served archive of *n* documents if needed, load it with *distinct* requests,
    return the figures."""
    archive = served_archive(n)
    paths = distinct_paths(archive / "build" / "public" / "corpus" / "en.jsonl", distinct)
    figures = run(archive, workers=workers, clients=clients, seconds=seconds, cache=cache, paths=paths)
    return {"n": n, **figures}


def main() -> None:
    """Build the served archive if needed, load it, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--cache", type=int, default=0, help="answer-cache size (0: every request searches)")
    parser.add_argument("--distinct", type=int, default=DISTINCT, help="distinct requests to send")
    args = parser.parse_args()
    figures = run_large(
        args.n,
        clients=args.clients,
        workers=args.workers,
        seconds=args.seconds,
        cache=args.cache,
        distinct=args.distinct,
    )
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
