"""Recall and precision of the search against a grep baseline, per language.

    python -m bench.search.recall --n 700 --per-language 200 [--corpus FILE]

The baseline is a substring search over the same records, after the one normalisation index
and queries share (crossings.search.text.fold.fold_text: case, width, accents, apostrophes, dashes,
digits, Traditional to Simplified Chinese). A query in a script written with spaces (English,
Vietnamese) must match whole words (``police`` is not looked for inside ``policeman``); in
Chinese, Japanese, Korean and Thai any substring counts. A document is expected when one of its
sections holds the query in its title, heading or text.

Queries are drawn from the records themselves (seeded, not picked): words by occurrence, two
words that stand together, English names (written in the possessive with any apostrophe),
words typed another way than the text has them (a straight apostrophe or hyphen, ASCII digits
for Thai or full-width ones, half-width katakana, Vietnamese without its accents) and Chinese in
the other script. Recall: the share of expected documents the search returns (every page);
precision@10: the share of the first page's (up to ten) documents that are expected.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.search.multilingual import (
    EN_COMPOUNDS,
    EN_NAMES,
    LANGUAGES,
    VOCABULARIES_7,
    records,
)
from crossings.search.request.limits import MAX_LIMIT
from crossings.search.text.fold import fold_text

FIELDS = ("title", "section", "text")
LATIN_WORD = "[0-9A-Za-z\u00c0-\u024f]"
SYNTAX = frozenset(':*?~^()[]{}"')
PAGE = MAX_LIMIT
# Words the analyzer drops (search/stopwords.txt) or that every generated title holds.
SKIP = frozenset(
    "a an and are as at be by for from in into is of on or the to was were with sample document part".split()
)


@dataclass(frozen=True)
class RecallQuery:
    """One query: its language, how it was drawn, and its text (as typed)."""

    language: str
    kind: str
    text: str


@dataclass
class Figures:
    """One language's counts."""

    queries: int = 0
    expected: int = 0
    found: int = 0
    shown: int = 0
    relevant_shown: int = 0
    misses: list[tuple[str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Expected documents returned / expected documents."""
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision_at_10(self) -> float:
        """Expected documents among the first page's / documents on the first pages."""
        return self.relevant_shown / self.shown if self.shown else 1.0


class Baseline:
    """The records' fields, normalised, by document: what grep would search."""

    def __init__(self, recs: Iterable[dict[str, Any]]) -> None:
        self.fields: dict[str, list[str]] = defaultdict(list)
        for rec in recs:
            self.fields[rec["id"]] += [fold_text(str(rec.get(name) or "")) for name in FIELDS]

    def expected(self, query: str) -> set[str]:
        """The documents whose title, heading or text holds *query* (see the module's docstring)."""
        wanted = " ".join(fold_text(query.strip('"')).split())
        if not wanted:
            return set()
        if _latin(wanted):  # whole words: no Latin letter or digit right before or after
            body = re.escape(wanted).replace(r"\ ", r"\s+")
            pattern = re.compile(f"(?<!{LATIN_WORD}){body}(?!{LATIN_WORD})")
            return {doc for doc, texts in self.fields.items() if any(pattern.search(t) for t in texts)}
        return {doc for doc, texts in self.fields.items() if any(wanted in t for t in texts)}


def _latin(text: str) -> bool:
    """True when *text* is written in Latin letters (words separated by spaces)."""
    return all(ord(c) < 0x2E80 and not 0x0E00 <= ord(c) <= 0x0E7F for c in text)


def queries(recs: list[dict[str, Any]], per_language: int, seed: int = 16) -> list[RecallQuery]:
    """*per_language* queries for every language the records hold (see the module's docstring)."""
    rng = random.Random(seed)
    by_language: dict[str, list[str]] = defaultdict(list)
    for rec in recs:
        by_language[rec["language"]].append(rec["text"])
    out: list[RecallQuery] = []
    for language in LANGUAGES:
        texts = by_language.get(language)
        if not texts:
            continue
        drawn: list[RecallQuery] = []
        attempts = 0
        while len(drawn) < per_language and attempts < per_language * 50:
            attempts += 1
            found = _draw(rng, language, rng.choice(texts))
            if found is not None and found not in drawn:
                drawn.append(found)
        out += drawn
    return out


def _draw(rng: random.Random, language: str, text: str) -> RecallQuery | None:
    """One query drawn from *text* (None when the draw found nothing usable)."""
    roll = rng.random()
    if language in ("en", "vi"):
        return _spaced(rng, language, text, roll)
    words = [w for w in VOCABULARIES_7[language].words if w in text]
    if not words:
        return None
    word = rng.choice(words)
    if roll < 0.5:
        return RecallQuery(language, "word", word)
    if roll < 0.7 and language == "ko":  # two words as written, particles and all
        tokens = text.split()
        index = rng.randrange(len(tokens) - 1) if len(tokens) > 1 else 0
        pair = " ".join(t.strip(".") for t in tokens[index : index + 2])
        return RecallQuery(language, "phrase", _quoted(pair))
    if roll < 0.7:  # two words as they stand together in the text
        following = [w for w in words if word + w in text]
        return RecallQuery(language, "phrase", word + rng.choice(following)) if following else None
    return _typed_otherwise(rng, language, text, word)


def _spaced(rng: random.Random, language: str, text: str, roll: float) -> RecallQuery | None:
    """A word, two neighbouring words, a name or a variant from English or Vietnamese text."""
    tokens = [t.strip(".,") for t in text.split()]
    if language == "en" and roll < 0.15:
        present = [name for name in EN_NAMES if name in text]
        if present:
            name = rng.choice(present)
            return RecallQuery(language, "name", name + ("'s" if rng.random() < 0.5 else ""))
    if language == "en" and roll < 0.25:
        present = [c for c in EN_COMPOUNDS if re.search(re.escape(c).replace(r"\-", "[-‐‑–]"), text)]
        return RecallQuery(language, "typed-otherwise", rng.choice(present)) if present else None
    if language == "vi" and roll < 0.45:
        phrases = [w for w in VOCABULARIES_7["vi"].words if w.lower() in text.lower()]
        if not phrases:
            return None
        phrase = rng.choice(phrases)
        if rng.random() < 0.5:
            return RecallQuery(language, "typed-otherwise", _quoted(fold_text(phrase)))
        return RecallQuery(language, "word", _quoted(phrase))
    index = rng.randrange(len(tokens))
    word = tokens[index].strip("()[]{}\"'“”‘’;!?")
    if fold_text(word) in SKIP or not any(c.isalpha() for c in word):
        return None
    if roll < 0.75 or index + 1 >= len(tokens):  # a word with query syntax in it is typed in quotes
        return RecallQuery(language, "word", f'"{word}"' if SYNTAX & set(word) else word)
    pair = f"{word} {tokens[index + 1]}".replace('"', "")
    return RecallQuery(language, "phrase", f'"{pair}"')


def _quoted(text: str) -> str:
    """*text* as a phrase when it has several words."""
    return f'"{text}"' if " " in text else text


def _typed_otherwise(rng: random.Random, language: str, text: str, word: str) -> RecallQuery | None:
    """A word typed another way than the text has it: the other Chinese script, ASCII digits,
    full-width katakana for half-width."""
    if language in ("zh-Hant", "zh-Hans"):
        import opencc

        other = str(opencc.OpenCC("s2t" if language == "zh-Hans" else "t2s").convert(word))
        return RecallQuery(language, "other-script", other)
    if language == "th":
        numbers = re.findall(r"[๐-๙]{4}", text)
        if numbers:
            return RecallQuery(language, "typed-otherwise", fold_text(rng.choice(numbers)))
    if language == "ja":
        half = re.findall(r"[ｦ-ﾟ]{2,}", text)
        if half:
            return RecallQuery(language, "typed-otherwise", fold_text(rng.choice(half)))
    return RecallQuery(language, "word", word)


def measure(
    index_dir: Path, recs: list[dict[str, Any]], drawn: list[RecallQuery], searcher: Any = None
) -> dict[str, Figures]:
    """Recall and precision@10 of the search over the index of *recs*, per language."""
    from crossings.search.api import search
    from crossings.search.request.search_request import SearchRequest

    baseline = Baseline(recs)
    figures: dict[str, Figures] = defaultdict(Figures)
    for query in drawn:
        expected = baseline.expected(query.text)
        found: list[str] = []
        page = 1
        while True:
            answer = search(index_dir, SearchRequest(query.text, limit=PAGE, page=page), searcher=searcher)
            found += [hit["id"] for hit in answer["hits"]]
            if page >= answer["pages"]:
                break
            page += 1
        numbers = figures[query.language]
        numbers.queries += 1
        numbers.expected += len(expected)
        numbers.found += len(expected & set(found))
        first = found[:10]
        numbers.shown += len(first)
        numbers.relevant_shown += len(expected & set(first))
        if expected - set(found):
            numbers.misses.append((query.text, ", ".join(sorted(expected - set(found))[:3])))
    return dict(figures)


def main() -> None:
    """Index the generated corpus (or the given one), measure, print the figures per language."""
    from crossings.search.indexing.index import LiveSearcher, build_index

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=700, help="generated documents (the languages in turn)")
    parser.add_argument("--per-language", type=int, default=200)
    parser.add_argument(
        "--corpus", type=Path, help="a build's corpus (JSON Lines) instead of the generated one"
    )
    parser.add_argument("--out", type=Path, default=Path("build/bench/recall"))
    args = parser.parse_args()
    if args.corpus is not None:
        recs = [json.loads(line) for line in args.corpus.read_text("utf-8").splitlines() if line.strip()]
    else:
        recs = records(args.n)
    args.out.mkdir(parents=True, exist_ok=True)
    corpus = args.out / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    build_index(corpus, args.out / "index", incremental=False)
    live = LiveSearcher(args.out / "index")
    figures = measure(args.out / "index", recs, queries(recs, args.per_language), live.get())
    live.close()
    print(f"{'language':<9} {'queries':>7} {'expected':>8} {'recall':>7} {'P@10':>6}")
    for language, numbers in figures.items():
        print(
            f"{language:<9} {numbers.queries:>7} {numbers.expected:>8} {numbers.recall:>7.3f} "
            f"{numbers.precision_at_10:>6.3f}"
        )
        for text, docs in numbers.misses[:5]:
            print(f"    missed {text!r}: {docs}")


if __name__ == "__main__":
    main()
