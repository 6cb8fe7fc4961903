"""``crossings index`` and ``crossings search`` through click's runner, on a real index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crossings.cli import main
from crossings.init import create_archive

from .conftest import CORPUS, write_corpus


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive whose public build wrote the test corpus, indexed once."""
    root = tmp_path_factory.mktemp("cli") / "archive"
    create_archive(root, "Test archive")
    write_corpus(root / "build" / "public" / "corpus" / "en.jsonl", CORPUS)
    result = CliRunner().invoke(main, ["index", "--archive", str(root)])
    assert result.exit_code == 0, result.output
    return root


def run(*args: str) -> tuple[int, str]:
    """Exit code and combined output of one command."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_index_reports_what_it_did_as_json(archive: Path) -> None:
    code, out = run("index", "--archive", str(archive), "--json")
    assert code == 0, out
    data = json.loads(out)
    assert data["ok"] and data["edition"] == "public"
    (report,) = data["indexes"]
    assert (
        report["full"] is False and report["unchanged"] == len(CORPUS) and report["documents"] == len(CORPUS)
    )
    code, out = run("index", "--archive", str(archive), "--full", "--lang", "en")
    assert code == 0 and "en: full rebuild (gen-000002)" in out


def test_search_json_has_the_design_shape(archive: Path) -> None:
    code, out = run("search", "police", "--country", "TH", "--archive", str(archive), "--json")
    assert code == 0, out
    data = json.loads(out)
    assert {"query", "total", "page", "hits", "facets", "suggestion"} <= set(data)
    assert data["query"] == "police" and data["total"] == 1
    assert data["hits"][0]["url"] == "documents/thailand-report.html#police-raids"
    assert "<mark>Police</mark>" in data["hits"][0]["snippet"]
    assert set(data["facets"]) >= {"country", "theme", "type", "language"}


def test_search_options_reach_the_request(archive: Path) -> None:
    args = [
        "search",
        "",
        "--archive",
        str(archive),
        "--json",
        "--sort",
        "date",
        "--limit",
        "2",
        "--page",
        "2",
    ]
    data = json.loads(run(*args, "--from", "2000", "--to", "2003")[1])
    assert data["page"] == 2 and data["total"] == 6 and len(data["hits"]) == 2
    data = json.loads(run(*args[:5], "--theme", "health-and-hiv", "--type", "handbook", "--lang", "en")[1])
    assert [h["id"] for h in data["hits"]] == ["health-handbook"]


def test_search_text_output_is_plain(archive: Path) -> None:
    code, out = run("search", "hostile", "--archive", str(archive))
    assert code == 0
    assert "1 results for 'hostile'" in out
    assert "1. Hostile <b>markup</b>" in out
    assert "documents/hostile.html" in out
    assert "<mark>" not in out and "<script>alert('x')</script>" in out  # unescaped for a terminal
    assert "country: SG (1)" in out


def test_no_match_shows_the_suggestion(archive: Path) -> None:
    code, out = run("search", "deportatoin", "--archive", str(archive))
    assert code == 0 and "Did you mean: deportation" in out


@pytest.mark.parametrize("q", ['"unclosed', "AND OR", "(a OR", "title:", "x" * 10_000])
def test_bad_query_exits_2_with_a_message(archive: Path, q: str) -> None:
    code, out = run("search", q, "--archive", str(archive))
    assert code == 2
    assert out.startswith("Error: ") and "Traceback" not in out


def test_misuse_exits_2(archive: Path) -> None:
    assert run("search", "x", "--limit", "0", "--archive", str(archive))[0] == 2
    assert run("search", "x", "--sort", "title", "--archive", str(archive))[0] == 2
    assert run("search", "--archive", str(archive))[0] == 2


def test_no_index_or_corpus_exits_1_saying_what_to_run(tmp_path: Path) -> None:
    create_archive(tmp_path / "a", "Empty")
    code, out = run("search", "police", "--archive", str(tmp_path / "a"))
    assert code == 1 and "crossings index" in out
    code, out = run("index", "--archive", str(tmp_path / "a"))
    assert code == 1 and "crossings build html" in out
    code, out = run("index", "--archive", str(tmp_path / "a"), "--edition", "internal", "--lang", "th")
    assert code == 1 and "internal/corpus/th.jsonl" in out
