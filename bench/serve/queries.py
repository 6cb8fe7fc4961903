"""Thousands of distinct search requests drawn from a served archive's own corpus (deterministic).

A load test cycling a handful of requests measures warm caches (the answer cache, the postings
and facet caches, the CPU's): every request after the first few has been answered before. These
requests are drawn from the words of the corpus the server indexes, by occurrence (frequent words
come up often, as in real query logs), each kept once: terms, two words, phrases of adjacent
words, OR and NOT, prefixes, fuzzy words, country/theme/type/year filters, Chinese character
pairs and Thai words, page 2 and date order, and a few /api/facets requests.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from itertools import islice, pairwise
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from crossings.search.text.segment import icu_segments
from crossings.search.text.stopwords import default_stopwords

SAMPLE_RECORDS = 4000  # records read from the corpus (its first ones: every language of the generated one)
_LATIN = re.compile(r"[A-Za-z]{3,}")
_HAN = re.compile(r"[\u4e00-\u9fff]{2,}")
_THAI = re.compile(r"[\u0e00-\u0e7f]{2,}")
# kind of request -> weight
KINDS = {
    "term": 30, "two": 12, "phrase": 12, "or": 5, "not": 5, "prefix": 5, "fuzzy": 5,
    "country": 4, "theme": 4, "type-years": 4, "han": 5, "thai": 4, "page2": 2, "date": 2, "facets": 1,
}  # fmt: skip


class Vocabulary:
    """Words of a corpus by occurrence, its neighbouring word pairs, and its metadata values."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        stops = default_stopwords()
        self.words: list[str] = []
        self.pairs: list[tuple[str, str]] = []
        self.han: list[str] = []
        self.thai: list[str] = []
        self.countries: list[str] = []
        self.themes: list[str] = []
        self.types: list[str] = []
        for r in records:
            text = str(r.get("text", ""))
            latin = [w.lower() for w in _LATIN.findall(text)]
            self.words += [w for w in latin if w not in stops]
            self.pairs += list(pairwise(latin))
            for run in _HAN.findall(text):
                self.han += [run[i : i + 2] for i in range(0, len(run) - 1, 2)]
            for run in _THAI.findall(text):
                self.thai += [run[a:b] for a, b in icu_segments(run) if b - a >= 2]
            self.countries += list(r.get("countries") or [])
            self.themes += list(r.get("themes") or [])
            if r.get("type"):
                self.types.append(str(r["type"]))
        if not self.words:
            raise ValueError("the corpus has no English words to draw requests from")


def read_records(corpus: Path, limit: int = SAMPLE_RECORDS) -> list[dict[str, Any]]:
    """The first *limit* records of a corpus file (JSON lines)."""
    with corpus.open(encoding="utf-8") as handle:
        lines: Iterator[str] = (line for line in handle if line.strip())
        return [json.loads(line) for line in islice(lines, limit)]


def _params(kind: str, v: Vocabulary, rng: random.Random) -> dict[str, str]:
    """The parameters of one request of *kind* (a plain term where the corpus lacks what it needs)."""
    word = rng.choice(v.words)
    if kind == "two":
        return {"q": f"{word} {rng.choice(v.words)}"}
    if kind == "phrase" and v.pairs:
        a, b = rng.choice(v.pairs)
        return {"q": f'"{a} {b}"'}
    if kind in ("or", "not"):
        return {"q": f"{word} {kind.upper()} {rng.choice(v.words)}"}
    if kind == "prefix" and len(word) >= 4:
        return {"q": word[:4] + "*"}
    if kind == "fuzzy" and len(word) >= 6:
        cut = rng.randrange(1, len(word) - 1)
        return {"q": word[:cut] + word[cut + 1 :] + "~"}
    if kind == "country" and v.countries:
        return {"q": word, "country": rng.choice(v.countries)}
    if kind == "theme" and v.themes:
        return {"q": word, "theme": rng.choice(v.themes)}
    if kind == "type-years" and v.types:
        start = rng.randrange(1995, 2002)
        return {"q": word, "type": rng.choice(v.types), "from": str(start), "to": str(start + 2)}
    if kind == "han" and v.han:
        return {"q": rng.choice(v.han)}
    if kind == "thai" and v.thai:
        return {"q": rng.choice(v.thai)}
    if kind == "page2":
        return {"q": word, "page": "2"}
    if kind == "date":
        return {"q": word, "sort": "date"}
    return {"q": word}


def distinct_paths(corpus: Path, count: int, seed: int = 17) -> list[str]:
    """*count* distinct request targets drawn from *corpus* (fewer only if it cannot give so many)."""
    vocabulary = Vocabulary(read_records(corpus))
    rng = random.Random(seed)
    kinds, weights = list(KINDS), list(KINDS.values())
    found: dict[str, None] = {}
    attempts = 0
    while len(found) < count and attempts < count * 20:
        attempts += 1
        kind = rng.choices(kinds, weights)[0]
        endpoint = "/api/facets?" if kind == "facets" else "/api/search?"
        found[endpoint + urlencode(_params(kind, vocabulary, rng))] = None
    return list(found)
