"""Recall against a grep baseline on a sample: at least 0.98 in every language of the benchmark
(the full measurement, with precision@10, is the "recall" rows of `make bench`)."""

from __future__ import annotations

import pytest

from bench.search.multilingual import LANGUAGES, records
from bench.search.recall import Baseline, Figures, measure, queries
from crossings.search.indexing.index import LiveSearcher, build_index
from tests.search.conftest import write_corpus

MIN_RECALL = 0.98
PER_LANGUAGE = 40


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Figures]:
    """Recall and precision of a sample: 210 generated documents, 40 queries per language."""
    root = tmp_path_factory.mktemp("recall")
    recs = records(210)
    build_index(write_corpus(root / "corpus.jsonl", recs), root / "index", incremental=False)
    live = LiveSearcher(root / "index")
    found = measure(root / "index", recs, queries(recs, PER_LANGUAGE), live.get())
    live.close()
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_recall_against_a_substring_search(figures: dict[str, Figures], language: str) -> None:
    numbers = figures[language]
    assert numbers.queries == PER_LANGUAGE and numbers.expected > PER_LANGUAGE
    assert numbers.recall >= MIN_RECALL, numbers.misses[:10]


def test_the_baseline_finds_typed_variants_and_whole_words() -> None:
    baseline = Baseline(
        [
            {"id": "a", "title": "", "section": "", "text": "Weston’s report on policing in Việt Nam, ๒๕๔๔."},
            {"id": "b", "title": "", "section": "", "text": "移民性工作者的權利"},
        ]
    )
    assert baseline.expected("Weston") == {"a"}
    assert baseline.expected("weston's") == {"a"}
    assert baseline.expected("police") == set()  # whole words in Latin script
    assert baseline.expected('"viet nam"') == {"a"} and baseline.expected("2544") == {"a"}
    assert baseline.expected("工作者的权利") == {"b"}  # any substring, either script
