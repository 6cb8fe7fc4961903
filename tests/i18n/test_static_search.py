"""The static search language: ICU words, Han bigrams, English stemming for ASCII words only."""

from __future__ import annotations

from crossings.sphinx.static_search import IcuSearch, index_terms, search_language


def test_han_runs_become_characters_and_bigrams() -> None:
    assert list(index_terms("移民工人")) == ["移", "民", "工", "人", "移民", "民工", "工人"]


def test_thai_is_split_into_words() -> None:
    terms = list(index_terms("แรงงานข้ามชาติต้องการบริการสุขภาพ"))
    assert "สุขภาพ" in terms
    assert "แรงงาน" in terms


def test_mixed_text_keeps_english_words() -> None:
    terms = list(index_terms("HIV 檢測 for workers"))
    assert terms[0] == "HIV"
    assert "檢測" in terms
    assert "workers" in terms


def test_stemming_touches_ascii_words_only() -> None:
    search = IcuSearch({})
    assert search.stem("workers") == "worker"
    assert search.stem("สุขภาพ") == "สุขภาพ"


def test_latin_words_lose_their_accents_as_the_browser_folds_them() -> None:
    search = IcuSearch({})
    assert search.stem("mại") == search.stem("MAI") == "mai"
    assert search.stem("Đông") == "dong"
    assert search.stem("สุขภาพ") == "สุขภาพ"  # Thai marks are spelling, not accents
    assert "crossingsFold" in IcuSearch.js_stemmer_code


def test_language_classes_are_registered_under_sphinx_codes() -> None:
    cls = search_language("zh_TW")
    assert cls.lang == "zh_TW"
    assert "Intl.Segmenter" in cls.js_splitter_code
    assert "EnglishStemmer" in cls.js_stemmer_code
