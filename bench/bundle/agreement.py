"""Does the bundle's offline search find what the service finds? Per language, the share of the
service's documents that the offline search also returns, for queries drawn from the records.

    python -m bench.bundle.agreement ARCHIVE --lang th [--per-language 100]

The offline search is the bundle's own script (crossings/bundle/static/offline-search.js) run by
Node over the index ``crossings bundle`` writes; the service is crossings.search.api over the
Whoosh index of the same corpus. Queries are the recall benchmark's (bench.search.recall.queries):
words, neighbouring words, names, Chinese in the other script, Thai digits typed in ASCII.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.search.recall import PAGE, RecallQuery, queries
from crossings.bundle.index import build_offline_index, read_records
from crossings.bundle.make import STATIC

# Reads {"index": path, "lang": tag, "queries": [...]} on stdin; prints the ids found per query.
RUNNER = r"""
const fs = require("fs");
const vm = require("vm");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const sandbox = { window: {} };
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(input.index, "utf8"), sandbox);
const api = require(input.script);
const index = sandbox.window.CROSSINGS_OFFLINE_INDEX;
const out = input.queries.map((q) => api.search(index, q, input.lang).hits.map((hit) => hit.i));
process.stdout.write(JSON.stringify(out));
"""


@dataclass
class Agreement:
    """One query language's counts."""

    queries: int = 0
    service: int = 0
    shared: int = 0
    misses: list[tuple[str, str]] = field(default_factory=list)

    @property
    def share(self) -> float:
        """Service documents the offline search returns / service documents."""
        return self.shared / self.service if self.service else 1.0


def offline_results(index_js: Path, texts: list[str], lang: str) -> list[list[str]]:
    """The document ids the bundle's script returns for each query (run by Node)."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not installed: the offline search cannot be run outside a browser")
    payload = {
        "index": str(index_js),
        "script": str(STATIC / "offline-search.js"),
        "lang": lang,
        "queries": texts,
    }
    done = subprocess.run(
        [node, "-e", RUNNER],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    result: list[list[str]] = json.loads(done.stdout)
    return result


def service_results(index_dir: Path, texts: list[str], settings: Any) -> list[set[str]]:
    """The document ids the service returns for each query (every page)."""
    from crossings.search.api import search
    from crossings.search.request.search_request import SearchRequest

    out = []
    for text in texts:
        found: set[str] = set()
        page = 1
        while True:
            answer = search(index_dir, SearchRequest(text, limit=PAGE, page=page), settings=settings)
            found |= {hit["id"] for hit in answer["hits"]}
            if page >= answer["pages"]:
                break
            page += 1
        out.append(found)
    return out


def measure(
    corpus: Path, index_dir: Path, lang: str, settings: Any, per_language: int, work: Path
) -> dict[str, Agreement]:
    """Agreement per query language over one site language's corpus and index."""
    recs = list(read_records(corpus))
    drawn: list[RecallQuery] = queries(recs, per_language)
    index_js = work / f"offline-index-{lang}.js"
    index_js.parent.mkdir(parents=True, exist_ok=True)
    index_js.write_text(build_offline_index(recs, lang, settings).script(), encoding="utf-8")
    texts = [query.text for query in drawn]
    offline = offline_results(index_js, texts, lang)
    service = service_results(index_dir, texts, settings)
    figures: dict[str, Agreement] = defaultdict(Agreement)
    for query, ours, theirs in zip(drawn, offline, service, strict=True):
        numbers = figures[query.language]
        numbers.queries += 1
        numbers.service += len(theirs)
        numbers.shared += len(theirs & set(ours))
        if theirs - set(ours):
            numbers.misses.append((query.text, ", ".join(sorted(theirs - set(ours))[:3])))
    return dict(figures)


def main() -> None:
    """Print the agreement of one archive's site language as JSON."""
    from crossings.archive import Archive
    from crossings.search.indexing.paths import corpus_path, index_path
    from crossings.search.text.config import load_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("--lang", default="th")
    parser.add_argument("--per-language", type=int, default=100)
    args = parser.parse_args()
    archive = Archive.at(args.archive)
    settings = load_settings(archive.search_settings)
    figures = measure(
        corpus_path(archive, "public", args.lang), index_path(archive, "public", args.lang), args.lang,
        settings, args.per_language, archive.build / "bench-bundle",
    )  # fmt: skip
    shown = {
        language: {"queries": v.queries, "service": v.service, "shared": v.shared, "share": v.share,
                   "misses": v.misses[:10]}
        for language, v in figures.items()
    }  # fmt: skip
    print(json.dumps(shown, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
