"""Python's own CJK codec samples (Lib/test/cjkencodings: each legacy text beside its UTF-8
reference) come out of ingest with every character the reference holds, in order: the ideographic
spaces that indent Chinese paragraphs, the compatibility ideographs of JIS X 0213 (U+FA36 is not
U+559D), and the Hangul syllables EUC-KR spells in 8 bytes."""

from __future__ import annotations

import json
import sysconfig
import unicodedata
from pathlib import Path

import pytest

from crossings.ingest.encodings import decode_text
from crossings.ingest.errors import IngestError
from crossings.ingest.prepare import escape_plain_text
from crossings.ingest.verbatim import protect, restore
from tests.ingest.archives import ingest, make_archive, row

# sample, catalog language, encoding column
SAMPLES = [
    ("big5", "zh-Hant", "big5"),
    ("gbk", "zh-Hans", "gbk"),
    ("gb18030", "zh-Hans", "gb18030"),
    ("euc_jisx0213", "ja", "euc_jisx0213"),
    ("shift_jisx0213", "ja", "shift_jisx0213"),
    ("euc_kr", "ko", "euc-kr"),
]


def cjk_samples() -> Path:
    """Lib/test/cjkencodings of the Python running the tests, or of Debian's libpython3.11-testsuite
    (scripts/test-packages.txt). Missing, the test fails saying what to install: never skipped."""
    own = Path(sysconfig.get_paths()["stdlib"]) / "test" / "cjkencodings"
    found = [own, *sorted(Path("/usr/lib").glob("python3*/test/cjkencodings"))]
    for folder in found:
        if (folder / "big5-utf8.txt").is_file():
            return folder
    raise AssertionError(
        "Python's CJK codec samples (test/cjkencodings) are not on this machine: "
        "install the Debian package libpython3.11-testsuite (scripts/test-packages.txt)"
    )


def non_ascii(text: str) -> list[str]:
    """The characters of *text* Markdown never adds: everything outside ASCII, in order."""
    return [char for char in text if ord(char) > 0x7F]


@pytest.mark.parametrize("declared", [True, False], ids=["encoding-column", "detected"])
def test_every_character_of_the_samples_is_kept(tmp_path: Path, declared: bool) -> None:
    folder = cjk_samples()
    files = {f"{name}.txt": (folder / f"{name}.txt").read_bytes() for name, _, _ in SAMPLES}
    rows = [
        row(f"{name}.txt", name.replace("_", "-"), language=lang, encoding=codec if declared else "")
        for name, lang, codec in SAMPLES
    ]
    root = make_archive(tmp_path / "archive", files, rows)
    report = json.loads(ingest(root, "--json", "--jobs", "1").output)
    by_id = {doc["id"]: doc for doc in report["documents"]}
    for name, _, _ in SAMPLES:
        doc = by_id[name.replace("_", "-")]
        assert doc["status"] == "converted", doc
        body = (root / doc["output"]).read_text(encoding="utf-8").split("---\n", 2)[2]
        reference = (folder / f"{name}-utf8.txt").read_text(encoding="utf-8")
        assert non_ascii(body) == non_ascii(reference), name  # U+3000 indents included


def test_euc_kr_eight_byte_syllables_are_syllables() -> None:
    folder = cjk_samples()
    text, codec = decode_text((folder / "euc_kr.txt").read_bytes(), language="ko", display="r/k.txt")
    assert codec == "cp949"
    assert text == (folder / "euc_kr-utf8.txt").read_text(encoding="utf-8")
    spelled = "\u3164\u3134\u3163\u3147".encode("cp949")  # 닝 as filler, ㄴ, ㅣ, ㅇ
    assert decode_text(spelled * 3, declared="euc-kr", language="ko", display="r/k.txt")[0] == "닝" * 3


@pytest.mark.parametrize(
    "text",
    [
        "\ufa36\ufa39 and \u2126",  # compatibility ideographs, OHM SIGN
        "Cafe\u0301, Vie\u0323\u0302t, a\u0316\u0301",  # decomposed accents, marks out of order
        "\u1100\u1161\u11a8 \uac00\u11a8",  # conjoining jamo, a syllable and a final
        "\ufdd0\ufdd1 stray noncharacters",
    ],
)
def test_markdown_reaches_pandoc_without_characters_it_would_normalise(text: str) -> None:
    protected, kept = protect(text)
    assert unicodedata.is_normalized("NFC", protected)
    assert restore(protected, kept) == text
    assert restore(unicodedata.normalize("NFC", protected), kept) == text


def test_a_plain_text_keeps_the_spaces_that_are_characters(tmp_path: Path) -> None:
    lines = ["\u3000\u3000香港的性工作者組織紫藤。", "\u00a0Indented with a no break space\u2003", "\u3000"]
    markdown = escape_plain_text("\n".join(lines))
    assert markdown.splitlines()[:2] == lines[:2]
    assert markdown.splitlines()[2] == ""  # a line of spaces only is a blank line, as before
    data = "\n\n".join([*lines[:2], "\u2003em-spaced \ufa36 and Cafe\u0301"]).encode("utf-8")
    root = make_archive(
        tmp_path / "archive", {"a.txt": data, "b.md": data}, [row("a.txt", "a"), row("b.md", "b")]
    )
    report = json.loads(ingest(root, "--json", "--jobs", "1").output)
    for doc in report["documents"]:
        assert doc["status"] == "converted", doc
        body = (root / doc["output"]).read_text(encoding="utf-8")
        assert "\u3000\u3000香港" in body and "\u2003em-spaced \ufa36 and Cafe\u0301" in body, doc["id"]


@pytest.mark.parametrize(("name", "language"), [("big5hkscs", "zh-Hant"), ("cp949", "ko"), ("johab", "ko")])
def test_unusual_text_in_the_declared_encoding_is_converted_once_the_editor_confirms_it(
    name: str, language: str
) -> None:
    """These samples are no prose (rare syllables on purpose; more romanised Cantonese letters than
    Han): the check refuses them even with the right encoding column, and the editor was left with
    nothing to do. The message now says how to confirm the encoding; confirmed, every character
    comes through."""
    folder = cjk_samples()
    data = (folder / f"{name}.txt").read_bytes()
    with pytest.raises(IngestError) as caught:
        decode_text(data, declared=name, language=language, display=f"r/{name}.txt")
    assert f"write {name}! in the encoding column" in str(caught.value)
    text, codec = decode_text(data, declared=f"{name}!", language=language, display=f"r/{name}.txt")
    assert (text, codec) == ((folder / f"{name}-utf8.txt").read_text(encoding="utf-8"), name)


def test_confirming_a_wrong_encoding_is_not_offered_when_another_reads_right() -> None:
    """Big5 bytes declared as GBK: the message names the encoding that reads right instead."""
    data = (cjk_samples() / "big5.txt").read_bytes()
    with pytest.raises(IngestError) as caught:
        decode_text(data, declared="gbk", language="zh-Hant", display="r/b.txt")
    message = str(caught.value)
    assert "it reads right as cp950: set that in the encoding column" in message, message
    assert "gbk!" not in message


def test_a_confirmed_encoding_still_refuses_bytes_it_cannot_decode() -> None:
    data = (cjk_samples() / "gb18030.txt").read_bytes()
    with pytest.raises(IngestError, match=r"^r/g\.txt: the encoding column says euc_kr!?, but byte \d+"):
        decode_text(data, declared="euc_kr!", language="ko", display="r/g.txt")
