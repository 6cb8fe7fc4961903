"""A plain text too long for pandoc in one piece (10 MB, or one line of it, or CR-only line ends)
is converted in parts, joined again without losing or adding a character."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pypandoc
import pytest

from crossings.ingest import textparts
from tests.ingest.archives import ingest, make_archive, row

SENTENCE = "Sex workers crossing borders (Thailand > Malaysia) earn 5$ & more; *not* <b>bold</b> \\ #1. "
THAI = "การประชุมเครือข่ายพนักงานบริการข้ามชาติ"
CHINESE = "香港的性工作者組織紫藤在台灣舉行會議，討論移工姊妹的工作與生活。"


def words(text: str) -> list[str]:
    """The text's words: what a reader sees, whatever the line breaks."""
    return text.split()


def rendered(body: str, tmp_path: Path) -> str:
    """The document body as plain text, read back by pandoc as MyST's CommonMark would read it."""
    source = tmp_path / "body.md"
    source.write_text(body.split("---\n", 2)[2].split("\n", 2)[2], encoding="utf-8")  # after the title
    done = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", "commonmark", "-t", "plain", "--wrap=none", str(source)],
        capture_output=True, check=True, text=True,
    )  # fmt: skip
    return done.stdout


def convert(tmp_path: Path, files: dict[str, bytes]) -> tuple[Path, dict[str, dict[str, str]]]:
    """Ingest *files* (each its own document, id = name without .txt)."""
    root = make_archive(tmp_path / "archive", files, [row(name, name[:-4]) for name in files])
    report = json.loads(ingest(root, "--json", "--jobs", "1").output)
    return root, {doc["id"]: doc for doc in report["documents"]}


def test_one_long_line_cr_lines_and_unspaced_scripts_convert_in_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(textparts, "PART_CHARS", 3_000)  # the 400,000 of real use, scaled down
    line = SENTENCE * 400
    texts = {
        "line.txt": line,
        "cr.txt": "\r".join(SENTENCE * 30 for _ in range(20)),
        "paragraphs.txt": "\n\n".join(SENTENCE * 5 for _ in range(200)),
        "thai.txt": THAI * 300,
        "chinese.txt": CHINESE * 300,
    }
    root, by_id = convert(tmp_path, {name: text.encode() for name, text in texts.items()})
    for name, text in texts.items():
        doc = by_id[name[:-4]]
        assert doc["status"] == "converted", doc
        body = (root / "source/documents" / f"{name[:-4]}.md").read_text(encoding="utf-8")
        shown = rendered(body, tmp_path)
        if name in ("thai.txt", "chinese.txt"):
            assert re.sub(r"\s", "", shown) == text, name  # nothing added between characters either
        else:
            assert words(shown) == words(text), name


def test_parts_are_cut_between_paragraphs_first_then_at_spaces_then_between_characters() -> None:
    paragraphs = "aaaa\n\nbbbb\n\ncccc"
    assert textparts.split_parts(paragraphs, 10) == [("aaaa", "\n\n"), ("bbbb\n\ncccc", "\n\n")]
    assert textparts.split_parts("aaaa bbbb cccc", 10) == [("aaaa bbbb", "\n\n"), ("cccc", "\n")]
    assert textparts.split_parts("香港的。性工作者組織", 6) == [("香港的。", "\n\n"), ("性工作者組織", "")]
    assert textparts.split_parts("x\\.yz" * 4, 7)[0][0].endswith(("x", "y", "z"))  # never inside \.


@pytest.mark.slow
def test_a_ten_megabyte_line_converts(tmp_path: Path) -> None:
    line = (SENTENCE * (10_000_000 // len(SENTENCE) + 1))[:10_000_000]
    root, by_id = convert(tmp_path, {"line.txt": line.encode()})
    assert by_id["line"]["status"] == "converted", by_id["line"]
    body = (root / "source/documents/line.md").read_text(encoding="utf-8")
    assert words(rendered(body, tmp_path)) == words(line)


def test_a_long_run_of_punctuation_is_never_cut_inside_an_escape(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(textparts, "PART_CHARS", 3_001)  # odd: the plain cut lands after a backslash
    texts = {"stars.txt": "*" * 5_000, "mixed.txt": "*=\\-" * 1_500}
    root, by_id = convert(tmp_path, {name: text.encode() for name, text in texts.items()})
    for name, text in texts.items():
        assert by_id[name[:-4]]["status"] == "converted", by_id[name[:-4]]
        body = (root / "source/documents" / f"{name[:-4]}.md").read_text(encoding="utf-8")
        assert rendered(body, tmp_path).strip() == text, name  # not a backslash more at a cut
