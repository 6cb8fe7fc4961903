"""A Markdown text or web page nested thousands deep fails at once, before pandoc spends its memory
and time limits on it (the check after pandoc still covers Word, OpenDocument and RTF)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from crossings.ingest.errors import IngestError
from crossings.ingest.prepare import prepare

DEEP = 5000


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("t.md", "".join("  " * i + "- x\n" for i in range(DEEP))),
        ("t.md", "> " * DEEP + "x\n"),
        ("t.md", "".join("   " * i + "1. x\n" for i in range(DEEP))),
        ("t.html", "<html><body>" + "<ul><li>x" * DEEP + "</li></ul>" * DEEP + "</body></html>"),
        ("t.html", "<html><body>" + "<blockquote>" * DEEP + "x" + "</blockquote>" * DEEP),
        ("t.html", "<html><body>" + "<table><tr><td>" * DEEP + "x" + "</td></tr></table>" * DEEP),
    ],
)
def test_deep_text_fails_before_pandoc(tmp_path: Path, name: str, text: str) -> None:
    started = time.monotonic()
    with pytest.raises(IngestError) as failure:
        prepare(text.encode("utf-8"), tmp_path, f"reports/{name}")
    assert time.monotonic() - started < 5
    assert str(failure.value).startswith(f"reports/{name}: line ")
    assert "nested more than 32 levels deep" in str(failure.value)
    assert not list(tmp_path.iterdir())  # nothing was handed to pandoc


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("t.md", "".join("  " * i + "- x\n" for i in range(32))),
        ("t.md", "* * *\n" * 100 + "```\n" + "> " * 100 + "\n```\n"),
        ("t.md", "Code:\n\n    " + "* " * 40 + "banner\n\t" + "- " * 40 + "x\n"),  # indented code
        ("t.html", "<html><body>" + "<ul><li>x</li></ul>" * DEEP + "</body></html>"),
    ],
)
def test_shallow_or_long_text_goes_to_pandoc(tmp_path: Path, name: str, text: str) -> None:
    assert prepare(text.encode("utf-8"), tmp_path, f"reports/{name}").kind == name.split(".")[1]


RUN = 50_000  # 100 KB around one word: pandoc's CommonMark reader took its whole 120 s on it


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("A title\n\n" + "*" * RUN + "word" + "*" * RUN + "\n", 3),
        ("A title\n\n" + "_" * RUN + "word" + "_" * RUN + "\n", 3),
        ("A title\n\n" + "[" * RUN + "word" + "]" * RUN + "\n", 3),
        ("A title\n\nSee " + "~" * RUN + "word\nand more" + "~" * RUN + "\n", 4),  # a paragraph of two lines
    ],
    ids=["asterisks", "underscores", "brackets", "tildes-over-two-lines"],
)
def test_emphasis_or_brackets_nested_around_a_word_fail_before_pandoc(
    tmp_path: Path, text: str, line: int
) -> None:
    started = time.monotonic()
    with pytest.raises(IngestError) as failure:
        prepare(text.encode("utf-8"), tmp_path, "reports/t.md")
    assert time.monotonic() - started < 5
    message = str(failure.value)
    assert message.startswith(f"reports/t.md: line {line}: emphasis")
    assert "nested more than 32 levels deep" in message and "delete the extra marks on that line" in message
    assert "split" not in message
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "text",
    [
        "*" * 80 + "\n\nA rule of asterisks, then **bold**, ***both***, [[1]](https://example.org).\n",
        "Name:" + "_" * 60 + " Date:" + "_" * 40 + "\n",  # a form's fill-in lines open nothing
        "*" * 40 + "word\n\n" + "word" + "*" * 40 + "\n",  # two paragraphs: no emphasis spans them
        "\\[" * 100 + "x" + "]" * 100 + "\n",  # escaped brackets open nothing
        "```\n" + "*" * 40 + "x" + "*" * 40 + "\n```\n",  # code is literal
    ],
)
def test_real_emphasis_and_brackets_go_to_pandoc(tmp_path: Path, text: str) -> None:
    assert prepare(text.encode("utf-8"), tmp_path, "reports/t.md").kind == "md"


HTML_RUN = 20_000  # pandoc's HTML reader took 78 s on <sup>, 95 s on <strong>, over 200 s on <small>


@pytest.mark.parametrize("tag", ["em", "strong", "small", "sup", "span", "font", "a href='#x'"])
def test_inline_elements_nested_around_a_word_fail_before_pandoc(tmp_path: Path, tag: str) -> None:
    name = tag.split()[0]
    text = (
        f"<html><body><h1>T</h1>\n<p>{f'<{tag}>' * HTML_RUN}word{f'</{name}>' * HTML_RUN}</p></body></html>"
    )
    started = time.monotonic()
    with pytest.raises(IngestError) as failure:
        prepare(text.encode("utf-8"), tmp_path, "reports/t.html")
    assert time.monotonic() - started < 5
    message = str(failure.value)
    assert message.startswith("reports/t.html: line 2: inline elements (<em>")
    assert "nested more than 32 levels deep" in message and "delete the extra tags on that line" in message
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "text",
    [
        "<p>" + "<font size=2>" * 20 + "x</p>" * 10,  # unclosed <font> tags, as 2001 editors left them
        "".join(f"<p>{'<b><i>' * 10}x</p>" for _ in range(50)),  # unclosed, but each block starts afresh
        "<p>" + "<em>x</em>" * 5000 + "</p>",  # many in a row, none inside another
    ],
)
def test_inline_elements_that_real_pages_hold_go_to_pandoc(tmp_path: Path, text: str) -> None:
    page = f"<html><body>{text}</body></html>"
    assert prepare(page.encode("utf-8"), tmp_path, "reports/t.html").kind == "html"


def test_no_markdown_or_text_of_the_cases_and_corpus_is_refused_by_the_inline_check() -> None:
    from crossings.nesting import html_depths, inline_depth
    from tests.corpus.fetch import ensure_corpus

    roots = [Path(__file__).parents[1] / "cases", ensure_corpus()]
    checked = 0
    for path in (p for root in roots for p in root.rglob("*") if p.suffix in (".md", ".txt", ".html")):
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue  # a legacy text, read by its own codec; ASCII marks alike in every one
        assert inline_depth(text) is None, path
        if path.suffix == ".html":
            assert html_depths(text) == (None, None), path
        checked += 1
    assert checked > 50
