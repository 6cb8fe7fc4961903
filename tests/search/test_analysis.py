"""The archive analyzer on a real Whoosh index: every script, folding, stemming, phrases, highlights."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from whoosh import index
from whoosh.analysis import StandardAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import QueryParser

from bench.search.bench_search import records
from crossings.search.engine.schema import make_schema, new_segment
from crossings.search.results.snippets import highlight, snippets
from crossings.search.text.analysis import ArchiveAnalyzer, analyze, index_terms

DOCS = {
    "zh-hant": "性工作者的遷移路線：由臺灣到香港。",
    "zh-hans": "移民性工作者在台湾面对警察的扫荡。",
    "th": "แรงงานข้ามชาติในประเทศไทยถูกตำรวจจับกุม",
    "km": "ពលករចំណាកស្រុកនៅកម្ពុជា",
    "ja": "外国人労働者の移住と警察の取り締まり",
    "ko": "이주 노동자들이 경찰의 단속을 받았다",
    "en": "Migrant workers told the conference about police raids.",
    "vi": "Người lao động di cư ở Việt Nam",
    "en-sw": "Every sex worker in Hong Kong has rights, the worker union says.",
    "mixed": "香港的HIV感染者與外勞",
}


def make_index(folder: Path, analyzer: Any = None) -> Any:
    """A Whoosh index of DOCS whose body field uses the archive analyzer."""
    analyzer = ArchiveAnalyzer() if analyzer is None else analyzer
    schema = Schema(
        id=ID(stored=True, unique=True),
        body=TEXT(analyzer=analyzer, phrase=True, stored=True),
        pinpoint=TEXT(analyzer=analyzer, phrase=True, stored=True, chars=True),
    )
    ix = index.create_in(str(folder), schema)
    with ix.writer() as writer:
        for doc_id, text in DOCS.items():
            writer.add_document(id=doc_id, body=text, pinpoint=text)
    return ix


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The index of DOCS, built once for the module."""
    return make_index(tmp_path_factory.mktemp("ix"))


def found(ix: Any, text: str, field: str = "body") -> set[str]:
    """Ids of the documents a parsed query finds."""
    with ix.searcher() as searcher:
        query = QueryParser(field, ix.schema).parse(text)
        return {hit["id"] for hit in searcher.search(query, limit=None)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("遷移", {"zh-hant"}),
        ("迁移", {"zh-hant"}),
        ("台灣", {"zh-hant", "zh-hans"}),
        ("臺灣", {"zh-hant", "zh-hans"}),
        ("台湾", {"zh-hant", "zh-hans"}),
        ("性工作者", {"zh-hant", "zh-hans"}),
        ("作者", {"zh-hant", "zh-hans"}),
        ("掃蕩", {"zh-hans"}),
        ("警察", {"zh-hans", "ja"}),
        ("外勞", {"mixed"}),
        ("外劳", {"mixed"}),
        ("感染", {"mixed"}),
    ],
)
def test_chinese_words_match_across_scripts(ix: Any, query: str, expected: set[str]) -> None:
    """Two-character words are found in Traditional and Simplified text alike, both ways."""
    assert found(ix, query) == expected


def test_icu_words_alone_miss_a_word_inside_another(tmp_path: Path) -> None:
    """Why bigrams: ICU cuts 性工作者 as 性/工作/者, so 作者 is not a word of that text."""
    icu_only = make_index(tmp_path, ArchiveAnalyzer(bigram_scripts=()))
    assert found(icu_only, "作者") == set()
    assert "作者" in analyze("性工作者", mode="index")


def test_one_character_word_found_where_icu_sees_it_alone(ix: Any) -> None:
    """A one-character query matches where ICU cut that character as a word."""
    assert "的" in analyze("性工作者的遷移", mode="index")
    assert found(ix, "的") == {"zh-hant", "zh-hans", "mixed"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [("ตำรวจ", {"th"}), ("แรงงาน", {"th"}), ("ข้ามชาติ", {"th"}), ("จับกุม", {"th"})],
)
def test_thai_word_found_inside_unspaced_text(ix: Any, query: str, expected: set[str]) -> None:
    """ICU finds Thai words in text written without spaces."""
    assert found(ix, query) == expected


def test_thai_marks_are_kept() -> None:
    """Thai vowel and tone marks are spelling, not accents: they stay in the terms (ICU words by
    default, character pairs when Thai is made a bigram script)."""
    assert analyze("ตำรวจ ข้าม") == ["ตำรวจ", "ข้าม"]  # SARA AM stays one character (NFKC splits it)
    assert "ตา" not in analyze("ตาม")
    assert "\u0e4d" in "".join(analyze("สํสกฤต"))  # NIKHAHIT on its own is kept
    pairs = ArchiveAnalyzer(bigram_scripts=("han", "hangul", "kana", "thai"))
    assert analyze("ตำรวจ ข้าม", analyzer=pairs) == ["ตำ", "ำร", "รว", "วจ", "ข้", "้า", "าม"]


def test_khmer_japanese_korean_segmented(ix: Any) -> None:
    """Khmer and Japanese text is cut into words; Korean stems match inside longer words."""
    assert analyze("ពលករចំណាកស្រុក") == ["ពលករ", "ចំណាកស្រុក"]
    assert found(ix, "ចំណាកស្រុក") == {"km"}
    assert "の" in analyze("外国人労働者の移住", mode="index")
    assert found(ix, "労働者") == {"ja"}
    assert found(ix, "移住") == {"ja"}
    assert found(ix, "노동자") == {"ko"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("worker", {"en", "en-sw"}),
        ("workers", {"en", "en-sw"}),
        ("raid", {"en"}),
        ("migrants", {"en"}),
        ("MIGRANT", {"en"}),
    ],
)
def test_english_stemming(ix: Any, query: str, expected: set[str]) -> None:
    """Plural and singular find each other; case does not matter."""
    assert found(ix, query) == expected


def test_acronyms_are_not_stemmed() -> None:
    """AIDS stays apart from aid."""
    assert analyze("AIDS") == ["aids"]
    assert analyze("aid") == ["aid"]


@pytest.mark.parametrize("query", ["viet nam", "Việt Nam", "VIET NAM", '"viet nam"', "nguoi"])
def test_vietnamese_accent_folding(ix: Any, query: str) -> None:
    """Vietnamese matches with or without its diacritics (đ included)."""
    assert found(ix, query) == {"vi"}
    assert analyze("Đà Nẵng") == ["da", "nang"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"sex worker"', {"en-sw"}),
        ('"sex workers"', {"en-sw"}),
        ('"worker sex"', set()),
        ('"police raids"', {"en"}),
        ('"raids police"', set()),
        ('"sex worker in Hong Kong"', {"en-sw"}),
        # Stop words leave no gap: "of" and "in" are both dropped, so this matches too.
        ('"sex worker of Hong Kong"', {"en-sw"}),
        ('"性工作者的遷移"', {"zh-hant"}),
        ('"性工作者在台湾"', {"zh-hans"}),
        ('"工作者的迁移"', {"zh-hant"}),
        ('"遷移性工作者"', set()),
        ('"HIV 感染"', {"mixed"}),
        ('"HIV感染者"', {"mixed"}),
        ('"香港 HIV"', set()),
        ('"แรงงานข้ามชาติ"', {"th"}),
    ],
)
def test_phrases(ix: Any, query: str, expected: set[str]) -> None:
    """Phrases match in order, across stop words, across Chinese bigrams and mixed scripts."""
    assert found(ix, query) == expected


def test_query_mode_gives_bigrams_only() -> None:
    """Queries keep the pairs a phrase needs; the index also keeps ICU one-character words."""
    assert analyze("性工作者") == ["性工", "工作", "作者"]
    assert analyze("性工作者", mode="index") == ["性", "性工", "工作", "作者", "者"]
    assert analyze("雞") == ["鸡"]


def test_offsets_and_positions_with_astral_characters() -> None:
    """ICU counts UTF-16 units; offsets stay in Python characters past a supplementary character."""
    text = "𠀀𠀁 HIV 遷移"
    tokens = [(t.text, t.startchar, t.endchar) for t in ArchiveAnalyzer()(text, chars=True, mode="index")]
    for term, start, end in tokens:
        assert term in analyze(text[start:end], mode="index")
    assert ("hiv", 3, 6) in tokens


@pytest.fixture(scope="module", params=[False, True], ids=["reanalysed", "stored-offsets"])
def snippet_ix(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """DOCS in an index whose body keeps character offsets, or not (then snippets re-analyse)."""
    schema = Schema(
        id=ID(stored=True), body=TEXT(analyzer=ArchiveAnalyzer(), stored=True, chars=request.param)
    )
    ix = index.create_in(str(tmp_path_factory.mktemp("snippets")), schema)
    with ix.writer() as writer:
        for doc_id, text in DOCS.items():
            writer.add_document(id=doc_id, body=text)
    return ix


@pytest.mark.parametrize(
    ("doc_id", "query", "marked"),
    [
        ("th", "ตำรวจ", "ตำรวจ"),
        ("zh-hant", "工作者", "工作者"),
        ("zh-hant", "台湾", "臺灣"),
        ("zh-hans", "遷移", None),
        ("zh-hans", "性工作者", "性工作者"),
        ("mixed", "感染", "感染"),
        ("vi", "viet", "Việt"),
        ("en-sw", "workers", "worker"),
    ],
)
def test_highlights_mark_the_right_text(snippet_ix: Any, doc_id: str, query: str, marked: str | None) -> None:
    """Snippets (re-analysed or from stored offsets) mark exactly the matching characters, a
    Chinese word's overlapping character pairs as one mark."""
    with snippet_ix.searcher() as searcher:
        parsed = QueryParser("body", snippet_ix.schema).parse(query)
        hits = {hit["id"]: hit.docnum for hit in searcher.search(parsed, limit=None)}
        if marked is None:
            assert doc_id not in hits
            return
        found, _ = snippets(
            searcher.reader(), [(hits[doc_id], DOCS[doc_id])], highlight(parsed, searcher.reader())
        )
    html = found[hits[doc_id]]
    assert {mark.get_text() for mark in BeautifulSoup(html, "html.parser").find_all("mark")} == {marked}
    assert BeautifulSoup(html, "html.parser").get_text() in DOCS[doc_id]


SUBPROCESS = """
import sys
from whoosh import index
from whoosh.qparser import QueryParser
ix = index.open_dir(sys.argv[1])
with ix.searcher() as s:
    for q in sys.argv[2:]:
        print(q, sorted(h["id"] for h in s.search(QueryParser("body", ix.schema).parse(q), limit=None)))
"""


def test_schema_pickles_and_reopens_in_a_fresh_process(tmp_path: Path) -> None:
    """The pickled schema (analyzer included) loads in a new interpreter and still searches."""
    ix = make_index(tmp_path)
    assert pickle.loads(pickle.dumps(ix.schema))["body"].analyzer == ix.schema["body"].analyzer
    ix.close()
    result = subprocess.run(
        [sys.executable, "-c", SUBPROCESS, str(tmp_path), "迁移", "workers", "ตำรวจ"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stdout.splitlines() == ["迁移 ['zh-hant']", "workers ['en', 'en-sw']", "ตำรวจ ['th']"]


def test_custom_stopwords_and_no_stemming() -> None:
    """Stop words come from the caller; stemming can be turned off."""
    analyzer = ArchiveAnalyzer(stopwords={"police"}, stem=False)
    assert analyze("the police workers", analyzer=analyzer) == ["the", "workers"]
    assert analyze("the police workers") == ["polic", "worker"]


def test_phrase_multitoken_query_keeps_chinese_words_whole(tmp_path: Path) -> None:
    """With multitoken_query="phrase" an unspaced Chinese query must match its characters in order."""
    analyzer = ArchiveAnalyzer()
    schema = Schema(
        id=ID(stored=True),
        loose=TEXT(analyzer=analyzer),
        strict=TEXT(analyzer=analyzer, multitoken_query="phrase"),
    )
    ix = index.create_in(str(tmp_path), schema)
    with ix.writer() as writer:
        writer.add_document(id="apart", loose="作者談工作", strict="作者談工作")
        writer.add_document(id="word", loose="工作者", strict="工作者")
    assert found(ix, "工作者", "loose") == {"apart", "word"}
    assert found(ix, "工作者", "strict") == {"word"}


def test_hostile_text_does_not_break_analysis() -> None:
    """Lone surrogates, data blobs, emoji and empty text give sane terms, never an exception."""
    assert analyze("police\udcffraid") == ["polic", "raid"]
    assert analyze("x" * 5000 + " ok") == ["ok"]
    assert analyze("😀 \u200b") == []
    assert analyze("") == []


def test_line_break_inside_chinese_text_is_a_soft_wrap() -> None:
    """Hard-wrapped Chinese text still yields the word cut by the line break, with true offsets."""
    text = "移民性工\n    作者的權利"
    tokens = [(t.text, t.startchar, t.endchar) for t in ArchiveAnalyzer()(text, chars=True, mode="query")]
    assert ("工作", 3, 10) in tokens
    assert analyze(text) == analyze("移民性工作者的權利")
    assert analyze("香港 台灣") == ["香港", "台湾"]  # a space (no line break) still separates


TEXTS = [
    "The police and the visa: it's Weston’s, l’homme, a:b — co-operation, ๒๕๔๔สิ้น and AIDS news.",
    "性工作者 在香港 工作。 雞 and ﾊﾞｲﾄ ビザ 비자 문제",
    "การประชุม ของ ผู้หญิง\nข้ามชาติ 2001",
    "Việt Nam, mại dâm; ｆｕｌｌ width ＡＢＣ, soft\u00adhyphen, zero\u200bwidth",
    "",
    "the of and",
    # spans that are no word (underscores, punctuation) or too long, and stop words around words
    "snake_case __init__ ___ ... (the) " + "x" * 101 + " 42, and " + "y" * 100 + " of the end.",
]


@pytest.mark.parametrize("fieldname", ["title", "body", "authors"])
def test_one_loop_analysis_gives_whoosh_s_postings_and_spelling_words(fieldname: str) -> None:
    """``analysis.index_terms`` (every step of the archive analyzer in one loop) against
    Whoosh's own path: a generator per filter, then Whoosh's grouping by term; on hostile
    texts and the benchmark's generated sections (English, Chinese, Thai)."""
    field = make_schema()[fieldname]
    generated = records(20)
    texts = TEXTS + [r["text"] for r in generated] + [r["title"] for r in generated[::10]]
    for text in texts:
        found = index_terms(field.analyzer, field.format, text)
        assert found is not None
        assert found[0] == list(TEXT.index(field, text)), text
        assert found[1] == sorted(set(TEXT.spellable_words(field, text))), text


def test_other_analyzers_take_whoosh_s_path() -> None:
    schema = make_schema()
    assert index_terms(StandardAnalyzer(), schema["body"].format, "some text") is None
    assert index_terms(ArchiveAnalyzer() | StandardAnalyzer().items[-1], schema["body"].format, "a") is None
    assert index_terms(ArchiveAnalyzer(), schema["key"].format, "a") is None  # no positions
    unstemmed = ArchiveAnalyzer(stem=False)
    found = index_terms(unstemmed, schema["title"].format, "Migrants and migration")
    assert found is not None and found[1] is None
    assert [t for t, *_ in found[0]] == [b"migrants", b"migration"]


def test_a_letter_or_digit_is_what_isalnum_says() -> None:
    """segment._words takes ``str.isalnum`` of a word's first character for the regex
    ``[^\\W_]`` (a letter or digit): the two agree on every code point."""
    letter_or_digit = re.compile(r"[^\W_]")
    assert all(bool(letter_or_digit.match(c)) == c.isalnum() for c in map(chr, range(sys.maxunicode + 1)))


def test_a_short_text_analysed_again_gives_the_same_postings_in_new_values() -> None:
    """SpelledText keeps the postings of short values (headings repeat across documents); each
    posting's value is still a new bytes object, as a fresh analysis gives, since a posting
    block pickles one object given twice as a reference (the files would differ)."""
    field = make_schema()["section"]
    first = field.index("Findings and methods")
    field.index("Another heading between")
    again = field.index("Findings and methods")
    assert again == first == list(TEXT.index(field, "Findings and methods"))
    assert all(a[3] is not b[3] for a, b in zip(first, again, strict=True))
    new_segment()
    assert list(field.spellable_words("Findings and methods")) == ["findings", "methods"]


def test_an_ascii_text_is_cut_without_scanning_for_other_scripts(monkeypatch: pytest.MonkeyPatch) -> None:
    """An ASCII text cannot hold a lone surrogate, SARA AM, a bigram-script or an astral
    character: the tokenizer cuts it without those four scans of the whole text (every body
    of a Latin-script archive, 2 to 3 percent of a full index), into the same pieces."""
    from crossings.search.text import segment

    texts = ["Weston's report: the 3.5% rise (2001-02)\tin\r\nAIDS_cases, l'homme", "", "  ", "a" * 150]
    scripts = segment.DEFAULT_BIGRAM_SCRIPTS
    expected = [(segment.word_spans(t, scripts), segment._cut(t, scripts, False)) for t in texts]

    def scanned(*args: Any) -> None:
        raise AssertionError("an ASCII text was scanned for characters it cannot hold")

    for name in ("compose_am_placed", "has_astral", "_pattern"):
        monkeypatch.setattr(segment, name, scanned)
    monkeypatch.setattr(segment, "_SURROGATE", _Refusing())
    assert [(segment.word_spans(t, scripts), segment._cut(t, scripts, False)) for t in texts] == expected
    assert [p[0] for p in segment._cut("Findings of 2001", scripts, False)] == ["Findings", "of", "2001"]


class _Refusing:
    """A regex stand-in that fails the test when it is used."""

    def search(self, *args: Any) -> None:
        raise AssertionError("an ASCII text was scanned for lone surrogates")

    def sub(self, *args: Any) -> None:
        raise AssertionError("an ASCII text was scanned for lone surrogates")
