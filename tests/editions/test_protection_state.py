"""A withdrawal reaches outputs built before it: other languages and formats are removed, their
indexes emptied, and the language being built is indexed again at once (real builds, real index)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crossings.catalog.frontmatter import dump
from crossings.init import create_archive

pytestmark = pytest.mark.slow


def crossings(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "crossings", *args, "--archive", str(root)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def total(root: Path, query: str, lang: str) -> int:
    answer = json.loads(crossings(root, "search", query, "--site-lang", lang, "--json").stdout)
    return int(answer["total"])


def test_other_languages_and_their_indexes_do_not_outlive_a_withdrawal(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    create_archive(root, "Protection state")
    docs = root / "source" / "documents"
    docs.mkdir(parents=True)
    meta = {"id": "pier", "title": "Pier notes", "type": "paper", "language": "en", "access": "public"}
    (docs / "pier.md").write_text(dump(meta) + "# Pier notes\n\nThe ferry pier meeting point.\n", "utf-8")
    meta = {**meta, "id": "market", "title": "Market notes"}
    (docs / "market.md").write_text(dump(meta) + "# Market notes\n\nThe night market.\n", "utf-8")
    for lang in ("en", "th"):
        crossings(root, "build", "html", "--lang", lang)
    crossings(root, "index")
    assert total(root, "ferry", "en") == 1 and total(root, "ferry", "th") == 1

    text = (docs / "pier.md").read_text("utf-8").replace("access: public", "access: restricted")
    (docs / "pier.md").write_text(text, "utf-8")
    done = crossings(root, "build", "html")  # English only, as an editor in a hurry would
    html = root / "build" / "public" / "html"
    assert not (html / "th").exists()
    assert "build/public/html/th: removed" in done.stderr and "crossings build html --lang th" in done.stderr
    assert "build/public/search/th: emptied" in done.stderr
    assert total(root, "ferry", "en") == 0  # indexed again by the build itself
    assert total(root, "market", "th") == 0  # emptied until rebuilt
    crossings(root, "build", "html", "--lang", "th")
    crossings(root, "index")
    assert total(root, "market", "th") == 1 and total(root, "ferry", "th") == 0
