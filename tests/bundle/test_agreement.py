"""The bundle's offline search (its script, run by Node) against the search service, on the demo
archive's Thai site: per query language, the share of the service's documents it also returns."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bench.bundle.agreement import measure, offline_results
from crossings.bundle.index import build_offline_index, read_records
from crossings.search.text.config import load_settings
from tests.browser.conftest import copy_demo
from tests.serving import CROSSINGS

REPO = Path(__file__).resolve().parents[2]
DEMO_PARTS = ("reports", "vocabularies", "locales", "search", "source", "conf.py", "redactions.csv")


def crossings(*args: str) -> None:
    """Run one crossings command; fail the test with its output if it fails."""
    done = subprocess.run([CROSSINGS, *args], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo archive built in Thai and indexed."""
    if shutil.which("node") is None:
        pytest.fail("node is missing: `make setup-test` installs it (scripts/test-packages.txt)")
    root = tmp_path_factory.mktemp("agreement") / "archive"
    root.mkdir()
    copy_demo(root)
    crossings("ingest", "--archive", str(root))
    crossings("build", "html", "--lang", "th", "--archive", str(root))
    crossings("index", "--lang", "th", "--archive", str(root))
    return root


@pytest.mark.slow
def test_offline_search_finds_what_the_service_finds(demo: Path, tmp_path: Path) -> None:
    """On a sample of 25 queries per language, at least 95 % of the service's documents."""
    corpus = demo / "build" / "public" / "corpus" / "th.jsonl"
    index = demo / "build" / "public" / "search" / "th"
    figures = measure(corpus, index, "th", load_settings(demo / "search"), 25, tmp_path)
    assert {"en", "th", "zh-Hant", "zh-Hans"} <= set(figures)
    for language, numbers in figures.items():
        assert numbers.service > 0, language
        assert numbers.share >= 0.95, (language, numbers.misses[:5])


@pytest.mark.slow
def test_offline_terms_follow_the_service(demo: Path, tmp_path: Path) -> None:
    """Synonyms across scripts, Traditional for Simplified, a Thai word the index holds only inside
    longer words, stemming: each finds its documents; a word absent from the archive finds none."""
    recs = list(read_records(demo / "build" / "public" / "corpus" / "th.jsonl"))
    script = tmp_path / "index.js"
    script.write_text(build_offline_index(recs, "th", load_settings(demo / "search")).script(), "utf-8")
    queries = ["ฮ่องกง", "農村婦女", "policing", "xylophonequartz"]
    hong_kong, rural, police, nothing = offline_results(script, queries, "th")
    assert "hk-hong-kong" in hong_kong  # through the synonyms: the Thai name is not in the text
    assert "cn-mainland-china" in rural  # the report is in Simplified Chinese
    assert "s4-law-police-notes" in police  # policing -> polic, as the service stems it
    assert nothing == []
