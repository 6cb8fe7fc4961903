"""Measure the search analyzer: throughput, and recall of Chinese and Thai words, per variant.

Run: ``.venv/bin/python bench/search/bench_analysis.py [--docs N] [--queries N]``

Corpus: the Chinese (zh_CN, zh_TW) and Thai message catalogues of the machine's Debian packages
(/usr/share/locale/*/LC_MESSAGES/*.mo), real translated sentences, grouped into documents of
about 400 characters. Queries: two-character Chinese words and Thai words (of two or more
characters) that ICU itself cuts out of the corpus (sampled, and the most frequent), plus the
Chinese labels of the default theme and country vocabularies. A document is relevant when it
contains the query's characters (after Traditional-to-Simplified folding); it is found when the analysed query
matches it as Whoosh matches a phrase (every query term at consecutive positions).
"Aligned" counts found documents where the query starts and ends on ICU word boundaries: the
rest are substring hits inside other words (for Thai mostly noise, e.g. ตา in ตาม).
"""

from __future__ import annotations

import argparse
import csv
import gettext
import random
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from whoosh.analysis import StemmingAnalyzer

from crossings.search.text.analysis import ArchiveAnalyzer
from crossings.search.text.fold import fold
from crossings.search.text.scripts import HAN, HANGUL, THAI
from crossings.search.text.segment import icu_segments

VARIANTS: dict[str, tuple[str, ...]] = {
    "icu-only": (),
    "icu+bigram han,hangul (final)": (HAN, HANGUL),
    "icu+bigram han,hangul,thai": (HAN, HANGUL, THAI),
}


def catalogue_texts(lang: str) -> list[str]:
    """Translated messages of every .mo catalogue installed for *lang*."""
    texts = []
    for path in sorted(Path("/usr/share/locale", lang, "LC_MESSAGES").glob("*.mo")):
        try:
            with path.open("rb") as handle:
                catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
        except (OSError, UnicodeDecodeError):
            continue
        texts += [v for v in catalog.values() if isinstance(v, str) and v.strip()]
    return texts


def documents(texts: list[str], size: int, limit: int) -> list[str]:
    """Messages joined into documents of about *size* characters."""
    docs, current = [], ""
    for text in texts:
        current += text + "\n"
        if len(current) >= size:
            docs.append(current)
            current = ""
            if len(docs) >= limit:
                break
    return docs


def icu_words(docs: Iterable[str], keep: Callable[[str], bool]) -> dict[str, int]:
    """How often ICU cuts each word that *keep* accepts out of *docs*."""
    counts: dict[str, int] = defaultdict(int)
    for doc in docs:
        for start, end in icu_segments(doc):
            word = doc[start:end]
            if keep(word):
                counts[word] += 1
    return counts


def vocabulary_labels(column: str) -> list[str]:
    """Labels of the default theme and country vocabularies in one language column."""
    labels = []
    for name in ("themes", "countries"):
        text = (resources.files("crossings") / "data" / "vocabularies" / f"{name}.csv").read_text("utf-8")
        labels += [row[column] for row in csv.DictReader(text.splitlines()) if row.get(column)]
    return labels


def postings(analyzer: Any, doc: str) -> dict[str, set[int]]:
    """Term -> positions of one document, as the index would store them."""
    found: dict[str, set[int]] = defaultdict(set)
    for token in analyzer(doc, positions=True, mode="index"):
        found[token.text].add(token.pos)
    return found


def phrase_match(index: dict[str, set[int]], terms: list[str]) -> bool:
    """Whoosh's phrase test: all terms at consecutive positions (a single term: present)."""
    if not terms or any(term not in index for term in terms):
        return False
    return any(all(p + k in index[t] for k, t in enumerate(terms)) for p in index[terms[0]])


def aligned(doc: str, bounds: set[int], query: str) -> bool:
    """True when *query* occurs in *doc* starting and ending on ICU word boundaries."""
    start = doc.find(query)
    while start >= 0:
        if start in bounds and start + len(query) in bounds:
            return True
        start = doc.find(query, start + 1)
    return False


def evaluate(analyzer: Any, docs: list[str], queries: list[str]) -> tuple[float, float, int, int]:
    """Recall against substring relevance, share of aligned hits, relevant and found counts."""
    indexes = [postings(analyzer, doc) for doc in docs]
    folded = [fold(doc) for doc in docs]
    bounds = [{b for seg in icu_segments(doc) for b in seg} for doc in folded]
    relevant = found = hit_aligned = hits = 0
    for query in queries:
        terms = [t.text for t in analyzer(query, mode="query")]
        key = fold(query)
        for doc, index, bound in zip(folded, indexes, bounds, strict=True):
            match = phrase_match(index, terms)
            if key in doc:
                relevant += 1
                found += match
            if match:
                hits += 1
                hit_aligned += aligned(doc, bound, key)
    return found / max(relevant, 1), hit_aligned / max(hits, 1), relevant, found


def throughput(analyzer: Any, text: str, rounds: int = 3) -> float:
    """Characters per second analysed for indexing (positions and offsets), best of *rounds*."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for _token in analyzer(text, positions=True, chars=True, mode="index"):
            pass
        best = min(best, time.perf_counter() - started)
    return len(text) / best


def main() -> None:
    """Print the figures for each variant."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=600, help="documents per language")
    parser.add_argument("--queries", type=int, default=300, help="sampled words per language")
    args = parser.parse_args()
    rng = random.Random(2001)
    zh = documents(catalogue_texts("zh_TW"), 400, args.docs // 2) + documents(
        catalogue_texts("zh_CN"), 400, args.docs // 2
    )
    th = documents(catalogue_texts("th"), 400, args.docs)
    if not zh or not th:
        raise SystemExit("no zh/th message catalogues under /usr/share/locale: nothing to measure")
    han2 = icu_words(zh, lambda w: len(w) == 2 and all("\u4e00" <= c <= "\u9fff" for c in w))
    thai = icu_words(th, lambda w: len(w) >= 2 and all("\u0e00" <= c <= "\u0e7f" for c in w))
    zh_queries = rng.sample(sorted(han2), min(args.queries, len(han2))) + [
        label for label in vocabulary_labels("zh-Hant") + vocabulary_labels("zh-Hans") if len(label) <= 4
    ]
    th_words = sorted(thai)
    short, long = [w for w in th_words if len(w) < 4], [w for w in th_words if len(w) >= 4]
    th_sets = {
        "th 2-3": rng.sample(short, min(args.queries, len(short))),
        "th 4+": rng.sample(long, min(args.queries, len(long))),
        "th frequent": sorted(th_words, key=lambda w: -thai[w])[: args.queries],
    }
    texts = {
        "en": ENGLISH * 200,
        "zh": "\n".join(zh[:150]),
        "th": "\n".join(th[:150]),
        "mixed": "\n".join(zh[:50] + th[:50] + [ENGLISH] * 40),
    }
    print(f"corpus: {len(zh)} zh docs, {len(th)} th docs; {len(zh_queries)} zh queries, ", end="")
    print(", ".join(f"{len(q)} {name}" for name, q in th_sets.items()))
    print("\nrecall / share of hits aligned on ICU word boundaries")
    header = ["zh 2-char", *th_sets]
    print(f"{'variant':31}" + "".join(f"{h:>16}" for h in header))
    for name, scripts in VARIANTS.items():
        analyzer = ArchiveAnalyzer(bigram_scripts=scripts)
        cells = [evaluate(analyzer, zh, zh_queries)]
        cells += [evaluate(analyzer, th, queries) for queries in th_sets.values()]
        print(f"{name:31}" + "".join(f"{recall:9.3f} /{share:5.2f}" for recall, share, _, _ in cells))
    print("\nthroughput, characters per second (index mode, positions and offsets, warm caches)")
    print(f"{'analyzer':31}" + "".join(f"{name:>11}" for name in texts))
    analyzers = {name: ArchiveAnalyzer(bigram_scripts=scripts) for name, scripts in VARIANTS.items()}
    analyzers["whoosh StemmingAnalyzer (ref)"] = StemmingAnalyzer()
    for name, analyzer in analyzers.items():
        speeds = [statistics.median(throughput(analyzer, text) for _ in range(3)) for text in texts.values()]
        print(f"{name:31}" + "".join(f"{speed:11,.0f}" for speed in speeds))
    print("sizes: " + ", ".join(f"{name} {len(text):,} chars" for name, text in texts.items()))


ENGLISH = (
    "Migrant sex workers in East and South East Asia told the conference how police raids, "
    "debts to agents and immigration laws push them to the margins, and how networks of "
    "workers' organisations answer with outreach, legal aid and health services. "
) * 3

if __name__ == "__main__":
    main()
