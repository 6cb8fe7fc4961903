"""Encodings Python lacks (VISCII, TCVN 5712, EUC-TW) decoded through the C library's iconv."""

from __future__ import annotations

import pytest

from crossings.ingest.encodings import decode_text

VIETNAMESE = "Chữ Quốc ngữ là hệ chữ viết thống nhất của tiếng Việt, mỗi năm học sinh đều học nó."
CHINESE = "移民性工作者需要一個互相支援的網絡，大家在會議上分享各地的經驗。"


def iconv_bytes(text: str, name: str) -> bytes:
    import subprocess

    return subprocess.run(
        ["iconv", "-f", "UTF-8", "-t", name], input=text.encode(), capture_output=True, check=True
    ).stdout


@pytest.mark.parametrize(("name", "codec"), [("VISCII", "viscii"), ("TCVN5712-1", "tcvn5712_1")])
def test_vietnamese_legacy_text_decodes_when_the_column_names_it(name: str, codec: str) -> None:
    text, used = decode_text(iconv_bytes(VIETNAMESE, name), declared=codec, language="vi", display="a.txt")
    assert text == VIETNAMESE and used == codec


def test_viscii_is_detected_and_not_taken_for_tcvn() -> None:
    text, used = decode_text(iconv_bytes(VIETNAMESE * 3, "VISCII"), language="vi", display="a.txt")
    assert (text, used) == (VIETNAMESE * 3, "viscii")


def test_euc_tw_is_detected_for_traditional_chinese() -> None:
    text, used = decode_text(iconv_bytes(CHINESE * 3, "EUC-TW"), language="zh-Hant", display="a.txt")
    assert (text, used) == (CHINESE * 3, "euc_tw")


def test_bytes_iconv_rejects_say_where() -> None:
    with pytest.raises(UnicodeDecodeError) as caught:
        b"\x8e\xff\xff\xff".decode("euc_tw")
    assert caught.value.start == 0
