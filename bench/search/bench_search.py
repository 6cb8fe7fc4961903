"""Search benchmark: the corpus records and the mixed query set every search engine is asked.

Run: ``.venv/bin/python -m bench.search.bench_search --n 1000`` (and ``--n 10000``, ``--n 100000``):
the search stage's measurement once (bench.stages.search_stage), its rows and a table by kind.

Corpus: bench.corpus.iter_generate(N) (deterministic; about 5 KB per document, 10% Chinese or
Thai), split into one record per section as the Sphinx build's corpus is, one document at a
time. Queries: a fixed mixed set (English, Chinese and Thai terms, phrases, boolean, prefix,
fuzzy, country/theme/type/year filters), each answered with the first page of documents,
snippets and all facets; each query carries the same question for the references (``expr``,
read by bench.references.fts5 and bench.references.tantivy_ref).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
from collections.abc import Iterator
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
    iter_generate,
)
from crossings.search.request.search_request import SearchRequest

COUNTRIES = ("TH", "HK", "MY", "JP", "SG", "PH")
FACET_SQL = {
    "country": "SELECT c.code, count(*) FROM temp.m JOIN dc c ON c.rid = m.rid GROUP BY c.code",
    "theme": "SELECT t.theme, count(*) FROM temp.m JOIN dt t ON t.rid = m.rid GROUP BY t.theme",
    "type": "SELECT d.type, count(*) FROM temp.m JOIN docs d ON d.rowid = m.rid GROUP BY d.type",
    "language": "SELECT d.language, count(*) FROM temp.m JOIN docs d ON d.rowid = m.rid GROUP BY d.language",
}


# The full-text part of a query, as every engine is asked it (JSON-ready nested lists):
#   ["words", [w, ...]]     the typed words as one phrase (one word: a term); Chinese and Thai words
#                           are cut by each reference as the index cuts them (bench.references.segmented)
#   ["prefix", "immi"]      words starting with it
#   ["fuzzy", typed, word]  within one edit of *typed* (FTS5, which has no fuzzy search, gets *word*)
#   ["and" | "or" | "not", a, b]
Expr = list[Any]


@dataclass(frozen=True)
class Query:
    """One benchmark query: its kind, our request, and the same question for the references."""

    kind: str
    request: SearchRequest
    expr: Expr

    def to_json(self) -> dict[str, Any]:
        """The query as JSON (for the engine processes)."""
        req = self.request
        params: dict[str, Any] = {"q": req.q, **{name: list(values) for name, values in req.filters.items()}}
        return {"kind": self.kind, "params": params, "expr": self.expr}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Query:
        """A query written by to_json."""
        params = dict(data["params"])
        filters = {name: tuple(values) for name, values in params.items() if name != "q"}
        return cls(data["kind"], SearchRequest(params["q"], filters), data["expr"])


def filters_of(request: SearchRequest) -> dict[str, Any]:
    """The request's filters as the references apply them: country, theme, type, years (None: open)."""
    low, high = request.years("year")
    return {
        "country": request.values("country")[:1],
        "theme": request.values("theme")[:1],
        "type": request.values("type")[:1],
        "years": (low, high) if low is not None or high is not None else None,
    }


def records(n: int) -> list[dict[str, Any]]:
    """The section records of N generated documents (a list: for small N; see iter_records)."""
    return list(iter_records(n))


def iter_records(n: int) -> Iterator[dict[str, Any]]:
    """The section records of N generated documents, one document generated at a time."""
    for doc in iter_generate(n):
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
            yield {**base, "section": section, "anchor": anchor, "url": url, "text": text}


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
        out.append(Query("term", SearchRequest(word), ["words", [word]]))
    for _ in range(10):
        a, b = rng.choice(EN_WORDS), running_word()
        both = ["and", ["words", [a]], ["words", [b]]]
        out.append(Query("two-words", SearchRequest(f"{a} {b}"), both))
    for lang, topics in (("zh-Hant", ZH_PHRASES), ("th", TH_PHRASES)):
        common = VOCABULARIES[lang].words
        words = rng.choices(topics, k=10) + [_cjk_word(rng, cjk[lang], common) for _ in range(10)]
        kind = "term-zh" if lang == "zh-Hant" else "term-th"
        for word in words:
            out.append(Query(kind, SearchRequest(word), ["words", [word]]))
    for _ in range(30):
        words = rng.choice(english)
        i = rng.randrange(len(words) - 1)
        pair = [w.strip(".,").lower() for w in words[i : i + 2]]
        phrase = " ".join(pair)
        out.append(Query("phrase", SearchRequest(f'"{phrase}"'), ["words", pair]))
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
        out.append(Query("filtered", request, ["words", [word]]))
    long_words = [w for w in EN_WORDS if len(w) > 5] + [w for w in en_vocab[100:3000] if len(w) > 6]
    for word in rng.sample(long_words, 20):
        i = rng.randrange(1, len(word) - 1)
        typo = word[:i] + word[i + 1 :]
        out.append(Query("fuzzy", SearchRequest(f"{typo}~"), ["fuzzy", typo, word]))
    for word in rng.sample(long_words, 10):
        out.append(Query("prefix", SearchRequest(word[:4] + "*"), ["prefix", word[:4]]))
    for _ in range(20):
        a, b = rng.choice(EN_WORDS), rng.choice([rng.choice(EN_WORDS), running_word()])
        op = rng.choice(["AND", "OR", "NOT"])
        expr = [op.lower(), ["words", [a]], ["words", [b]]]
        out.append(Query("boolean", SearchRequest(f"{a} {op} {b}"), expr))
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


def size_mb(path: Path) -> float:
    """Size of a file or folder in MB."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def by_kind(qs: list[Query], times: dict[str, list[float]], totals: list[int], documents: int) -> str:
    """Median/p95 milliseconds per kind of query and engine, with the median share of documents hit."""
    engines = list(times)
    head = " | ".join(f"{e} median | {e} p95" for e in engines)
    lines = [
        f"| kind | queries | median hits (% of documents) | {head} |",
        "|---|---:|---:|" + "---:|---:|" * len(engines),
    ]
    for kind in dict.fromkeys(q.kind for q in qs):
        idx = [i for i, q in enumerate(qs) if q.kind == kind]
        hits = statistics.median(totals[i] for i in idx)
        cells = []
        for engine in engines:
            mine = [times[engine][i] for i in idx]
            cells.append(f"{statistics.median(mine):.1f} | {percentile(mine, 95):.1f}")
        share = f"{hits:.0f} ({100 * hits / documents:.1f}%)"
        lines.append(f"| {kind} | {len(idx)} | {share} | {' | '.join(cells)} |")
    return "\n".join(lines)


def main() -> None:
    """Parse arguments, run the search stage's measurement once, print its rows and the per-kind table."""
    from bench import report
    from bench.stages import search_stage

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=1000, help="documents to generate (1000, 10000, 100000)")
    args = parser.parse_args()
    out = BENCH_DIR / "search" / f"n{args.n}"
    runs, qs = search_stage.run_all(args.n, out, repeats=1)
    print(report.table(search_stage.rows(args.n, runs, qs)))
    crossings = runs[0]["crossings"]
    times = {engine: result["times_ms"] for engine, result in runs[0].items()}
    totals = [total for total, _ in crossings["answers"]]
    load = os.getloadavg()[0]
    print(f"\n{by_kind(qs, times, totals, args.n)}\n")
    print(f"(load average at the end: {load:.1f} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
