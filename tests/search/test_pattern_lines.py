"""A pattern's words are found by a substring search for its longest plain run when that run is
rare, in the order and number a scan of every word with a regular expression finds them."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from crossings.search.indexing.index import open_index
from crossings.search.language import patterns
from crossings.search.language.patterns import _translate, expand_pattern

WORDS = [
    "migrants",
    "migration",
    "emigration",
    "immigrationmigration",  # the plain run twice in one word
    "tiontion",
    "nation",
    "การ",
    "การประชุม",
    "บริการ",
    "ต้องการการ",
    "สุขภาพ",
    "ภาพ",
    "a",
    "ab",
    "ba",
    "woman",
    "women",
    "wom",
]
PATTERNS = [
    "migra*",
    "*gration",
    "*migration*",
    "*tion",
    "*การ",
    "การ*",
    "*การ*",
    "*ภาพ",
    "wom?n",
    "w*n",
    "?",
    "*a*",
    "*",
    "??",
    "a",
    "*zz*",
    "*ion*ion",
    "m*r*n",
]


def regex_lines(text: str, pattern: str) -> list[str]:
    """The words a scan of every line finds (what expand_pattern always did); *text* is the
    words each after a newline, as ``field_words`` joins them."""
    return [m.group() for m in re.finditer("^" + _translate(pattern) + "$", text[1:], re.MULTILINE)]


@pytest.mark.parametrize("scan", [0, 1, 3, 10_000])
@pytest.mark.parametrize("order", [WORDS, WORDS[::-1]])
def test_lines_found_equal_a_scan_of_every_line(
    monkeypatch: pytest.MonkeyPatch, scan: int, order: list[str]
) -> None:
    monkeypatch.setattr(patterns, "LITERAL_SCAN", scan)  # from never to always a substring search
    text = "\n" + "\n".join(order)  # as field_words joins them
    for pattern in PATTERNS:
        assert list(patterns._matching_lines(text, pattern)) == regex_lines(text, pattern), pattern


def test_a_rare_plain_run_is_not_matched_against_every_word(
    index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pattern holding a rare run of plain characters never scans the whole word list."""

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the whole word list was scanned")

    def compiled(pattern: str, flags: int = 0) -> Any:
        if flags & re.MULTILINE:  # the one scan of every line there is
            return SimpleNamespace(finditer=refused)
        return re.compile(pattern, flags)

    spy = SimpleNamespace(**{name: getattr(re, name) for name in ("split", "escape", "MULTILINE")})
    spy.compile, spy.finditer = compiled, refused
    ix = open_index(index_dir)
    with ix.reader() as reader:
        expected = [expand_pattern(reader, "body", pattern) for pattern in RARE]
        monkeypatch.setattr(patterns, "re", spy)
        assert [expand_pattern(reader, "body", pattern) for pattern in RARE] == expected
    ix.close()
    assert expected[0] and expected[1] and not expected[2]


RARE = ("migra*", "*port*", "*zz*")
