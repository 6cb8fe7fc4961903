"""Hostile search requests, generated: what an adversary (or a careless paste) sends.

Long runs of Chinese, Japanese, Korean and Thai up to the length limit, operator soup, deep
nesting (within the limit and past it), field names (known, unknown and internal), wildcards,
long fuzzy words, ranges, boosts, quotes and control characters, and absurd paging. Seeded:
the same *count* gives the same requests. Each is the query string of one ``GET /api/search``
(or ``/api/facets``) request; the answer must be a 200 or a 4xx, never a 5xx, and come within
the time budget.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from urllib.parse import urlencode

from bench.corpus import EN_WORDS, TH_PHRASES, ZH_PHRASES
from crossings.search.request.limits import MAX_DEPTH, MAX_QUERY_CHARS

OPERATORS = ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE")
FIELDS = ("title", "section", "body", "country", "theme", "type", "lang", "year", "date", "id", "author")
INTERNAL = ("spell_body", "spell_title", "key", "hash", "url", "year_key", "countries", "nosuch", "http")
SYMBOLS = '()"*?~^:[]{}\\/-+!'
RANGES = {
    "han": (0x4E00, 0x9FFF),
    "hangul": (0xAC00, 0xD7A3),
    "kana": (0x3041, 0x30FF),
    "thai": (0x0E01, 0x0E5B),
}


def _run(rng: random.Random) -> str:
    """A run of random characters of one East or South-East Asian script, up to the limit."""
    low, high = RANGES[rng.choice(list(RANGES))]
    return "".join(chr(rng.randint(low, high)) for _ in range(rng.randint(100, MAX_QUERY_CHARS)))


def _words_run(rng: random.Random) -> str:
    """Real Chinese or Thai words glued together up to the limit (a pasted paragraph)."""
    words = ZH_PHRASES if rng.random() < 0.5 else TH_PHRASES
    text = ""
    while len(text) < rng.randint(200, MAX_QUERY_CHARS):
        text += rng.choice(words)
    return text[:MAX_QUERY_CHARS]


def _soup(rng: random.Random) -> str:
    """Operators, words, quotes, brackets and symbols in any order."""
    parts = []
    while sum(len(p) + 1 for p in parts) < rng.randint(20, MAX_QUERY_CHARS - 20):
        roll = rng.random()
        if roll < 0.3:
            parts.append(rng.choice(OPERATORS))
        elif roll < 0.6:
            parts.append(rng.choice(EN_WORDS) + rng.choice(["", "*", "~", "~2", "^3", "?", ":", '"']))
        else:
            parts.append("".join(rng.choice(SYMBOLS) for _ in range(rng.randint(1, 4))))
    return " ".join(parts)[:MAX_QUERY_CHARS]


def _nesting(rng: random.Random) -> str:
    """Parentheses nested up to and past the limit, balanced or not."""
    depth = rng.randint(1, MAX_DEPTH + 40)
    inner = rng.choice(EN_WORDS)
    opening, closing = "(" * depth, ")" * (depth - rng.choice([0, 0, 0, 1, -1]))
    join = rng.choice(["", " OR a ", " AND ", " NOT "])
    return (opening + inner + join + closing)[:MAX_QUERY_CHARS]


def _fields(rng: random.Random) -> str:
    """Field names, known, unknown and internal, with values, nothing, groups and ranges."""
    parts = []
    for _ in range(rng.randint(1, 8)):
        name = rng.choice(FIELDS + INTERNAL)
        value = rng.choice(
            [rng.choice(EN_WORDS), "", '"police raids"', "(a OR b)", "[1999 TO 2001]", "*", "性工作者", "th"]
        )
        parts.append(f"{name}:{value}")
    return " ".join(parts)


def _patterns(rng: random.Random) -> str:
    """Wildcard words: leading, inner and trailing * and ?, within and past the limit of 8."""
    made = []
    for _ in range(rng.randint(1, 12)):
        word = rng.choice([*EN_WORDS, "a", "e", "性", "ตำ"])
        made.append(
            rng.choice([f"*{word}*", f"{word[:1]}*", f"*{word}", f"{word[:2]}?{word[3:]}", "*", "?", "??"])
        )
    return " ".join(made)


def _fuzzy(rng: random.Random) -> str:
    """Long fuzzy words, with distances and prefixes, some out of range."""
    made = []
    for _ in range(rng.randint(1, 6)):
        length = rng.randint(20, 100)
        word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(length))
        made.append(word + rng.choice(["~", "~1", "~2", "~3", "~2/5", "~/3", "~9"]))
    return " ".join(made)[:MAX_QUERY_CHARS]


def _odd(rng: random.Random) -> str:
    """Control characters, NUL, bidirectional marks, emoji, lone quotes and boosts."""
    return rng.choice(
        [
            "police\x00raids",
            "police\x07",
            "\u202epolice\u202c",
            "😀" * rng.randint(1, 200),
            '"' * rng.randint(1, 9),
            "^" * rng.randint(1, 9),
            "police^" + "9" * rng.randint(1, 30),
            "*:*",
            "a" * MAX_QUERY_CHARS,
            "a" * (MAX_QUERY_CHARS + 1),
            " " * MAX_QUERY_CHARS,
            "\u3000（警察）ＡＮＤ“police”",
        ]
    )


MAKERS: tuple[Callable[[random.Random], str], ...] = (
    _run,
    _words_run,
    _soup,
    _nesting,
    _fields,
    _patterns,
    _fuzzy,
    _odd,
)


def hostile_queries(count: int, seed: int = 16) -> list[str]:
    """*count* hostile query texts, every kind in turn."""
    rng = random.Random(seed)
    return [MAKERS[i % len(MAKERS)](rng) for i in range(count)]


def hostile_paths(count: int, seed: int = 16) -> list[str]:
    """*count* request targets (path and query string), with absurd paging and sorting now and then."""
    rng = random.Random(seed + 1)
    paths = []
    for q in hostile_queries(count, seed):
        params: dict[str, str] = {"q": q}
        if rng.random() < 0.3:
            params["page"] = str(rng.choice([1, 2, 999, 1000, 1001, 0]))
        if rng.random() < 0.2:
            params["limit"] = str(rng.choice([1, 50, 51, 0]))
        if rng.random() < 0.2:
            params["sort"] = rng.choice(["date", "relevance", "random"])
        endpoint = "/api/facets" if rng.random() < 0.1 else "/api/search"
        paths.append(endpoint + "?" + urlencode(params))
    return paths
