"""mark_passages: passages in another script get {lang} markup; everything else is left alone."""

from __future__ import annotations

from crossings.ingest.passages import han_language, mark_passages


def test_chinese_quotation_in_english_is_wrapped_inline() -> None:
    text = "A worker said 「我們不是罪犯」 to the police."
    assert mark_passages(text, "en") == "A worker said {lang}`「我們不是罪犯」 <zh-Hant>` to the police."


def test_whole_paragraph_in_another_script_becomes_a_directive() -> None:
    text = "Intro in English.\n\n她們說：我們需要更多的支持和保護，不是懲罰。\n\nBack to English."
    marked = mark_passages(text, "en")
    assert "```{lang} zh-Hant\n她們說：我們需要更多的支持和保護，不是懲罰。\n```" in marked
    assert marked.startswith("Intro in English.\n\n")


def test_simplified_and_thai_runs_get_their_own_tags() -> None:
    marked = mark_passages("network, 网络 and เครือข่าย here", "en")
    assert "{lang}`网络 <zh-Hans>`" in marked
    assert "{lang}`เครือข่าย <th>`" in marked


def test_text_in_the_document_language_is_unchanged() -> None:
    text = "# 移民工人\n\n移民工人在香港面對很多困難。The police came.\n"
    assert mark_passages(text, "zh-Hant") == text


def test_english_paragraph_in_a_chinese_document_is_marked() -> None:
    text = "移民工人在香港面對很多困難。\n\nThe network will meet again next year in Bangkok.\n"
    assert "```{lang} en\nThe network will meet again next year in Bangkok.\n```" in mark_passages(
        text, "zh-Hant"
    )


def test_code_links_and_existing_markup_are_left_alone() -> None:
    text = "```\n代码块\n```\n\nSee `代碼` and [link](https://example.org/中文) and {lang}`中文 <zh-Hant>`.\n"
    assert mark_passages(text, "en") == text


def test_short_runs_and_latin_words_in_cjk_text_are_not_marked() -> None:
    assert mark_passages("The word 雞 alone.", "en") == "The word 雞 alone."
    assert mark_passages("香港的 HIV 服務很重要。", "zh-Hant") == "香港的 HIV 服務很重要。"


def test_han_language_tells_traditional_from_simplified() -> None:
    assert han_language("這個網絡", "en") == "zh-Hant"
    assert han_language("这个网络", "en") == "zh-Hans"
    assert han_language("中文", "zh-Hans") == "zh-Hans"  # the same in both: the document's variant
