"""A field's spelling words kept as one string (crossings.search.language.fuzzy.SpellingWords):
the words of each first character, membership and every word come back exactly as a list of
the words gives them, for words at each edge of the string and in every script; wildcard words
read the same string."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from crossings.search.indexing.index import build_index, open_index
from crossings.search.language.fuzzy import SpellingWords, spelling_words, words_within
from crossings.search.language.patterns import field_words

from .conftest import record

WORDS = sorted(
    {
        "a", "ab", "abc", "abd", "b", "migrant", "migrants", "migration", "zz",
        "การ", "การประชุม", "คน", "คนมา", "มา", "移民", "移", "工人", "이주", "ñandú", "ǆ", "𠀀字",
    },
    key=lambda word: word.encode("utf-8"),
)  # fmt: skip


def as_lists(words: list[str]) -> dict[str, list[str]]:
    """The words grouped by first character, as lists (what the string stands for)."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[:1], []).append(word)
    return groups


@pytest.mark.parametrize("words", [WORDS, WORDS[:1], WORDS[-1:], [], ["a", "b"], ["aa", "ab"]])
def test_groups_every_word_and_membership_are_those_of_the_word_list(words: list[str]) -> None:
    kept = SpellingWords(words)
    assert list(kept) == words
    assert kept.text == "\n" + "\n".join(words)
    groups = as_lists(words)
    for first in {*groups, "q", "ไ", "\n"}:
        assert kept.starting_with(first) == groups.get(first, [])
    probes = {*words, "", "\n", "a\nb", "abcd", "migra", "migrantss", "การประชุ", "移民局", "字", "𠀀"}
    probes |= {w[:-1] for w in words} | {w + "s" for w in words} | {"\n" + w for w in words}
    for probe in probes:
        assert (probe in kept) == (probe in words), probe


def test_random_word_lists_agree_with_their_lists() -> None:
    rng = random.Random(17)

    def some_word() -> str:
        return "".join(rng.choice("ab\u0e01\u0e32\u79fb") for _ in range(rng.randint(1, 4)))

    for _ in range(300):
        words = sorted({some_word() for _ in range(rng.randint(0, 12))}, key=str.encode)
        kept = SpellingWords(words)
        assert list(kept) == words
        for probe in {some_word() for _ in range(20)} | set(words):
            assert (probe in kept) == (probe in words), (words, probe)


def test_an_index_s_spelling_words_serve_fuzzy_words_and_patterns_from_one_string(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    records = [
        record("first", "Migrants and migration across borders."),
        record("second", "Migrant workers met the police."),
        record("third", "Zebra crossings and health."),
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    build_index(corpus, tmp_path / "ix", incremental=False)
    ix = open_index(tmp_path / "ix")
    with ix.reader() as reader:
        kept = spelling_words(reader, "body")
        assert field_words(reader, "body") is kept.text  # one string for both, not a second copy
        listed = sorted((w.decode("utf-8") for w in reader.lexicon("spell_body")), key=str.encode)
        assert list(kept) == listed and "migrants" in kept and "migr" not in kept
        assert [word for word, _ in words_within(reader, "body", "migrent", 1, prefix=1)] == ["migrant"]
        assert {word for word, _ in words_within(reader, "body", "migrantz", 2)} == {"migrant", "migrants"}
    ix.close()
