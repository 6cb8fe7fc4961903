"""decode_text() returns the right text or says the encoding is uncertain; it never returns mojibake."""

from __future__ import annotations

import re
import unicodedata

import pytest

from crossings.ingest.encodings import decode_text, rtf_to_unicode
from crossings.ingest.errors import IngestError

BIG5 = "香港的性工作者組織紫藤在台灣舉行會議，討論移民性工作者的處境。"
GB = "香港的性工作者组织紫藤在泰国举行会议，讨论移民性工作者的处境。"
THAI = "การประชุมเครือข่ายพนักงานบริการข้ามชาติ"
JAPANESE = "移住セックスワーカーのネットワーク会議について報告します。"
KOREAN = "이주 성노동자 네트워크 회의에 대한 보고서입니다."
ENGLISH = "Migrant workers \u201cwithout papers\u201d \u2014 a caf\u00e9 in Hong Kong\u2019s Wan Chai."
CANTONESE = "佢哋喺香港嘅性工作者團體度講咗好多嘢。"

CASES = [
    (BIG5, "big5", "zh-Hant", "cp950"),
    (GB, "gb18030", "zh-Hans", "gb18030"),
    (THAI, "cp874", "th", "cp874"),
    (JAPANESE, "cp932", "ja", "cp932"),
    (KOREAN, "euc-kr", "ko", "cp949"),
    (ENGLISH, "cp1252", "en", "cp1252"),
]


@pytest.mark.parametrize(("text", "codec", "language", "used"), CASES)
def test_legacy_text_without_declared_encoding(text: str, codec: str, language: str, used: str) -> None:
    assert decode_text(text.encode(codec), language=language, display="reports/a.txt") == (text, used)


@pytest.mark.parametrize(("text", "codec", "language", "used"), CASES)
def test_short_legacy_text(text: str, codec: str, language: str, used: str) -> None:
    short = text[:6]
    decoded, _ = decode_text(short.encode(codec), language=language, display="reports/a.txt")
    assert decoded == short


# More real sentences per legacy encoding, for the sweep over every wrong pairing.
SENTENCES = {
    "big5": [
        BIG5,
        "警察經常以打擊非法入境為名，拘捕在夜總會工作的泰國女性。",
        "許多婦女透過中介來到日本，背負沉重的債務。",
    ],
    "gb18030": [
        GB,
        "警察经常以打击非法入境为名，拘捕在夜总会工作的泰国女性。",
        "许多妇女通过中介来到日本，背负沉重的债务。",
    ],
    "cp874": [THAI, "ตำรวจจับกุมผู้หญิงไทยที่ทำงานในสถานบันเทิง", "หลายคนเดินทางไปญี่ปุ่นผ่านนายหน้าและมีหนี้สินจำนวนมาก"],
    "cp932": [
        JAPANESE,
        "警察はナイトクラブで働くタイ人女性を逮捕した。",
        "多くの女性がブローカーを通じて日本に来て、重い借金を背負っている。",
    ],
    "euc-kr": [
        KOREAN,
        "경찰은 나이트클럽에서 일하는 태국 여성을 체포했다.",
        "많은 여성들이 중개인을 통해 일본에 와서 무거운 빚을 지고 있다.",
    ],
    "cp1252": [ENGLISH, "Police raids \u2013 \u2018rescue\u2019 operations \u2013 left women in debt\u2026"],
}
LANGUAGES = ["zh-Hant", "zh-Hans", "th", "ja", "ko", "en", "vi", "id"]


@pytest.mark.parametrize("codec", sorted(SENTENCES))
@pytest.mark.parametrize("language", LANGUAGES)
def test_never_mojibake(codec: str, language: str) -> None:
    """Whatever the catalog language, the result is the real text or an "encoding uncertain" error.

    From 12 characters up (24 bytes of CJK); shorter samples are covered for the right language below.
    """
    for text in SENTENCES[codec]:
        for sample in (text[:12], text[:16], text):
            try:
                decoded, _ = decode_text(sample.encode(codec), language=language, display="reports/m.txt")
            except IngestError as exc:
                assert str(exc).startswith("reports/m.txt: encoding uncertain: ")
                assert "set the encoding column" in str(exc)
            else:
                assert decoded == sample, f"{codec} text read as {language} came out as {decoded!r}"


@pytest.mark.parametrize(
    ("codec", "language"),
    [("big5", "zh-Hant"), ("gb18030", "zh-Hans"), ("cp874", "th"), ("cp932", "ja"), ("euc-kr", "ko")],
)
def test_short_texts_in_the_right_language(codec: str, language: str) -> None:
    """Six characters (six bytes of Thai, twelve of CJK) are enough when the catalog language is right."""
    for text in SENTENCES[codec]:
        for length in (6, 8, 12):
            assert (
                decode_text(text[:length].encode(codec), language=language, display="r")[0] == text[:length]
            )


def test_too_short_to_tell() -> None:
    with pytest.raises(IngestError, match=r"encoding uncertain: .*too short to tell"):
        decode_text(THAI[:4].encode("cp874"), language="th", display="r")


def test_big5_in_english_catalog_row_is_uncertain() -> None:
    with pytest.raises(IngestError) as caught:
        decode_text(BIG5.encode("big5"), language="en", display="reports/x.txt")
    message = str(caught.value)
    assert message.startswith("reports/x.txt: encoding uncertain: decoded as cp1252 but ")
    assert "; set the encoding column in catalog.csv (charset-normalizer suggests " in message
    assert message.endswith("or check the language column (en)")


def test_gb_bytes_are_not_read_as_big5() -> None:
    with pytest.raises(
        IngestError, match="reads as Simplified Chinese, but the language column says zh-Hant"
    ):
        decode_text(GB.encode("gb2312"), language="zh-Hant", display="reports/x.txt")


def test_big5_bytes_are_not_read_as_gb() -> None:
    with pytest.raises(
        IngestError, match="reads as Traditional Chinese, but the language column says zh-Hans"
    ):
        decode_text(BIG5.encode("big5"), language="zh-Hans", display="reports/x.txt")
    with pytest.raises(IngestError, match=r"decoded as gb18030 \(the encoding column says gb2312\) but"):
        decode_text(BIG5.encode("big5"), declared="gb2312", language="zh-Hant", display="reports/x.txt")


def test_cantonese_needs_hkscs() -> None:
    data = CANTONESE.encode("big5hkscs")
    assert decode_text(data, language="zh-Hant", display="reports/c.txt") == (CANTONESE, "big5hkscs")


@pytest.mark.parametrize(
    ("declared", "codec", "used"),
    [
        ("big5", "big5", "cp950"),
        ("BIG5-HKSCS", "big5hkscs", "big5hkscs"),
        ("gb2312", "gb2312", "gb18030"),
        ("shift_jis", "shift_jis", "cp932"),
        ("euc-kr", "euc-kr", "cp949"),
        ("tis-620", "tis-620", "cp874"),
    ],
)
def test_declared_encoding_uses_the_superset(declared: str, codec: str, used: str) -> None:
    text = {"big5": BIG5, "big5hkscs": BIG5, "gb2312": GB, "shift_jis": JAPANESE, "euc-kr": KOREAN}.get(
        codec, THAI
    )
    language = {"big5": "zh-Hant", "big5hkscs": "zh-Hant", "gb2312": "zh-Hans", "shift_jis": "ja"}.get(
        codec, ""
    )
    language = language or ("ko" if codec == "euc-kr" else "th")
    assert decode_text(text.encode(codec), declared=declared, language=language, display="r/a.txt") == (
        text,
        used,
    )


def test_declared_superset_reads_vendor_characters() -> None:
    # 0x80 is the euro sign in cp874 but undefined in TIS-620 proper; 碁 (F9D6) exists only in cp950.
    assert (
        decode_text(b"\x80 " + THAI.encode("cp874"), declared="tis-620", language="th", display="r")[0][0]
        == "€"
    )
    text = "碁" + BIG5
    assert decode_text(text.encode("cp950"), declared="big5", language="zh-Hant", display="r") == (
        text,
        "cp950",
    )


def test_unknown_declared_encoding() -> None:
    with pytest.raises(IngestError, match=r"r/a\.txt: the encoding column says 'klingon'"):
        decode_text(b"abc\xff", declared="klingon", display="r/a.txt")


@pytest.mark.parametrize("declared", ["rot13", "base64", "hex", "zlib", "uu"])
def test_declared_codec_that_is_not_a_text_encoding(declared: str) -> None:
    """Python knows these codecs but they turn bytes into bytes: the file failed with an internal
    error (LookupError) instead of saying what to put in the column."""
    message = rf"r/a\.txt: the encoding column says '{declared}', which is not a text encoding"
    with pytest.raises(IngestError, match=message):
        decode_text(b"Plain words.\n", declared=declared, display="r/a.txt")
    with pytest.raises(IngestError, match=message.replace("txt", "rtf")):
        rtf_to_unicode(rb"{\rtf1\ansi Plain words.\par}", declared=declared, display="r/a.rtf")


def test_hz_gb2312_is_not_read_as_ascii() -> None:
    """HZ (RFC 1843), how Chinese went through Usenet and mail in the 1990s: 7-bit GB2312 between
    ``~{`` and ``~}``. It is ASCII byte for byte, and came out as ASCII letters."""
    text = "Report, part 2:\n" + GB + "\nEnd of ~~ part.\n"
    data = text.encode("hz")
    assert data.isascii() and b"~{" in data
    assert decode_text(data, language="zh-Hans", display="r/hz.txt") == (text, "hz")
    assert decode_text(data, declared="hz", language="zh-Hans", display="r/hz.txt") == (text, "hz")


def test_tilde_braces_in_other_texts_stay_ascii() -> None:
    latex = b"A formula ~{ab~} and a path ~{xy~}.\n"
    assert decode_text(latex, language="en", display="r/t.txt") == (latex.decode(), "utf-8")
    assert decode_text(latex, language="zh-Hans", display="r/t.txt")[0] == latex.decode()


def test_declared_encoding_that_does_not_fit() -> None:
    with pytest.raises(IngestError, match=r"r/a.txt: the encoding column says utf-8, but byte 0 \(0xad\)"):
        decode_text(BIG5.encode("big5"), declared="utf-8", language="zh-Hant", display="r/a.txt")


@pytest.mark.parametrize(
    ("bom_codec", "name"),
    [("utf-8-sig", "utf-8"), ("utf-16", "utf-16"), ("utf-16-be", "utf-16"), ("utf-32", "utf-32")],
)
def test_byte_order_marks(bom_codec: str, name: str) -> None:
    data = BIG5.encode(bom_codec)
    if bom_codec == "utf-16-be":
        data = b"\xfe\xff" + data
    assert decode_text(data, language="en", display="r/a.txt") == (BIG5, name)


def test_utf8_and_ascii() -> None:
    assert decode_text(THAI.encode(), language="th", display="r") == (THAI, "utf-8")
    assert decode_text(b"plain", language="th", display="r") == ("plain", "utf-8")


def test_utf16_without_bom() -> None:
    text = "Plain report text in UTF-16 without a byte-order mark."
    assert decode_text(text.encode("utf-16-le"), language="en", display="r") == (text, "utf-16-le")


def test_html_meta_charset() -> None:
    page = f'<html><head><meta charset="gb2312"><title>t</title></head><body><p>{GB}</p></body></html>'
    assert decode_text(page.encode("gb2312"), language="zh-Hans", display="r/a.html") == (page, "gb18030")
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
    legacy = f"<html><head>{meta}</head>{JAPANESE}"
    assert decode_text(legacy.encode("cp932"), language="ja", display="r/b.html") == (legacy, "cp932")


def test_html_meta_charset_that_lies_falls_back_to_detection() -> None:
    page = f'<html><head><meta charset="utf-8"></head><body><p>{ENGLISH}</p></body></html>'
    assert decode_text(page.encode("cp1252"), language="en", display="r/a.html") == (page, "cp1252")


def test_markup_does_not_hide_mojibake() -> None:
    tags = "<div class='x'><span>" * 200
    page = f"<html><body>{tags}{BIG5}</body></html>"
    with pytest.raises(IngestError, match="encoding uncertain"):
        decode_text(page.encode("big5"), language="en", display="r/a.html")


def _cp1258(text: str) -> bytes:
    """Encode as a Vietnamese Windows program does: base letters plus combining tone marks."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + tones).encode("cp1258")
    return out


def test_vietnamese_cp1258_is_composed() -> None:
    text = "Người lao động di cư ở Việt Nam gặp nhiều khó khăn."
    assert decode_text(_cp1258(text), language="vi", display="r") == (text, "cp1258")


def test_declared_encoding_of_plain_ascii_needs_no_script() -> None:
    assert decode_text(b"Only English here.", declared="big5", language="zh-Hant", display="r") == (
        "Only English here.",
        "cp950",
    )


def test_utf16_without_bom_in_the_wrong_language_is_not_returned_with_nuls() -> None:
    data = "Plain English text in UTF-16 without a BOM.".encode("utf-16-le")
    try:
        text, _ = decode_text(data, language="th", display="r")
    except IngestError as exc:
        assert "encoding uncertain" in str(exc)
    else:
        assert "\x00" not in text


@pytest.mark.parametrize(
    ("utf8", "legacy", "codec", "language", "script", "declared"),
    [
        ("Café du Nord.", "Café du Sud.", "cp1252", "fr", "Latn", ""),
        ("Un café à Hong Kong, été 2001.", "Un café à Bangkok, en 2001.", "cp1252", "fr", "Latn", ""),
        ("Un café à Hong Kong, été 2001.", "Un café à Bangkok, en 2001.", "cp1252", "fr", "Latn", "cp1252"),
        ("Встреча в Бангкоке прошла в мае.", "Доклад о работе сети мигрантов.", "cp1251", "ru", "Cyrl", ""),
        (ENGLISH, "Notes \u201cfrom the field\u201d \u2014 Wan Chai.", "cp1252", "en", "Latn", ""),
    ],
)
def test_text_mixing_utf8_and_a_legacy_encoding_is_refused(
    utf8: str, legacy: str, codec: str, language: str, script: str, declared: str
) -> None:
    """Two texts pasted together, one saved as UTF-8 and one in a legacy code page: decoded whole
    in the code page, the UTF-8 line came out as mojibake ("CafÃĐ") and the file was converted, or
    it was refused as "encoding uncertain" with advice to set the encoding column, which cannot help."""
    data = b"Title\n\n" + (utf8 + "\n").encode() * 3 + (legacy + "\n").encode(codec) * 3
    expected = r"r/m\.txt: the text mixes encodings: line 3 is UTF-8, line 6 is not"
    with pytest.raises(IngestError, match=expected):
        decode_text(data, declared=declared, language=language, script=script, display="r/m.txt")
    head = b'<html><head><meta charset="' + codec.encode() + b'"></head><body>\n<p>'
    html = head + data + b"</p></body></html>"
    with pytest.raises(IngestError, match=r"the text mixes encodings"):
        decode_text(html, language=language, script=script, display="r/m.html")


@pytest.mark.parametrize(
    ("data", "language", "declared", "expected"),
    [
        (
            (CANTONESE + "\n" + BIG5).encode()[:-2],
            "zh-Hant",
            "",
            r"ends in the middle of a character at byte 148 \(line 2\)",
        ),
        ((THAI + "\n").encode()[:-3], "th", "", r"ends in the middle of a character at byte 114 \(line 1\)"),
        (
            (THAI + "\n" + THAI).encode()[:-1],
            "th",
            "utf-8",
            r"ends in the middle of a character at byte 232 \(line 2\)",
        ),
        (
            "Un café à Hong Kong, été 2001.\nUn été\n".encode().replace(
                b"\xc3\xa9t\xc3\xa9\n", b"\xe9t\xc3\xa9\n"
            ),
            "fr",
            "",
            r"damaged at byte 38 \(line 2\): byte 0xe9",
        ),
        (
            (KOREAN + "\n").encode() + b"\xff" + KOREAN.encode(),
            "ko",
            "",
            r"damaged at byte 70 \(line 2\): byte 0xff",
        ),
        (
            b"\xef\xbb\xbf" + (JAPANESE + "\n").encode() * 2 + b"\x80",
            "ja",
            "",
            r"damaged at byte 179 \(line 3\): byte 0x80",
        ),
    ],
    ids=["cut-chinese", "cut-thai", "cut-declared", "stray-latin1", "stray-ff", "bom-stray"],
)
def test_damaged_utf8_is_named_as_such(data: bytes, language: str, declared: str, expected: str) -> None:
    """A UTF-8 text cut off mid-character, or with a stray byte, was refused with advice to set the
    encoding column "e.g. tis-620" (or read as mojibake): it is UTF-8, damaged at one place."""
    with pytest.raises(IngestError, match=r"^r/d\.txt: the text is UTF-8 but " + expected) as failure:
        decode_text(data, declared=declared, language=language, display="r/d.txt")
    message = str(failure.value)
    assert "tis-620" not in message and "set the encoding column" not in message
    assert "replace the file" in message or "replace it" in message


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("DateTime,Bid,Ask\n07/19/2015 21:00:20.310,1.08307,1.08353\n", "en"),
        (KOREAN, "ko"),
        (BIG5, "zh-Hant"),
        ("<html><body><p>\U0001d49c plane 1 letters \U0001d4b7</p></body></html>", "en"),
    ],
)
@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_utf32_without_bom_is_read_as_utf32(text: str, language: str, codec: str) -> None:
    """BOM-less UTF-32 has the zeros of UTF-16 too: read as UTF-16 it was published with a NUL
    between every two characters (chardet's nobom-utf32le.txt, plane1-utf-32le.html)."""
    assert decode_text(text.encode(codec), language=language, display="r/a.txt") == (text, codec)


def test_declared_utf16_on_utf32_bytes_is_refused() -> None:
    data = "Report of the Bangkok meeting.".encode("utf-32-le")
    with pytest.raises(IngestError, match=r"^r/a\.txt: decoded as utf-16 .*NUL.*encoding column"):
        decode_text(data, declared="utf-16", language="en", display="r/a.txt")


# Short notices as 2001 offices wrote them, with the signs of their national character set
# (KS X 1001, Big5, GB2312, JIS X 0208 rows 1-2 and 8): stars, hearts, ㈜ for "company", ㎡, ℃, ①.
SIGNS = [
    (
        "ko",
        "euc-kr",
        "㈜한국노동 ☆ 2001년 보고서 ☆\n면적 120㎡, 온도 25℃, 무게 3㎏\n♡ 감사합니다 ♡ ※ 참고 ☎ 02-123\n",
    ),
    (
        "ko",
        "johab",
        "㈜한국노동 ☆ 2001년 보고서 ☆\n면적 120㎡, 온도 25℃, 무게 3㎏\n♡ 감사합니다 ♡ ※ 참고 ☎ 02-123\n",
    ),
    ("ko", "cp949", "㉠ 회의 일정 ㉡ 참가자 명단 ㉢ 예산 ★★★ → 다음 회의 ♣\n"),
    (
        "zh-Hant",
        "big5hkscs",
        "★ 香港性工作者組織 ★ 2001年報告\n面積 120㎡，溫度 25℃ ☆ 會議 → 灣仔 ※ 請注意 ♀♂\n",
    ),
    ("ja", "cp932", "★会議のお知らせ★ ㈱東京 面積120㎡ ♪ 〒100-0001 ☆ ①②③ ※注意\n"),
    ("zh-Hans", "gbk", "★ 会议通知 ★ 面积120㎡ 温度25℃ ☆ №3 ① ② ③ ※ 请注意 ♀♂ §2\n"),
]


@pytest.mark.parametrize("declared", [False, True], ids=["detected", "encoding-column"])
@pytest.mark.parametrize(("language", "codec", "text"), SIGNS)
def test_signs_of_the_national_character_sets_are_not_foreign_letters(
    language: str, codec: str, text: str, declared: bool
) -> None:
    """Such signs counted as letters of another script: a notice was refused as "only 70% of letters
    are Hangul", even with the right encoding column, and the editor could do nothing about it."""
    got, _ = decode_text(
        text.encode(codec), declared=codec if declared else "", language=language, display="r"
    )
    assert got == text


CUT = r"ends in the middle of a character at byte (\d+) \(line \d\): the file was cut off"


@pytest.mark.parametrize(
    ("text", "codec", "language", "declared"),
    [
        (BIG5, "big5", "zh-Hant", ""),
        (BIG5, "big5", "zh-Hant", "big5"),
        (CANTONESE, "big5hkscs", "yue", ""),
        (GB, "gb18030", "zh-Hans", ""),
        (GB, "gb2312", "zh-Hans", "gb2312"),
        (JAPANESE, "shift_jis", "ja", ""),
        (JAPANESE, "euc_jp", "ja", "euc-jp"),
        (KOREAN, "euc_kr", "ko", ""),
        (KOREAN, "johab", "ko", "johab"),
        (ENGLISH, "utf-16-le", "en", ""),
        (f"Report 2001\n{BIG5}\n", "utf-16-be", "zh-Hant", ""),
        (BIG5, "utf-16", "zh-Hant", ""),
    ],
)
def test_legacy_text_cut_off_in_a_character_is_named_as_such(
    text: str, codec: str, language: str, declared: str
) -> None:
    """A 2001 upload that stopped inside a double-byte character was "encoding uncertain", with
    advice to set an encoding column that cannot mend it (or, declared, "not valid big5")."""
    # The last character (文, two bytes in every one of these code pages) loses its second byte.
    data = (text if codec.startswith("utf-16") else text + "\u6587").encode(codec)[:-1]
    with pytest.raises(IngestError) as caught:
        decode_text(data, declared=declared, language=language, display="r/cut.txt")
    message = str(caught.value)
    assert message.startswith("r/cut.txt: the text reads as "), message
    found = re.search(CUT, message)
    assert found and int(found.group(1)) >= len(data) - 3, message
    assert "ask the contributor for the whole file again" in message
    assert "encoding column" not in message


@pytest.mark.parametrize(
    ("text", "language", "charset"),
    [
        ("Die Tagung in Bangkok war ein großer Erfolg für alle Beteiligten.", "de", "windows-1252"),
        ("Réunion à Bangkok : un grand succès.", "fr", "iso-8859-1"),
        (GB, "zh-Hans", "gb2312"),
    ],
)
def test_utf8_page_whose_meta_names_a_legacy_charset_is_read_as_utf8(
    text: str, language: str, charset: str
) -> None:
    """A page saved again as UTF-8 keeps its old <meta charset>: read as that charset, the German
    page was published as "groÃŸer Erfolg fÃ¼r" (the text too short for the check to see it)."""
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    page = f"<html><head>{meta}</head><body><p>{text}</p></body></html>"
    assert decode_text(page.encode("utf-8"), language=language, display="r/a.html") == (page, "utf-8")


@pytest.mark.parametrize(
    ("text", "language", "codec"),
    [
        ("Setkání sítě v Bangkoku proběhlo v březnu. Účastnice z Česka představily zprávu.", "cs", "cp1250"),
        ("Bangkok'taki ağ toplantısı mart ayında yapıldı. Katılımcılar rapor sundu.", "tr", "cp1254"),
    ],
)
def test_meta_charset_of_another_code_page_of_the_script_does_not_win(
    text: str, language: str, codec: str
) -> None:
    """A page written in cp1250 under a template's <meta charset=windows-1252>: the meta's decode
    passed the check (too few accented letters for their frequency to count) and was published as
    "Setkání sítì v Bangkoku probìhlo v bøeznu". The language's own code page reads it better."""
    page = f'<html><head><meta charset="windows-1252"></head><body><p>{text}</p></body></html>'
    assert decode_text(page.encode(codec), language=language, display="r/a.html") == (page, codec)
