"""Thai words written with SARA AM (ำ) in words, patterns and fuzzy words.

NFKC decomposes SARA AM into NIKHAHIT and SARA AA (ทำงาน -> ทํางาน), and the word breaker cuts
the decomposed form otherwise (ทํา, งาน): where a folded word was analysed again (the words a
pattern or a fuzzy word stands for, the words holding a typed Thai word), ``ทำ*`` missed every
section with ทำงาน ("to work") and ``ทำงาน`` also found a section with only งานเลี้ยง ("a
party"). Folding composes the vowel back (crossings.search.text.fold, and the offline bundle's
copy in crossings/bundle/static/offline-search.js).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crossings.search.api import search
from crossings.search.indexing.index import build_index
from crossings.search.request.search_request import SearchRequest
from tests.search.conftest import record, write_corpus

SAMPLE = [
    record("works-hard", "ผู้หญิงทำงานหนัก", language="th"),  # women work hard
    record("migrant-work", "แรงงานข้ามชาติ ทำงาน", language="th"),  # migrant workers work
    record("party", "งานเลี้ยงวันเกิด", language="th"),  # a birthday party
]


@pytest.fixture(scope="module")
def thai_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of SAMPLE."""
    root = tmp_path_factory.mktemp("thai")
    build_index(write_corpus(root / "corpus.jsonl", SAMPLE), root / "index")
    return root / "index"


def found(index_dir: Path, q: str) -> set[str]:
    """The documents *q* finds."""
    return {hit["id"] for hit in search(index_dir, SearchRequest(q=q, limit=50))["hits"]}


def test_the_exact_word_finds_its_sections(thai_index: Path) -> None:
    assert {"works-hard", "migrant-work"} <= found(thai_index, "ทำงาน")


def test_a_query_typing_sara_am_as_two_characters_finds_the_word(thai_index: Path) -> None:
    """NIKHAHIT and SARA AA typed for SARA AM: the word breaker would cut the query in two."""
    assert found(thai_index, "ท\u0e4d\u0e32งาน") == {"works-hard", "migrant-work"}
    assert found(thai_index, "ท\u0e4d\u0e32*") == {"works-hard", "migrant-work"}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("ทำงาน", {"works-hard", "migrant-work"}),  # not the party: งาน alone is not ทำงาน
        ("ทำงา*", {"works-hard", "migrant-work"}),
        ("ทำ*", {"works-hard", "migrant-work"}),
        ("ทำงาณ~", {"works-hard", "migrant-work"}),
    ],
)
def test_a_word_with_sara_am_is_found_by_its_patterns_and_finds_no_other(
    thai_index: Path, q: str, expected: set[str]
) -> None:
    assert found(thai_index, q) == expected


def test_a_document_typing_sara_am_as_two_characters_is_found_and_highlighted(tmp_path: Path) -> None:
    """A document whose text writes SARA AM as NIKHAHIT and SARA AA (as some converters and old
    input methods do) is cut as the word typed on a keyboard: ทำงาน finds it, งาน alone does
    not, and the snippet marks the characters of the text as stored."""
    decomposed = "ผู้หญิงท\u0e4d\u0e32งานหนัก"  # women work hard, ำ as two characters
    corpus = write_corpus(
        tmp_path / "corpus.jsonl",
        [*SAMPLE[2:], record("decomposed", decomposed, language="th")],
    )
    build_index(corpus, tmp_path / "index")
    assert found(tmp_path / "index", "ทำงาน") == {"decomposed"}
    assert found(tmp_path / "index", "ท\u0e4d\u0e32งาน") == {"decomposed"}
    assert found(tmp_path / "index", "หนัก") == {"decomposed"}
    assert found(tmp_path / "index", "ทำงา*") == {"decomposed"}  # a word of the index, not two
    assert found(tmp_path / "index", "ทำงาณ~") == {"decomposed"}
    assert "decomposed" not in found(tmp_path / "index", '"งานเลี้ยง"')
    hit = search(tmp_path / "index", SearchRequest(q="ทำงาน", limit=5))["hits"][0]
    snippet = json.dumps(hit, ensure_ascii=False)
    assert "<mark>ท\u0e4d\u0e32งาน</mark>" in snippet or "<b>ท\u0e4d\u0e32งาน</b>" in snippet, snippet
