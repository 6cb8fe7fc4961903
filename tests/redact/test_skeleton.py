"""The skeleton matcher (crossings.redact.skeleton) and source replacement (crossings.redact.markdown)."""

from __future__ import annotations

import random
import unicodedata

import pytest

from crossings.redact import RedactedName, redact_text
from crossings.redact.markdown import code_regions, replace_matches, url_regions
from crossings.redact.skeleton import Pattern, Skeleton, find, fold_cluster, skeleton

NAMES = [
    Pattern.of("Wanida N-Phorn"),
    Pattern.of("陳樣本"),
    Pattern.of("สมศรี ใจดี"),
    Pattern.of("José Nguyễn"),
    Pattern.of("Mary O'Sample"),
    Pattern.of("衛美樣"),  # Hong Kong writes 衛 as 衞
]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("We met *Wanida* N-Phorn.", "Wanida* N-Phorn"),
        ("Wani\u00adda N\u200b-Phorn", "Wani\u00adda N\u200b-Phorn"),
        ("Ｗａｎｉｄａ N‐Phorn", "Ｗａｎｉｄａ N‐Phorn"),
        ("Wanida N-Pho&#114;n", "Wanida N-Pho&#114;n"),
        ("Wanida N-Pho&#x72;n", "Wanida N-Pho&#x72;n"),
        (r"Wanida N\-Phorn", r"Wanida N\-Phorn"),
        ("https://x.org/Wanida%20N-Phorn", "Wanida%20N-Phorn"),
        ("?q=Wanida+N-Phorn&x=1", "Wanida+N-Phorn"),
        ("WANIDA\nN–PHORN", "WANIDA\nN–PHORN"),
        ("他說陳 樣本好", "陳 樣本"),
        ("見到陳樣本。", "陳樣本"),
        ("พบสมศรีใจดีที่ศูนย์", "สมศรีใจดี"),
        ("Jose\u0301 Nguyen", "Jose\u0301 Nguyen"),
        ("Mary O’Sample’s notes", "Mary O’Sample"),
        ("Wanida N-Phorn’s", "Wanida N-Phorn"),
        ("Sai \u202eWanida N-Phorn", "Wanida N-Phorn"),
        # Letters and marks that are never shown (grapheme joiner, variation selectors, fillers).
        ("Wa\u034fnida N-Ph\ufe0forn", "Wa\u034fnida N-Ph\ufe0forn"),
        ("Wan\u3164ida N-Pho\U000e0100rn", "Wan\u3164ida N-Pho\U000e0100rn"),
        ("สมศรี\u17b4ใจดี", "สมศรี\u17b4ใจดี"),
        # A formula spells it between TeX commands; JSON writes it as \\u escapes.
        (r"$\mathrm{Wa}\mathrm{nida}\ \text{N-Phorn}$", r"Wa}\mathrm{nida}\ \text{N-Phorn"),
        ('"\\u9673\\u6a23\\u672c"', "\\u9673\\u6a23\\u672c"),
        ('"Jos\\u00e9 Nguy\\u1ec5n"', "Jos\\u00e9 Nguy\\u1ec5n"),
    ],
)
def test_a_name_is_found_however_it_is_written(text: str, found: str) -> None:
    (match,) = find(text, NAMES)
    assert text[match.start : match.end] == found


@pytest.mark.parametrize("text", ["XWanida N-Phorn", "Wanida N-Phorns", "José Nguyễnx", "陳樣"])
def test_names_of_spaced_scripts_match_whole_words_only(text: str) -> None:
    assert find(text, NAMES) == []


@pytest.mark.parametrize(
    "text",
    [
        "2001Wanida N-Phorn",
        "Wanida N-Phorn2001",
        "陈样本",
        "Wаnida N-Phorn",
        "陳樣本",
        "衞美樣",
        "ᴡᴀɴɪᴅᴀ ɴ-ᴘʜᴏʀɴ",  # small capitals
        "Wanida N-Phօrn",  # Armenian o
        "Wɑnidɑ N-Phorn",  # script a
        "Wа́nida N-Phorn",  # a Cyrillic a with an accent, as a Latin one
        "José Nguyễn".replace("o", "ᴏ"),
    ],
)
def test_digits_simplified_characters_and_lookalike_letters_do_not_hide_a_name(text: str) -> None:
    assert len(find(text, NAMES)) == 1


def test_overlapping_names_are_withheld_as_one() -> None:
    names = [Pattern.of("Ann Overlap"), Pattern.of("Overlap Wong")]
    (match,) = find("the pair Ann Overlap Wong came", names)
    assert (match.start, match.end) == (9, 25)


def test_thai_marks_in_either_order_are_one_name() -> None:
    assert len(find("พบ นํ้ าผึ้ง ที่", [Pattern.of("น้ำผึ้ง")])) == 1  # as pdftotext writes SARA AM


def test_a_latin_name_beside_chinese_or_thai_text_is_a_whole_word() -> None:
    assert len(find("我們見到Wanida N-Phorn了", NAMES)) == 1
    assert len(find("พบWanida N-Phornที่", NAMES)) == 1


def test_too_short_names_are_refused() -> None:
    with pytest.raises(ValueError, match="fewer than two letters"):
        Pattern.of("A.")


def _slow_skeleton(text: str) -> Skeleton:
    """A reference skeleton: every character through the cluster path, no fast ASCII runs."""
    starts: list[int] = []
    ends: list[int] = []
    pieces = []
    index = 0
    while index < len(text):
        end = index + 1
        while end < len(text) and unicodedata.category(text[end])[0] == "M":
            end += 1
        folded = fold_cluster(text[index:end])
        pieces.append(folded)
        starts += [index] * len(folded)
        ends += [end] * len(folded)
        index = end
    return Skeleton("".join(pieces), starts, ends)


@pytest.mark.parametrize("seed", range(20))
def test_the_fast_ascii_path_agrees_with_the_reference(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = [*"abcXYZ019 -_.,*'", "\u0301", "\u0308", "é", "ก", "\u0e48", "陳", "\u00ad", "ｗ", "ß", "İ"]
    text = "".join(rng.choice(alphabet) for _ in range(200))
    fast, slow = skeleton(text), _slow_skeleton(text)
    assert (fast.text, fast.starts, fast.ends) == (slow.text, slow.starts, slow.ends)


def test_markdown_replacement_keeps_the_page_well_formed() -> None:
    text = (
        "We met *Wanida* N-Phorn and **Wanida** N-Phorn.\n\n"
        "| First | Last |\n|---|---|\n| Wanida | N-Phorn |\n\n"
        "[site](https://x.org/Wanida%20N-Phorn) `Wanida N-Phorn`\n\n"
        "```{figure} pics/Wanida_N-Phorn.png\n:alt: Wanida N-Phorn\n\nCaption by Wanida N-Phorn.\n```\n"
    )
    out, replaced = replace_matches(text, find(text, NAMES), "[name withheld]")
    assert "Wanida" not in out and "Phorn" not in out
    assert "We met \\[name withheld\\] and \\[name withheld\\]." in out  # no stray * left
    assert "| \\[name withheld\\] | \\[name withheld\\] |" in out  # the row keeps its cells
    assert "(https://x.org/withheld)" in out and "`[name withheld]`" in out
    assert "```{figure} pics/withheld.png" in out and ":alt: [name withheld]" in out
    assert "Caption by \\[name withheld\\]." in out
    assert [r.in_url for r in replaced].count(True) == 2


def test_regions_tell_urls_and_code_from_text() -> None:
    text = "See [a](https://e.org/x) and `code` then\n\n```python\nx = 1\n```\n"
    urls = [text[a:b] for a, b in url_regions(text)]
    code = [text[a:b] for a, b in code_regions(text)]
    assert "](https://e.org/x" in urls
    assert "`code`" in code and any(c.startswith("```python") for c in code)


def test_one_mark_withholds_the_name_everywhere_in_the_document_only() -> None:
    text = "First {redact}`Somchai Example`.\n\nLater *Somchai* Example and SOMCHAI EXAMPLE.\n"
    out, log = redact_text(text, "doc", [], public=True)
    assert "Somchai" not in out and "SOMCHAI" not in out
    assert [entry.kind for entry in log] == ["role", "list", "list"]
    assert {entry.rule for entry in log} == {"{redact}", "{redact} elsewhere in the document"}
    listed = [RedactedName("Somchai Example", ("other",), 1)]
    assert redact_text("Somchai Example", "doc", listed, public=True)[0] == "Somchai Example"
