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
