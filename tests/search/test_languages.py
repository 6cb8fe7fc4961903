"""Chinese (both scripts), Thai, Vietnamese and English through the real index and the archive's settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossings.search.api import search
from crossings.search.indexing.index import build_index
from crossings.search.request.search_request import SearchRequest
from crossings.search.text.config import index_options, load_settings

from .conftest import record, write_corpus

RECORDS = [
    record("zh-hans", "移民性工作者的权利和健康。", title="移民与权利", language="zh-Hans"),
    record("zh-hant", "香港警察掃蕩移民性工作者。", title="警察掃蕩", language="zh-Hant"),
    record("th-doc", "พนักงานบริการข้ามชาติและตำรวจในกรุงเทพ", title="รายงานประเทศไทย", language="th"),
    record("en-doc", "Outreach workers met police in Bangkok.", title="Outreach"),
    record("vi-doc", "Phụ nữ di cư làm mại dâm ở Đông Nam Á ngại đến khám.", title="Sức khỏe", language="vi"),
]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """An index built with the default search settings (the template's synonyms and stop words)."""
    root = tmp_path_factory.mktemp("languages")
    settings = load_settings(root / "search")  # missing folder: the shipped defaults
    build_index(write_corpus(root / "c.jsonl", RECORDS), root / "ix", **index_options(settings))
    return root / "ix", settings


def found(indexed: tuple[Path, object], q: str) -> set[str]:
    """Ids matching *q* with the default settings."""
    index_dir, settings = indexed
    return {h["id"] for h in search(index_dir, SearchRequest(q), settings=settings)["hits"]}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("權利", {"zh-hans"}),  # Traditional query, Simplified text
        ("扫荡", {"zh-hant"}),  # Simplified query, Traditional text
        ("警察", {"zh-hant", "th-doc", "en-doc"}),  # police / 警察 / ตำรวจ are synonyms in the template
        ("ตำรวจ", {"zh-hant", "th-doc", "en-doc"}),
        ("掃蕩", {"zh-hant"}),
        ("กรุงเทพ", {"th-doc"}),
        ('"移民性工作者"', {"zh-hans", "zh-hant"}),
        ("sex worker", {"zh-hans", "zh-hant", "th-doc"}),  # the template's cross-language synonyms
    ],
)
def test_every_script_is_found(indexed: tuple[Path, object], q: str, expected: set[str]) -> None:
    assert found(indexed, q) == expected


@pytest.mark.parametrize(
    "q",
    ["mại dâm", "mai dam", "MẠI DÂM", "Mai Dam", '"mại dâm"', '"mai dam"', "đông nam á", "dong nam a"],
)
def test_vietnamese_is_found_with_and_without_its_marks(indexed: tuple[Path, object], q: str) -> None:
    # One folding (crossings.search.text.fold) for the index and the query: tone and vowel marks and đ.
    assert found(indexed, q) == {"vi-doc"}


def test_chinese_snippets_mark_the_word(indexed: tuple[Path, object]) -> None:
    index_dir, settings = indexed
    hit = search(index_dir, SearchRequest("权利"), settings=settings)["hits"][0]
    assert "<mark>" in hit["snippet"] and "权利" in hit["snippet"].replace("<mark>", "").replace(
        "</mark>", ""
    )
