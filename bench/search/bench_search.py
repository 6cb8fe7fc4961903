"""Search benchmark: index build (full, one-document update) and query latency, against SQLite FTS5.

Run: ``.venv/bin/python -m bench.search.bench_search --n 1000`` (and ``--n 10000``).

Corpus: bench.corpus.generate(N) (deterministic; about 5 KB per document, 10% Chinese or Thai),
split into one record per section as the Sphinx build's corpus is. Queries: a fixed mixed set
(English, Chinese and Thai terms, phrases, boolean, prefix, fuzzy, country/theme/type/year
filters), each answered with the first page of hits, snippets and all four facets, through one
long-lived searcher as `crossings serve` holds it. The reference answers the same queries with
SQLite FTS5 (trigram tokenizer: it finds substrings in every script; it has no fuzzy search, so
fuzzy queries get the correct word, and terms under three characters fall back to LIKE), with
its own snippet() and GROUP BY facet counts.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import BENCH_DIR, percentile
from bench.corpus import (
    EN_WORDS,
    FUNCTION_WORDS,
    TH_PHRASES,
    THEMES,
    TYPES,
    VOCABULARIES,
    ZH_PHRASES,
    generate,
)
from bench.references import fts5
from crossings.search.api import search
from crossings.search.indexing.index import LiveSearcher, build_index
from crossings.search.request.search_request import SearchRequest

COUNTRIES = ("TH", "HK", "MY", "JP", "SG", "PH")
FACET_SQL = {
    "country": "SELECT c.code, count(*) FROM temp.m JOIN dc c ON c.rid = m.rid GROUP BY c.code",
    "theme": "SELECT t.theme, count(*) FROM temp.m JOIN dt t ON t.rid = m.rid GROUP BY t.theme",
    "type": "SELECT d.type, count(*) FROM temp.m JOIN docs d ON d.rowid = m.rid GROUP BY d.type",
    "language": "SELECT d.language, count(*) FROM temp.m JOIN docs d ON d.rowid = m.rid GROUP BY d.language",
}


@dataclass(frozen=True)
class Query:
    """One benchmark query: our request and the FTS5 reference's match expression and filters."""

    kind: str
    request: SearchRequest
    fts: str
    like: str = ""


def records(n: int) -> list[dict[str, Any]]:
    """The section records of N generated documents."""
    out = []
    for doc in generate(n):
        row = doc.row
        base = {
            "id": row["id"],
            "title": row["title"],
            "countries": row["countries"].split(";"),
            "themes": row["themes"].split(";"),
            "type": row["type"],
            "event": row["event"],
            "session": row["session"],
            "language": row["language"],
            "date": row["date"],
            "year": int(row["date"][:4]),
            "authors": row["authors"].split(";"),
        }
        for section, text in _sections(doc.body):
            anchor = section.lower().replace(" ", "-")
            url = f"documents/{row['id']}.html" + (f"#{anchor}" if anchor else "")
            out.append({**base, "section": section, "anchor": anchor, "url": url, "text": text})
    return out


def _sections(body: str) -> list[tuple[str, str]]:
    """(heading, plain text) per Markdown section; the first (under the # title) is the lead ""."""
    parts: list[tuple[str, list[str]]] = [("", [])]
    for line in body.splitlines():
        if line.startswith("## "):
            parts.append((line[3:].strip(), []))
        elif not line.startswith("# ") and not line.startswith("|---"):
            text = re.sub(r"\[\^\d+\]:?", "", line).replace("|", " ").removeprefix("- ")
            parts[-1][1].append(text)
    return [(title, " ".join(" ".join(lines).split())) for title, lines in parts]


def queries(recs: list[dict[str, Any]], seed: int = 10) -> list[Query]:
    """A fixed mixed query set (230 queries), words drawn from the corpus as well as from the topic lists.

    Not cherry-picked: a third of the English terms are drawn from the running text by occurrence
    (so frequent words are drawn often, as in real query logs), phrases are two adjacent words of
    a random section, stop words included.
    """
    rng = random.Random(seed)
    english = [r["text"].split() for r in recs if r["language"] == "en" and r["section"]]
    cjk = {lang: [r["text"] for r in recs if r["language"] == lang] for lang in ("zh-Hant", "th")}
    stop = set(FUNCTION_WORDS)
    en_vocab = VOCABULARIES["en"].words

    def running_word() -> str:
        """A non-stop word drawn by occurrence from the English running text."""
        while True:
            word = rng.choice(rng.choice(english)).strip(".,").lower()
            if word not in stop and len(word) > 2:
                return word

    out: list[Query] = []
    terms = rng.choices(EN_WORDS, k=20) + [running_word() for _ in range(20)]
    terms += rng.sample(en_vocab[2000:], 10)  # rare words
    for word in terms:
        out.append(Query("term", SearchRequest(word), f'"{word}"'))
    for _ in range(10):
        a, b = rng.choice(EN_WORDS), running_word()
        out.append(Query("two-words", SearchRequest(f"{a} {b}"), f'"{a}" "{b}"'))
    for lang, topics in (("zh-Hant", ZH_PHRASES), ("th", TH_PHRASES)):
        common = VOCABULARIES[lang].words
        words = rng.choices(topics, k=10) + [_cjk_word(rng, cjk[lang], common) for _ in range(10)]
        for word in words:
            out.append(
                Query("term-zh-th", SearchRequest(word), f'"{word}"', like=word if len(word) < 3 else "")
            )
    for _ in range(30):
        words = rng.choice(english)
        i = rng.randrange(len(words) - 1)
        phrase = " ".join(w.strip(".,").lower() for w in words[i : i + 2])
        out.append(Query("phrase", SearchRequest(f'"{phrase}"'), f'"{phrase}"'))
    for _ in range(30):
        word = rng.choice([rng.choice(EN_WORDS), running_word()])
        country, theme = rng.choice(COUNTRIES), rng.choice(THEMES)
        request = rng.choice(
            [
                SearchRequest.from_params({"q": word, "country": country}),
                SearchRequest.from_params({"q": word, "theme": theme}),
                SearchRequest.from_params(
                    {"q": word, "type": rng.choice(TYPES), "from": "1997", "to": "1999"}
                ),
            ]
        )
        out.append(Query("filtered", request, f'"{word}"'))
    long_words = [w for w in EN_WORDS if len(w) > 5] + [w for w in en_vocab[100:3000] if len(w) > 6]
    for word in rng.sample(long_words, 20):
        i = rng.randrange(1, len(word) - 1)
        typo = word[:i] + word[i + 1 :]
        out.append(Query("fuzzy", SearchRequest(f"{typo}~"), f'"{word}"'))
    for word in rng.sample(long_words, 10):
        out.append(Query("prefix", SearchRequest(word[:4] + "*"), f'"{word[:4]}"'))
    for _ in range(20):
        a, b = rng.choice(EN_WORDS), rng.choice([rng.choice(EN_WORDS), running_word()])
        op = rng.choice(["AND", "OR", "NOT"])
        out.append(Query("boolean", SearchRequest(f"{a} {op} {b}"), f'"{a}" {op} "{b}"'))
    return out


def _cjk_word(rng: random.Random, texts: list[str], words: list[str]) -> str:
    """A Chinese or Thai vocabulary word drawn by occurrence (the first one found in a random text)."""
    if not texts:  # a tiny corpus without documents in this language
        return rng.choice(words[:50])
    while True:
        text = rng.choice(texts)
        start = rng.randrange(len(text))
        found = [w for w in words if text.startswith(w, start)]
        if found:
            return max(found, key=len)


def fts_answer(db: sqlite3.Connection, query: Query) -> int:
    """Answer *query* like search() does: total, first page with snippets, four facets."""
    req = query.request
    db.execute("DROP TABLE IF EXISTS temp.m")
    # The matching rows and their rank once; filters, page, snippets and facets work from them
    # (an FTS5 MATCH combined with `rowid IN (...)` re-runs the match per row).
    if query.like:
        db.execute(
            "CREATE TEMP TABLE m AS SELECT rowid AS rid, 0 AS r FROM fts WHERE body LIKE ?",
            [f"%{query.like}%"],
        )
    else:
        db.execute(
            "CREATE TEMP TABLE m AS SELECT rowid AS rid, rank AS r FROM fts WHERE fts MATCH ?", [query.fts]
        )
    if req.values("country"):
        db.execute(
            "DELETE FROM temp.m WHERE rid NOT IN (SELECT rid FROM dc WHERE code = ?)",
            [req.values("country")[0]],
        )
    if req.values("theme"):
        db.execute(
            "DELETE FROM temp.m WHERE rid NOT IN (SELECT rid FROM dt WHERE theme = ?)",
            [req.values("theme")[0]],
        )
    if req.values("type"):
        kept = "SELECT rowid FROM docs WHERE type = ? AND year BETWEEN ? AND ?"
        db.execute(
            f"DELETE FROM temp.m WHERE rid NOT IN ({kept})", [req.values("type")[0], *req.years("year")]
        )
    total = db.execute("SELECT count(*) FROM temp.m").fetchone()[0]
    page = db.execute("SELECT rid FROM temp.m ORDER BY r LIMIT 10").fetchall()
    for (rowid,) in page:
        db.execute("SELECT id, url FROM docs WHERE rowid = ?", [rowid]).fetchall()
        if query.like:
            db.execute("SELECT substr(body, 1, 200) FROM fts WHERE rowid = ?", [rowid]).fetchall()
        else:
            snippet = "snippet(fts, 2, '<mark>', '</mark>', '…', 16)"
            db.execute(
                f"SELECT {snippet} FROM fts WHERE fts MATCH ? AND rowid = ?", [query.fts, rowid]
            ).fetchall()
    for sql in FACET_SQL.values():
        db.execute(sql).fetchall()
    return int(total)


def timed(func: Callable[[], object]) -> float:
    """Milliseconds one call takes."""
    started = time.perf_counter()
    func()
    return (time.perf_counter() - started) * 1000


def size_mb(path: Path) -> float:
    """Size of a file or folder in MB."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def run(n: int, out: Path) -> tuple[list[tuple[str, float, float | None, str, str]], str]:
    """Every measurement at N documents: (metric, ours, reference, unit, target), and the per-kind table."""
    out.mkdir(parents=True, exist_ok=True)
    recs = records(n)
    corpus = out / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    ix = out / "index"
    shutil.rmtree(ix, ignore_errors=True)
    _progress(f"{n} documents, {len(recs)} section records; indexing")
    cpu = _cpu_with_workers()
    report = build_index(corpus, ix, incremental=False)
    cpu = _cpu_with_workers() - cpu
    _progress(f"full index {report.seconds:.1f} s (CPU {cpu:.1f} s); FTS5")
    fts_seconds = fts5.build(recs, out / "fts.db")
    changed = [
        dict(r, text=r["text"] + " updated benchmark sentence") if r["id"] == "doc-00007" else r for r in recs
    ]
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in changed), "utf-8")
    update = build_index(corpus, ix)
    assert update.updated == sum(1 for r in recs if r["id"] == "doc-00007"), update
    fts_update = timed(lambda: _fts_update(out / "fts.db", changed)) / 1000
    _progress(f"update {update.seconds:.2f} s; {len(queries(recs))} queries")

    live, qs = LiveSearcher(ix), queries(recs)
    searcher = live.get()
    for q in qs[:5]:  # warm caches as a running server would have them
        search(ix, q.request, searcher=searcher)
    ours, ours_cpu, totals = [], [], []
    for q in qs:
        started, cpu_started = time.perf_counter(), time.thread_time()
        totals.append(search(ix, q.request, searcher=searcher)["total"])
        ours.append((time.perf_counter() - started) * 1000)
        ours_cpu.append((time.thread_time() - cpu_started) * 1000)
    db = sqlite3.connect(out / "fts.db")
    reference = [timed(lambda q=q: fts_answer(db, q)) for q in qs]
    live.close()
    _progress(
        f"queries: ours median {statistics.median(ours):.1f} ms, FTS5 {statistics.median(reference):.1f} ms"
    )
    rows = [
        (f"section records of {n} documents", float(len(recs)), None, "count", ""),
        ("full index", report.seconds, fts_seconds, "s", "<= 60 s at 10,000 docs"),
        ("full index, CPU time (with worker processes)", cpu, None, "s", ""),
        ("one-document update", update.seconds, fts_update, "s", "<= 2 s"),
        ("index size", size_mb(ix / report.generation), size_mb(out / "fts.db"), "MB", ""),
        (
            f"query median ({len(qs)} queries)",
            statistics.median(ours),
            statistics.median(reference),
            "ms",
            "",
        ),
        ("query p95 (facets + snippets)", percentile(ours, 95), percentile(reference, 95), "ms", "<= 50 ms"),
        ("query max", max(ours), max(reference), "ms", ""),
        ("query CPU time, median", statistics.median(ours_cpu), None, "ms", ""),
        ("query CPU time, p95", percentile(ours_cpu, 95), None, "ms", "<= 50 ms"),
        ("queries with hits", float(sum(1 for t in totals if t)), None, "count", ""),
    ]
    return rows, by_kind(qs, ours, reference, totals, len(recs))


def by_kind(
    qs: list[Query], ours: list[float], reference: list[float], totals: list[int], records: int
) -> str:
    """Median/p95 milliseconds per kind of query (ours and FTS5) with the median share of records hit."""
    lines = [
        "| kind | queries | median hits (% of records) | ours median | ours p95 | FTS5 median | FTS5 p95 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in dict.fromkeys(q.kind for q in qs):
        idx = [i for i, q in enumerate(qs) if q.kind == kind]
        mine, ref = [ours[i] for i in idx], [reference[i] for i in idx]
        hits, median = statistics.median(totals[i] for i in idx), statistics.median(mine)
        lines.append(
            f"| {kind} | {len(idx)} | {hits:.0f} ({100 * hits / records:.1f}%) | {median:.1f}"
            f" | {percentile(mine, 95):.1f} | {statistics.median(ref):.1f} | {percentile(ref, 95):.1f} |"
        )
    return "\n".join(lines)


def _cpu_with_workers() -> float:
    """CPU seconds of this process and of its finished child processes (the index workers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _progress(message: str) -> None:
    """A progress line on stderr (the table goes to stdout)."""
    print(message, file=sys.stderr, flush=True)


def _fts_update(path: Path, recs: list[dict[str, Any]]) -> None:
    """Replace one document's rows in the FTS5 reference (the same change as ours)."""
    db = sqlite3.connect(path)
    for rowid, r in enumerate(recs, 1):
        if r["id"] == "doc-00007":
            db.execute("DELETE FROM fts WHERE rowid = ?", (rowid,))
            db.execute(
                "INSERT INTO fts(rowid, title, section, body) VALUES (?,?,?,?)",
                (rowid, r["title"], r["section"], r["text"]),
            )
    db.commit()
    db.close()


def table(n: int, rows: list[tuple[str, float, float | None, str, str]]) -> str:
    """The results as a Markdown table."""
    lines = [
        f"Search benchmark, N = {n} documents",
        "",
        "| metric | crossings (Whoosh) | SQLite FTS5 | ratio | unit | target |",
        "|---|---:|---:|---:|---|---|",
    ]
    for metric, ours, ref, unit, target in rows:
        ratio = f"{ours / ref:.1f}x" if ref else ""
        ref_text = f"{ref:.4g}" if ref is not None else ""
        lines.append(f"| {metric} | {ours:.4g} | {ref_text} | {ratio} | {unit} | {target} |")
    return "\n".join(lines)


def main() -> None:
    """Parse arguments, run, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=1000, help="documents to generate (1000, 10000)")
    args = parser.parse_args()
    rows, kinds = run(args.n, BENCH_DIR / "search" / f"n{args.n}")
    load = os.getloadavg()[0]
    print(
        table(args.n, rows) + f"\n\n{kinds}\n\n(load average at the end: {load:.1f} on {os.cpu_count()} CPUs)"
    )


if __name__ == "__main__":
    main()
