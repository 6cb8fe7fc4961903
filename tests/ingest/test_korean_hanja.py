"""Korean written with Hanja is Korean: no Hanja word is marked as Chinese, whatever script the
archive's languages.csv gives Korean, in a Korean document or in a Korean passage of another.
And the language check reads the whole text, not its beginning. Sample text written here."""

from __future__ import annotations

import io
from pathlib import Path

import docx

from crossings.ingest.passages import mark_passages
from crossings.ingest.scripts import SAMPLE_CHARS, check_script, sample_of
from tests.ingest.archives import ingest, make_archive, row

KOREAN_WITH_HANJA = "대한민국 憲法 第一條는 국민의 권리를 말한다."
HANJA_HEAVY = "大韓民國 憲法 第一條 大韓民國은 民主共和國이다."
CHINESE = "我們不是罪犯"
JAPANESE = "移住労働者の女性たちは、借金と在留資格の問題に苦しんでいると報告書は述べている。"


def test_a_korean_document_marks_no_hanja_whatever_its_script_column() -> None:
    for script in ("", "Kore", "Hang"):
        assert "{lang}" not in mark_passages(KOREAN_WITH_HANJA, "ko", script), script


def test_a_korean_quote_with_hanja_is_one_korean_passage() -> None:
    marked = mark_passages(f"The report says ({KOREAN_WITH_HANJA[:-1]}) in Korean.", "en")
    assert marked == f"The report says ({{lang}}`{KOREAN_WITH_HANJA[:-1]} <ko>`) in Korean."


def test_a_paragraph_mostly_of_hanja_is_korean_when_it_has_hangul() -> None:
    assert mark_passages(HANJA_HEAVY, "en").splitlines()[0] == "```{lang} ko"


def test_korean_inside_chinese_is_korean_and_chinese_stays_chinese() -> None:
    marked = mark_passages(f"香港的報告說：{KOREAN_WITH_HANJA[:-1]}。我們同意。", "zh-Hant")
    assert f"{{lang}}`{KOREAN_WITH_HANJA[:-1]}。 <ko>`" in marked and "zh-Hant" not in marked
    assert (
        mark_passages(f"They said {CHINESE} twice.", "en")
        == f"They said {{lang}}`{CHINESE} <zh-Hant>` twice."
    )


def test_ingest_tags_a_korean_word_file_with_hanja_korean(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(KOREAN_WITH_HANJA)
    document.add_paragraph(HANJA_HEAVY)
    buffer = io.BytesIO()
    document.save(buffer)
    root = make_archive(
        tmp_path / "archive", {"ko.docx": buffer.getvalue()}, [row("ko.docx", "ko-law", language="ko")]
    )
    languages = root / "vocabularies" / "languages.csv"
    text = languages.read_text("utf-8")
    assert "\nko,Kore," in text
    languages.write_text(
        text.replace("\nko,Kore,", "\nko,Hang,"), encoding="utf-8"
    )  # as an editor may write it
    assert ingest(root).exit_code == 0
    body = (root / "source" / "documents" / "ko-law.md").read_text("utf-8")
    assert "憲法 第一條" in body and "{lang}" not in body and "zh-Hant" not in body


def test_the_language_check_reads_the_end_of_a_long_text() -> None:
    preface = "This English preface explains the sources and the method of the report. " * 2000
    text = preface + JAPANESE * 40
    assert len(preface) > 2 * SAMPLE_CHARS
    assert not check_script(text[:SAMPLE_CHARS], "ja").ok  # the beginning alone would refuse it
    assert check_script(text, "ja").ok
    sample = sample_of(text)
    assert sample.startswith(text[:100]) and sample.endswith(text[-100:])
