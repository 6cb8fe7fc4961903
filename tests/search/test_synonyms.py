"""Synonym groups: parsing, errors naming file and line, expansion across languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index
from whoosh import query as wq
from whoosh.fields import ID, TEXT, Schema

from crossings.errors import CrossingsError
from crossings.search.text.analysis import ArchiveAnalyzer, analyze
from crossings.search.text.synonyms import Synonyms

GROUPS = """\
# comment line
sex worker,sex workers,性工作者,性工作者,พนักงานบริการ
police,警察,ตำรวจ
"Hong Kong, China",Hong Kong,香港

migrant worker,移工,外籍勞工,แรงงานข้ามชาติ
"""


@pytest.fixture
def synonyms(tmp_path: Path) -> Synonyms:
    """The groups above, read from a file."""
    path = tmp_path / "synonyms.csv"
    path.write_text(GROUPS, encoding="utf-8")
    return Synonyms.load(path)


def test_groups_are_read_with_their_lines(synonyms: Synonyms) -> None:
    """Comments and blank lines are skipped; duplicates within a group are dropped."""
    assert [group.line for group in synonyms.groups] == [2, 3, 4, 6]
    assert synonyms.groups[0].texts == ("sex worker", "sex workers", "性工作者", "พนักงานบริการ")
    assert synonyms.groups[2].texts[0] == "Hong Kong, China"


def test_expand_gives_analysed_alternatives(synonyms: Synonyms) -> None:
    """A term or phrase of one language expands to the others, multi-word ones as phrases."""
    thai = tuple(analyze("พนักงานบริการ"))  # ICU words, as the index holds Thai
    assert synonyms.expand(["sex", "worker"]) == [("性工", "工作", "作者"), thai]
    assert synonyms.expand(analyze("性工作者")) == [("sex", "worker"), thai]
    assert synonyms.expand("polic") == [("警察",), tuple(analyze("ตำรวจ"))]
    assert synonyms.expand(analyze("外籍劳工"))[0] == ("migrant", "worker")
    assert synonyms.expand(["nothing"]) == []


def test_alternatives_as_written(synonyms: Synonyms) -> None:
    """Raw or analysed query text gives the other terms as the editors wrote them, once per meaning."""
    assert synonyms.alternatives("Sex Workers") == ["性工作者", "พนักงานบริการ"]
    assert synonyms.alternatives("性工 工作 作者") == ["sex worker", "พนักงานบริการ"]
    assert synonyms.alternatives("警察") == ["police", "ตำรวจ"]


def test_matches_find_groups_inside_a_query(synonyms: Synonyms) -> None:
    """Runs of query terms are matched longest first."""
    found = synonyms.matches(analyze("abuse of migrant workers by police in Hong Kong"))
    assert [(m.start, m.end) for m in found] == [(1, 3), (3, 4), (4, 6)]
    assert ("香港",) in found[2].alternatives


def test_english_synonym_finds_chinese_and_thai_documents(tmp_path: Path, synonyms: Synonyms) -> None:
    """An OR of the query and its expansions finds documents in the other languages."""
    analyzer = ArchiveAnalyzer()
    ix = index.create_in(str(tmp_path), Schema(id=ID(stored=True), body=TEXT(analyzer=analyzer, phrase=True)))
    with ix.writer() as writer:
        writer.add_document(id="zh", body="移民性工作者的權利")
        writer.add_document(id="th", body="สิทธิของพนักงานบริการในประเทศไทย")
        writer.add_document(id="en", body="Rights of sex workers")
        writer.add_document(id="other", body="工作者 sex")
    terms = analyze("sex worker")
    alternatives = [terms, *synonyms.expand(terms)]
    query = wq.Or([wq.Phrase("body", list(t)) if len(t) > 1 else wq.Term("body", t[0]) for t in alternatives])
    with ix.searcher() as searcher:
        assert {hit["id"] for hit in searcher.search(query)} == {"zh", "th", "en"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("lonely", "at least two different terms"),
        ("same,same", "at least two different terms"),
        ('"unclosed,quote', "not a CSV line"),
        ("police,the", "no searchable word"),
        ("police,!!!", "no searchable word"),
    ],
)
def test_bad_line_names_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    """A bad group stops loading with the file, the line number and what to fix."""
    path = tmp_path / "synonyms.csv"
    path.write_text(f"# header\nsex worker,性工作者\n{line}\n", encoding="utf-8")
    with pytest.raises(CrossingsError, match=message) as caught:
        Synonyms.load(path)
    assert f"{path}:3:" in str(caught.value)


def test_not_utf8_is_an_error(tmp_path: Path) -> None:
    """A file in a legacy encoding is refused with its name."""
    path = tmp_path / "synonyms.csv"
    path.write_bytes("警察,police\n".encode("big5"))
    with pytest.raises(CrossingsError, match="not UTF-8"):
        Synonyms.load(path)
