"""rtf_to_unicode() turns code-page bytes into Unicode escapes: real pandoc then reads CJK and Thai RTF."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypandoc
import pytest

from crossings.ingest.encodings import rtf_to_unicode
from crossings.ingest.errors import IngestError

CHINESE = "香港的性工作者組織紫藤在台灣舉行會議。許功蓋"  # 許功蓋: Big5 trail byte 0x5C, a backslash
SIMPLIFIED = "香港的性工作者组织紫藤在泰国举行会议。"
THAI = "การประชุมเครือข่ายพนักงานบริการข้ามชาติ"


def hex_escapes(data: bytes) -> str:
    """Every byte as \\'hh, as many RTF writers do."""
    return "".join(f"\\'{b:02x}" for b in data)


def word_escapes(data: bytes) -> str:
    """Double-byte text as Word writes it: lead bytes as \\'hh, ASCII trail bytes literally (\\\\ escaped)."""
    out, index = [], 0
    while index < len(data):
        lead, trail = data[index], data[index + 1]
        index += 2
        literal = chr(trail)
        trail_text = (
            f"\\'{trail:02x}" if trail >= 0x80 else ("\\" + literal if literal in "\\{}" else literal)
        )
        out.append(f"\\'{lead:02x}{trail_text}")
    return "".join(out)


def pandoc_reads(rtf: bytes, tmp_path: Path) -> tuple[str, str]:
    """Real pandoc's plain-text reading of the RTF, and its warnings."""
    source = tmp_path / "input.rtf"
    source.write_bytes(rtf)
    done = subprocess.run(
        [
            pypandoc.get_pandoc_path(),
            "--sandbox",
            "-f",
            "rtf",
            "-t",
            "plain",
            "--wrap=none",
            "--",
            str(source),
        ],
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


def test_big5_rtf_with_ansicpg950(tmp_path: Path) -> None:
    body = hex_escapes(CHINESE.encode("cp950"))
    fonts = "{\\fonttbl{\\f0\\fnil\\fcharset136 PMingLiU;}}"
    rtf = f"{{\\rtf1\\ansi\\ansicpg950\\deff0{fonts}\\f0 {body}\\par}}"
    before, _ = pandoc_reads(rtf.encode("ascii"), tmp_path)
    assert CHINESE not in before  # pandoc alone garbles it: the test can fail
    text, warnings = pandoc_reads(
        rtf_to_unicode(rtf.encode("ascii"), language="zh-Hant", display="r/a.rtf"), tmp_path
    )
    assert text.strip() == CHINESE
    assert "Unsupported code page" not in warnings


def test_word_style_trail_bytes_and_font_charset(tmp_path: Path) -> None:
    body = word_escapes(CHINESE.encode("cp950"))
    font_name = hex_escapes("新細明體".encode("cp950"))
    rtf = (
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\froman\\fcharset0 Times;}"
        f"{{\\f1\\fnil\\fcharset136 {font_name};}}}}\\f0 caf\\'e9 {{\\f1 {body}}} end\\par}}"
    )
    converted = rtf_to_unicode(rtf.encode("ascii"), language="zh-Hant", display="r/a.rtf")
    text, _ = pandoc_reads(converted, tmp_path)
    assert text.strip() == f"café {CHINESE} end"


def test_unicode_escapes_keep_their_fallback_bytes(tmp_path: Path) -> None:
    fallback = hex_escapes("中".encode("cp950"))
    second = hex_escapes("文".encode("cp950"))
    rtf = f"{{\\rtf1\\ansi\\ansicpg950\\uc2 \\u20013{fallback}\\u25991{second} x\\par}}"
    converted = rtf_to_unicode(rtf.encode("ascii"), language="zh-Hant", display="r/a.rtf")
    assert fallback.encode("ascii") in converted  # left for pandoc to skip
    assert pandoc_reads(converted, tmp_path)[0].strip() == "中文 x"


def test_thai_rtf_with_ansicpg874(tmp_path: Path) -> None:
    rtf = f"{{\\rtf1\\ansi\\ansicpg874 {hex_escapes(THAI.encode('cp874'))}\\par}}"
    converted = rtf_to_unicode(rtf.encode("ascii"), language="th", display="r/t.rtf")
    assert pandoc_reads(converted, tmp_path)[0].strip() == THAI


def test_raw_8bit_bytes_are_decoded_too(tmp_path: Path) -> None:
    rtf = b"{\\rtf1\\ansi\\ansicpg936 " + SIMPLIFIED.encode("gb2312") + b"\\par}"
    converted = rtf_to_unicode(rtf, language="zh-Hans", display="r/g.rtf")
    assert pandoc_reads(converted, tmp_path)[0].strip() == SIMPLIFIED


@pytest.mark.parametrize(
    ("codec", "language", "text"), [("cp950", "zh-Hant", CHINESE), ("gb2312", "zh-Hans", SIMPLIFIED)]
)
def test_missing_code_page_is_found_from_the_language(
    codec: str, language: str, text: str, tmp_path: Path
) -> None:
    rtf = f"{{\\rtf1\\ansi {hex_escapes(text.encode(codec))}\\par}}"
    converted = rtf_to_unicode(rtf.encode("ascii"), language=language, display="r/a.rtf")
    assert pandoc_reads(converted, tmp_path)[0].strip() == text


def test_declared_encoding_overrides_a_wrong_ansicpg(tmp_path: Path) -> None:
    rtf = f"{{\\rtf1\\ansi\\ansicpg1252 {hex_escapes(CHINESE.encode('cp950'))}\\par}}"
    converted = rtf_to_unicode(rtf.encode("ascii"), declared="big5", language="en", display="r/a.rtf")
    assert pandoc_reads(converted, tmp_path)[0].strip() == CHINESE


def test_wrong_declared_encoding_is_uncertain() -> None:
    rtf = f"{{\\rtf1\\ansi {hex_escapes(CHINESE.encode('cp950'))}\\par}}"
    with pytest.raises(
        IngestError, match=r"^r/a\.rtf: encoding uncertain: .* decoded as gb18030 \(the encoding column\)"
    ):
        rtf_to_unicode(rtf.encode("ascii"), declared="gb2312", language="zh-Hant", display="r/a.rtf")


def test_confirmed_declared_encoding_converts_an_unusual_text(tmp_path: Path) -> None:
    """As for a text file, ``name!`` in the encoding column converts what the check finds unusual
    (here Korean written with rare syllables only) instead of leaving the editor stuck."""
    rare = "똠 펲 햏 뷁 똠 펲 햏 뷁"
    rtf = f"{{\\rtf1\\ansi {hex_escapes(rare.encode('cp949'))}\\par}}".encode("ascii")
    with pytest.raises(IngestError, match="rare ones"):
        rtf_to_unicode(rtf, declared="cp949", language="ko", display="r/a.rtf")
    converted = rtf_to_unicode(rtf, declared="cp949!", language="ko", display="r/a.rtf")
    assert pandoc_reads(converted, tmp_path)[0].strip() == rare


def test_binary_data_and_symbol_fonts_are_left_alone() -> None:
    rtf = (
        b"{\\rtf1\\ansi\\ansicpg950{\\fonttbl{\\f0\\fcharset136 M;}{\\f2\\fcharset2 Symbol;}}\\f0 "
        b"{\\f2 \\'b7}{\\*\\blipuid \\bin4 \\'a4\\}{}" + hex_escapes("中文字".encode("cp950")).encode() + b"}"
    )
    converted = rtf_to_unicode(rtf, language="zh-Hant", display="r/a.rtf")
    assert b"{\\f2 \\'b7}" in converted
    assert b"{\\*\\blipuid  5c276134 \\}{}" in converted  # the four raw bytes, as hex pandoc can skip
    assert converted.endswith(b"\\u20013\\'3f\\u25991\\'3f\\u23383\\'3f}")


def test_binary_data_outside_a_picture_leaves_the_control_word_before_it_whole() -> None:
    converted = rtf_to_unicode(b"{\\rtf1 \\pard\\bin2 xytext\\par}", display="r/a.rtf")
    assert converted == b"{\\rtf1 \\pard{}text\\par}"  # not \pardtext, a word pandoc drops with its text


def test_a_negative_bin_count_is_no_binary_data() -> None:
    # \bin-7 once sent the reader seven bytes back, onto \bin-7 again: a hostile RTF never finished
    script = (
        "from crossings.ingest.rtf import rtf_to_unicode\n"
        "print(rtf_to_unicode(b'{\\\\rtf1 {\\\\pict\\\\pngblip\\\\bin-7 abc} text}', display='r/a.rtf'))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=20)
    assert done.stdout == "b'{\\\\rtf1 {\\\\pict\\\\pngblip  abc} text}'\n"
