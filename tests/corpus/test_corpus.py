"""The real-world corpus (public test files of PyPI sdists, tests/corpus/sources.py), ingested as an
editor would: every file converted with its words, tables and footnotes, or refused for its
true reason; no traceback, no garbage."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus.fetch import FetchError, ensure_corpus
from tests.corpus.run import (
    REASON_CLASSES,
    former_name_warnings,
    ingest,
    listed,
    load_expected,
    make_archive,
    matches,
    measure,
    name_warnings,
)

MIN_RIGHT = 0.98


@pytest.fixture(scope="module")
def corpus_files() -> Path:
    """The extracted corpus; a fetch failure fails the test (it must never be skipped)."""
    try:
        return ensure_corpus()
    except FetchError as exc:
        pytest.fail(f"the real-world corpus could not be fetched: {exc}")


def test_every_file_has_an_expected_outcome(corpus_files: Path) -> None:
    entries = load_expected()
    assert sorted(e.file for e in entries) == listed(corpus_files)
    classes = {name for name, _ in REASON_CLASSES}
    for entry in entries:
        assert entry.outcome in ("converted", "refused"), entry.file
        assert entry.outcome == "converted" or entry.reason in classes, entry.file
        assert entry.outcome == "refused" or entry.words > 0, entry.file


@pytest.mark.slow
def test_real_world_corpus(corpus_files: Path, tmp_path: Path) -> None:
    entries = load_expected()
    root = tmp_path / "archive"
    make_archive(root, corpus_files, entries)
    report, stderr, _seconds = ingest(root)
    assert "Traceback" not in stderr, stderr[-3000:]
    measured = measure(root, entries, report)
    assert [m.file for m in measured if "internal error" in m.message] == []
    assert [(m.file, m.garbage) for m in measured if m.garbage] == []
    wrong = [
        f"{m.file}: expected {e.outcome} {e.reason or e.words}, got {m.outcome} "
        f"{m.reason or m.words} t{m.tables}/{e.tables} f{m.footnotes}/{e.footnotes} {m.message[:160]}"
        for e, m in zip(entries, measured, strict=True)
        if not matches(e, m)
    ]
    right = len(entries) - len(wrong)
    assert right / len(entries) >= MIN_RIGHT, "\n".join(wrong)
    # Every outcome here was judged by a person: any change is a regression to look at.
    assert wrong == [], "\n".join(wrong)
    assert sum(e.outcome == "converted" for e in entries) >= 0.9 * len(entries)
    # The personal-name warning fires at most 5% as often as the former rule (one per filled
    # author property of every docx and odt) would on the same files.
    former = former_name_warnings(root, entries)
    assert former > 50 and name_warnings(report) <= 0.05 * former, (name_warnings(report), former)
