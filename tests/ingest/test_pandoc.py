"""The pandoc runner: neutral names on argv, sandboxed readers, and limits that stop runaway conversions
while the other documents of the batch still convert."""

from __future__ import annotations

from pathlib import Path

import pypandoc
import pytest

from crossings.ingest import pandoc
from crossings.ingest.errors import IngestError

SLOW_INPUT = "- item\n" * 50_000
# Nested lists make pandoc's Markdown reader slow enough to outlast a 1 s limit on any machine.
SLOWER_INPUT = "".join("  " * (i % 40) + "- item\n" for i in range(200_000))


def _batch(tmp_path: Path, texts: list[str], name: str = "input.md") -> list[pandoc.Item]:
    """One folder per text, each holding *name*."""
    items = []
    for number, text in enumerate(texts):
        (tmp_path / str(number)).mkdir()
        (tmp_path / str(number) / name).write_text(text, encoding="utf-8")
        items.append(pandoc.Item(str(number), "commonmark_x", name, "doc", f"reports/doc-{number}.md"))
    return items


def test_argv_has_memory_cap_and_only_fixed_names() -> None:
    argv = pandoc.command("jobs-0.tsv", pandoc.Limits(memory="300m", output_bytes=1000))
    assert argv[1:7] == ["+RTS", "-M300m", "-RTS", "lua", "--", str(pandoc.RUNNER)]
    assert argv[7:] == ["jobs-0.tsv", pandoc.WRITER, "1000", "32"]


def test_version_is_pandoc_3() -> None:
    assert pandoc.pandoc_version().startswith("3.")


def test_batch_converts_and_reports_filter_events(tmp_path: Path) -> None:
    texts = ["# Title\n\n[x](javascript:alert(1)) and [y](https://example.org)\n", "No heading.\n"]
    first, second = pandoc.run_many(tmp_path, _batch(tmp_path, texts))
    assert isinstance(first, pandoc.PandocResult) and isinstance(second, pandoc.PandocResult)
    assert "[y](https://example.org)" in first.markdown and "javascript" not in first.markdown
    assert first.event_values("link-dropped") == ["javascript:alert(1)"]
    assert first.event_values("h1") == ["1"] and second.event_values("h1") == ["0"]
    assert second.markdown == "No heading.\n"


def test_sandbox_keeps_readers_from_reading_other_files(tmp_path: Path) -> None:
    (tmp_path / "0").mkdir()
    (tmp_path / "0" / "input.html").write_text('<p><img src="/etc/hostname" alt="h"></p>', encoding="utf-8")
    item = pandoc.Item("0", "html", "input.html", "doc", "reports/x.html")
    (result,) = pandoc.run_many(tmp_path, [item])
    assert isinstance(result, pandoc.PandocResult)
    assert not (tmp_path / "0" / "doc").exists()
    assert result.event_values("image-dropped") == ["/etc/hostname"]


def test_output_cap_fails_only_that_document(tmp_path: Path) -> None:
    items = _batch(tmp_path, ["word " * 20_000, "small\n"])
    big, small = pandoc.run_many(tmp_path, items, pandoc.Limits(output_bytes=1000))
    assert isinstance(
        big, IngestError
    ) and "reports/doc-0.md: conversion produced more than 1,000 bytes" in str(big)
    assert isinstance(small, pandoc.PandocResult)


@pytest.mark.slow
def test_memory_cap_fails_only_that_document(tmp_path: Path) -> None:
    items = _batch(tmp_path, ["before\n", "- item\n" * 400_000, "after\n"])
    before, heavy, after = pandoc.run_many(tmp_path, items, pandoc.Limits(memory="64m", timeout=5))
    assert isinstance(heavy, IngestError)
    assert "reports/doc-1.md: pandoc took longer than 5 s or needed more than 64m of memory" in str(heavy)
    assert isinstance(before, pandoc.PandocResult) and isinstance(after, pandoc.PandocResult)


def test_timeout_fails_only_that_document(tmp_path: Path) -> None:
    items = _batch(tmp_path, [SLOWER_INPUT, "after\n"])
    slow, after = pandoc.run_many(tmp_path, items, pandoc.Limits(timeout=1.0))
    assert isinstance(slow, IngestError) and "reports/doc-0.md: pandoc took longer than 1 s" in str(slow)
    assert isinstance(after, pandoc.PandocResult)


def test_unreadable_input_is_reported_by_name(tmp_path: Path) -> None:
    (tmp_path / "0").mkdir()
    (tmp_path / "0" / "input.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (result,) = pandoc.run_many(tmp_path, [pandoc.Item("0", "docx", "input.docx", "doc", "reports/bad.docx")])
    assert isinstance(result, IngestError) and str(result).startswith(
        "reports/bad.docx: the Word file cannot be unpacked: "
    )


DEEP = 200


@pytest.mark.parametrize(
    ("name", "reader", "text"),
    [
        ("input.html", "html", "<ul><li>x" * DEEP + "</li></ul>" * DEEP),
        ("input.html", "html", "<blockquote>" * DEEP + "x" + "</blockquote>" * DEEP),
        ("input.html", "html", "<dl><dt>t</dt><dd>" * DEEP + "x" + "</dd></dl>" * DEEP),
        ("input.md", "commonmark_x", "".join("  " * i + "- x\n" for i in range(DEEP))),
        ("input.md", "commonmark_x", "> " * DEEP + "x\n"),
        ("input.html", "html", "<table><tr><td>" * DEEP + "x" + "</td></tr></table>" * DEEP),
    ],
)
def test_nesting_past_the_cap_fails_only_that_document(
    tmp_path: Path, name: str, reader: str, text: str
) -> None:
    items = _batch(tmp_path, [text, "<p>after</p>" if reader == "html" else "after\n"], name)
    items = [pandoc.Item(i.folder, reader, i.input_name, i.media_dir, i.display) for i in items]
    deep, after = pandoc.run_many(tmp_path, items)
    assert isinstance(deep, IngestError), deep
    assert str(deep).startswith(
        "reports/doc-0.md: lists, quotations, tables, directives or emphasis are nested more than 32"
    )
    assert isinstance(after, pandoc.PandocResult) and "after" in after.markdown


def test_nesting_up_to_the_cap_converts(tmp_path: Path) -> None:
    (item,) = _batch(tmp_path, ["".join("  " * i + "- x\n" for i in range(32))])
    (result,) = pandoc.run_many(tmp_path, [item])
    assert isinstance(result, pandoc.PandocResult)


def test_tables_nested_past_the_cap_in_a_word_file_fail_it(tmp_path: Path) -> None:
    html = "<table><tr><td>" * 40 + "x" + "</td></tr></table>" * 40
    (tmp_path / "0").mkdir()
    pypandoc.convert_text(html, "docx", format="html", outputfile=str(tmp_path / "0" / "input.docx"))
    (result,) = pandoc.run_many(tmp_path, [pandoc.Item("0", "docx", "input.docx", "doc", "reports/t.docx")])
    assert isinstance(result, IngestError) and "nested more than 32 levels deep" in str(result)
