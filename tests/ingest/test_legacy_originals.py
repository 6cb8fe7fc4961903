"""Real legacy-encoded originals (texts of chardet's test suite, fetched with the real-world corpus,
tests/corpus/sources.py) ingested in one batch as an editor receives them from 2001: each comes out
with every character its known encoding gives, or is refused alone with what to do; the rest of
the batch is converted and no original is modified."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from crossings.ingest.encodings import decode_text
from crossings.ingest.errors import IngestError
from tests.corpus.fetch import FetchError, ensure_corpus
from tests.ingest.archives import ingest, make_archive, row, tree_hashes

# file under chardet-5.2.0/tests/, catalog language, the encoding the folder names
ORIGINALS = [
    ("Big5/sinica.edu.tw.xml.txt", "zh-Hant", "cp950"),
    ("GB2312/cnblog.org.xml.txt", "zh-Hans", "gb18030"),
    ("SHIFT_JIS/10e.org.xml.txt", "ja", "cp932"),
    ("EUC-JP/arclamp.jp.xml.txt", "ja", "euc_jp"),
    ("EUC-KR/critique.or.kr.xml.txt", "ko", "cp949"),
    ("CP949/ricanet.com.xml.txt", "ko", "cp949"),
    ("Johab/hlpro-readme.txt", "ko", "johab"),
    ("TIS-620/opentle.org.xml.txt", "th", "cp874"),
    ("UTF-16LE/nobom-utf16le.txt", "en", "utf-16-le"),
    ("UTF-32LE/nobom-utf32le.txt", "en", "utf-32-le"),
    ("UTF-32BE/nobom-utf32be.txt", "en", "utf-32-be"),
    ("utf-8-sig/bom-utf-8.srt", "en", "utf-8-sig"),
]
# Originals cut off inside their last character (an upload that did not finish).
CUT = [
    ("Big5/sinica.edu.tw.xml.txt", "zh-Hant", "cp950"),
    ("EUC-KR/critique.or.kr.xml.txt", "ko", "cp949"),
    ("SHIFT_JIS/10e.org.xml.txt", "ja", "cp932"),
]


@pytest.fixture(scope="module")
def chardet_tests() -> Path:
    """chardet's tests/ folder of the corpus; a fetch failure fails the test (never skipped)."""
    try:
        return ensure_corpus() / "chardet-5.2.0" / "tests"
    except FetchError as exc:
        pytest.fail(f"the real-world corpus could not be fetched: {exc}")


def cut_in_last_character(data: bytes, codec: str) -> bytes:
    """*data* up to the lead byte of its last double-byte character (whose second byte may be ASCII)."""
    end = len(data)
    while data[end - 1] < 0x80:
        end -= 1
    try:
        data[:end].decode(codec)
    except UnicodeDecodeError:
        return data[:end]  # the last byte above 0x7f is a lead byte
    return data[: end - 1]


def non_ascii(text: str) -> list[str]:
    """The characters of *text* Markdown never adds, in order; spaces aside (a line holding only an
    ideographic space is a blank paragraph that the Markdown reader drops: not an encoding matter)."""
    return [char for char in text if ord(char) > 0x7F and char != "\ufeff" and not char.isspace()]


def test_real_legacy_originals_in_one_batch(chardet_tests: Path, tmp_path: Path) -> None:
    files, rows = {}, []
    for number, (name, language, _) in enumerate(ORIGINALS):
        files[f"whole/{name}"] = (chardet_tests / name).read_bytes()
        rows.append(row(f"whole/{name}", f"w{number}", language=language))
    for number, (name, language, codec) in enumerate(CUT):
        files[f"cut/{name}"] = cut_in_last_character((chardet_tests / name).read_bytes(), codec)
        rows.append(row(f"cut/{name}", f"c{number}", language=language))
    root = make_archive(tmp_path / "archive", files, rows)
    before = tree_hashes(root / "reports")
    report = json.loads(ingest(root, "--json", "--jobs", "1").output)
    by_id = {doc["id"]: doc for doc in report["documents"]}
    for number, (name, _, codec) in enumerate(ORIGINALS):
        doc = by_id[f"w{number}"]
        assert doc["status"] == "converted", (name, doc)
        body = (root / doc["output"]).read_text(encoding="utf-8").split("---\n", 2)[2]
        assert non_ascii(body) == non_ascii(files[f"whole/{name}"].decode(codec)), name
    for number, (name, _, codec) in enumerate(CUT):
        doc = by_id[f"c{number}"]
        assert doc["status"] != "converted", (name, doc)
        assert doc["reason"].startswith(
            f"reports/cut/{name}: the text reads as {codec} but ends in the middle"
        )
        assert "ask the contributor for the whole file again" in doc["reason"], doc["reason"]
    assert tree_hashes(root / "reports") == before


def paragraph(data: bytes, codec: str, size: int) -> bytes:
    """The first lines of *data* holding ten letters or more of Chinese or Korean (banners of box
    signs aside), about *size* bytes of them."""
    out = b""
    for line in data.splitlines():
        if len(re.findall("[\u4e00-\u9fff\uac00-\ud7af]", line.decode(codec, "replace"))) >= 10:
            out += line + b"\n"
        if len(out) > size:
            break
    return out


@pytest.mark.parametrize("size", [100, 1000])
@pytest.mark.parametrize(
    ("main", "language", "pasted", "pasted_codec"),
    [
        ("GB2312/cnblog.org.xml.txt", "zh-Hans", "Big5/sinica.edu.tw.xml.txt", "cp950"),
        ("EUC-KR/critique.or.kr.xml.txt", "ko", "Johab/mdir-doc.txt", "johab"),
    ],
)
def test_paragraph_in_another_legacy_encoding_is_refused(
    chardet_tests: Path, main: str, language: str, pasted: str, pasted_codec: str, size: int
) -> None:
    """A Big5 paragraph pasted into a GB2312 text (a forwarded mail, two contributors' notes) was
    converted whole as GB18030, the paragraph as rare characters nobody wrote."""
    data = (
        (chardet_tests / main).read_bytes()
        + b"\n\n"
        + paragraph((chardet_tests / pasted).read_bytes(), pasted_codec, size)
    )
    line = (
        data.count(b"\n", 0, data.index(paragraph((chardet_tests / pasted).read_bytes(), pasted_codec, size)))
        + 1
    )
    with pytest.raises(IngestError) as caught:
        decode_text(data, language=language, display="r/m.txt")
    message = str(caught.value)
    found = re.match(
        rf"r/m\.txt: the text mixes encodings: line (\d+) reads as {pasted_codec}, line \d+ as ", message
    )
    assert found and int(found.group(1)) >= line, message
    assert "save it as UTF-8" in message
