"""The findings of issue 16, each on a real index: bounded suggestions, folding, results by
document, phrase highlights."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from crossings.search.api import search
from crossings.search.indexing.index import build_index
from crossings.search.request.budget import Budget
from crossings.search.request.search_request import SearchRequest
from tests.search.conftest import record, write_corpus

SAMPLE = [
    record("weston-paper", "Weston’s survey of 3 shelters reports on labour rights.", title="Sample paper"),
    record(
        "gestion-notes", "La gestion des refuges. Notes on 33 visits and 3 hotlines.", title="Sample notes"
    ),
    record("dash-notes", "A follow‑up on well‑being — the co‑operative of 1999–2001.", title="Dash notes"),
    record(
        "zh-report",
        "移民工作者的權利。工作時間很長，工作條件差。",
        title="工作報告",
        language="zh-Hant",
        countries=["HK"],
        type="country-report",
    ),
    record(
        "zh-report",
        "社工在工作坊討論工作安全。",
        section="工作坊",
        title="工作報告",
        language="zh-Hant",
        countries=["HK"],
        type="country-report",
    ),
    record(
        "zh-report", "工作者的經驗。", section="經驗", title="工作報告", language="zh-Hant", countries=["HK"]
    ),
    record("th-digits", "รายงานปี ๒๕๔๔ ของเครือข่าย", title="Thai sample", language="th"),
    record("th-cut", "ผู้หญิงที่ต้องการคนมารับงานในเมือง", title="Thai sample two", language="th"),
    record("ja-run", "銀行取り締まりについての報告", title="Japanese sample", language="ja"),
    record(
        "phrase-doc",
        "Police came at night. "
        + "Filler words here. " * 30
        + "Then the police raids began. "
        + "Filler words here. " * 30
        + "The raids stopped; police stayed.",
        title="Phrase sample",
    ),
]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real index of SAMPLE."""
    root = tmp_path_factory.mktemp("findings")
    build_index(write_corpus(root / "corpus.jsonl", SAMPLE), root / "index", incremental=False)
    return root / "index"


def ids(index: Path, q: str) -> set[str]:
    """The documents a query finds."""
    return {hit["id"] for hit in search(index, SearchRequest(q, limit=50))["hits"]}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Weston", {"weston-paper"}),
        ("weston's", {"weston-paper"}),
        ("Weston’s", {"weston-paper"}),
        ("Westonʼs", {"weston-paper"}),
        ("follow-up", {"dash-notes"}),
        ('"well-being"', {"dash-notes"}),
        ("co–operative", {"dash-notes"}),
        ("ＷＥＳＴＯＮ", {"weston-paper"}),
        ("2544", {"th-digits"}),
        ("๒๕๔๔", {"th-digits"}),
        ("１９９９", {"dash-notes"}),
        ("工作报告", {"zh-report"}),
        ("คนมา", {"th-cut"}),  # one ICU word in the query, two in the text
        ("การคน", {"th-cut"}),  # การ inside ต้องการ
        ("ต้องการคน", {"th-cut"}),
        ("取り締まり", {"ja-run"}),  # 取 inside the run 銀行取
    ],
)
def test_folding_and_substrings_find_what_grep_finds(sample: Path, q: str, expected: set[str]) -> None:
    assert ids(sample, q) == expected


@pytest.mark.parametrize(
    ("q", "suggestion"), [("Westen", "weston"), ("Weston", None), ("繁", None), ("33x", None)]
)
def test_suggestions_are_real_words_in_the_query_script(sample: Path, q: str, suggestion: str | None) -> None:
    answer = search(sample, SearchRequest(q))
    assert answer["suggestion"] == suggestion
    assert answer["suggestion"] not in {"gestion", "3", "33"}


@pytest.mark.parametrize(
    ("q", "suggestion"),
    [
        ("type:Westen", None),
        ("session:Westen", None),
        ("country:(Westen OR th)", None),
        ("id:Westen Phrse", "id:Westen phrase"),
        ("title:Westen", "title:weston"),
        ("body:(Westen)", "body:(weston)"),
    ],
)
def test_a_suggestion_leaves_the_values_of_code_fields_alone(
    sample: Path, q: str, suggestion: str | None
) -> None:
    """A field of codes (type, session, country, id) holds no words of the text: a word of
    the text in its place finds nothing (session:s4 was offered session:se)."""
    assert search(sample, SearchRequest(q))["suggestion"] == suggestion


def test_a_suggestion_is_never_a_digit_or_a_lone_mark(sample: Path) -> None:
    rng = random.Random(16)
    han = [chr(c) for c in range(0x4E00, 0x9FFF)]
    for q in ["繁", "#", "8", "x", "3a", *("".join(rng.choices(han, k=2)) for _ in range(30))]:
        suggested = search(sample, SearchRequest(q))["suggestion"]
        assert suggested is None or (len(suggested) > 1 and any(c.isalpha() for c in suggested)), (
            q,
            suggested,
        )


def test_a_long_query_gets_no_suggestion_and_says_so(sample: Path) -> None:
    rng = random.Random(7)
    long_chinese = "".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(500))
    for q in (long_chinese, " ".join("zq" + str(i) for i in range(40))):
        answer = search(sample, SearchRequest(q))
        assert answer["total"] == 0 and answer["suggestion"] is None
    many_words = search(sample, SearchRequest(" ".join(f"wordx{i}" for i in range(7))))
    assert many_words["suggestion_skipped"] is True and many_words["budget_exhausted"] is False


class SpentAfterSearching(Budget):
    """A budget that lets the search finish and is spent for what may be left out after it
    (the snippets, the suggestion): the last part of a request that ran long, without a clock."""

    def check(self) -> None:
        """The search itself is never stopped."""

    def spent(self) -> bool:
        """Every later look finds the time up."""
        return True


def test_the_suggestion_and_snippets_are_skipped_when_the_budget_is_spent(sample: Path) -> None:
    normal = search(sample, SearchRequest("Westen"))
    assert normal["suggestion"] == "weston" and normal["suggestion_skipped"] is False
    late = search(sample, SearchRequest("Westen"), budget=SpentAfterSearching(0.0))
    assert (
        late["suggestion"] is None and late["suggestion_skipped"] is True and late["budget_exhausted"] is True
    )
    cut = search(sample, SearchRequest("police"), budget=SpentAfterSearching(0.0))
    assert cut["budget_exhausted"] is True and cut["total"] == 1
    assert "<mark>" not in cut["hits"][0]["snippet"]  # the lead instead of marked fragments


def test_facets_alone_compute_no_suggestion_and_no_hits(sample: Path) -> None:
    answer = search(sample, SearchRequest("Westen"), facets_only=True)
    assert answer["hits"] == [] and answer["suggestion"] is None and answer["suggestion_skipped"] is False


def test_results_totals_and_facets_count_documents(sample: Path) -> None:
    answer = search(sample, SearchRequest("工作"))
    assert answer["total"] == 1 and len(answer["hits"]) == 1  # one document, three matching sections
    (hit,) = answer["hits"]
    assert hit["id"] == "zh-report" and len(hit["sections"]) == 3
    assert hit["snippet"] == hit["sections"][0]["snippet"] and hit["url"] == hit["sections"][0]["url"]
    assert answer["facets"]["country"] == {"HK": 1} and answer["facets"]["type"] == {"country-report": 1}


def test_a_phrase_highlights_the_phrase_only(sample: Path) -> None:
    (hit,) = search(sample, SearchRequest('"police raids"'))["hits"]
    marks = [
        m.get_text() for s in hit["sections"] for m in BeautifulSoup(s["snippet"], "html.parser")("mark")
    ]
    assert marks == ["police raids"]
    (hit,) = search(sample, SearchRequest("工作者"))["hits"]
    marks = [
        m.get_text() for s in hit["sections"] for m in BeautifulSoup(s["snippet"], "html.parser")("mark")
    ]
    assert marks == ["工作者", "工作者"]  # in two sections; the lone 工作 of the others is not marked
