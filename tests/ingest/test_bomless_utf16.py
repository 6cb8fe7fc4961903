"""UTF-16 without a byte order mark is read even when the text is mostly Chinese or Thai, whose
characters have no zero byte: the few ASCII characters (markup, spaces) show the pattern."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossings.catalog.model import DocumentMeta
from crossings.ingest.convert import convert
from crossings.ingest.errors import IngestError
from crossings.ingest.sniff import sniff

ZH = "移工姊妹在香港的工作與生活情況報告。我們訪問了很多在香港工作的外籍家庭傭工，記錄她們的處境。" * 3
TH = "รายงานสถานการณ์แรงงานข้ามชาติในประเทศไทย การประชุมเครือข่ายพนักงานบริการ" * 3


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    ("name", "text", "language"),
    [
        ("page.html", f"<html><body><p>{ZH}</p></body></html>", "zh-Hant"),
        ("notes.txt", f"{ZH}\n\n{ZH}\n", "zh-Hant"),
        ("thai.html", f"<html><body><p>{TH}</p></body></html>", "th"),
    ],
)
def test_bomless_utf16_is_read(name: str, text: str, language: str, codec: str, tmp_path: Path) -> None:
    meta = DocumentMeta(id="u16", title="UTF-16", type="paper", file=name, language=language)
    data = text.encode(codec)
    body = convert(data, tmp_path, f"reports/{name}", meta, now="2001-01-01T00:00:00Z").body
    assert (ZH if language == "zh-Hant" else TH) in body.replace("\n", "")


# 一 (U+4E00) has a zero byte too, as often as the line breaks: zeros in both bytes of the pairs
ONE = "這是一個繁體中文的測試文件，用於檢查一下編碼的處理是否正確。\n" * 8


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_chinese_with_frequent_u_xx00_is_read(codec: str, tmp_path: Path) -> None:
    """Refused as "a binary file" before: the zeros of 一 in the other byte of the pairs hid the pattern."""
    meta = DocumentMeta(id="u16", title="UTF-16", type="paper", file="one.txt", language="zh-Hant")
    data = ONE.encode(codec)
    assert sniff(data, "reports/one.txt") == "txt"
    body = convert(data, tmp_path, "reports/one.txt", meta, now="2001-01-01T00:00:00Z").body
    assert ONE.split("\n")[0] in body


def test_binary_with_zeros_in_both_bytes_of_pairs_stays_binary() -> None:
    with pytest.raises(IngestError):
        sniff(bytes(range(256)) * 16, "reports/blob.txt")
