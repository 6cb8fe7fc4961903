"""``crossings index`` and ``crossings search`` through click's runner, on a real index."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from crossings.cli import main
from crossings.init import create_archive
from tests.serving import CROSSINGS

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
    engine = report["engine"]  # the fast paths ran on every segment of the result
    assert engine["whoosh"] == "2.7.4" and engine["fast_paths"] is True
    assert engine["probe_fast_segments"] == engine["segments"] >= 1 and engine["probe_fallback_segments"] == 0
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
    assert data["page"] == 2 and data["total"] == 5 and len(data["hits"]) == 2  # documents, not sections
    data = json.loads(run(*args[:5], "--theme", "health-and-hiv", "--type", "handbook", "--lang", "en")[1])
    assert [h["id"] for h in data["hits"]] == ["health-handbook"]


@pytest.mark.parametrize(
    "args",
    [
        ["-police"],
        ["-police", "--country", "TH"],
        ["--country", "TH", "-police"],
        ["--", "-police"],
    ],
)
def test_a_query_starting_with_a_minus_sign_is_the_query(archive: Path, args: list[str]) -> None:
    """``-police`` (sections without the word) is read as the query, not as the options -p -o ..."""
    code, out = (
        run("search", *args, "--archive", str(archive), "--json")
        if "--" not in args
        else run("search", "--archive", str(archive), "--json", *args)
    )
    assert code == 0, out
    data = json.loads(out)
    assert data["query"] == "-police"
    everything = json.loads(run("search", "", "--archive", str(archive), "--json", "--limit", "50")[1])
    assert 0 < data["total"] < everything["total"]
    assert all("police" not in hit["snippet"].lower() for hit in data["hits"])


def test_an_option_s_value_starting_with_a_minus_sign_stays_its_value(archive: Path) -> None:
    code, out = run("search", "police", "--site-lang", "-x", "--archive", str(archive))
    assert code != 0 and "-x" in out and "No such option" not in out


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


def crossings(
    archive: Path, *args: str | bytes, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """`crossings` as a real process over *archive* (arguments may be raw bytes)."""
    command: list[str | bytes] = [CROSSINGS, *args, "--archive", str(archive)]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **(env or {})}
    )


@pytest.mark.parametrize(
    "args", [(b"police\xff",), (b"police\xff", "--json"), ("police", "--country", b"T\xffH")]
)
def test_an_undecodable_argument_is_misuse_not_a_traceback(
    archive: Path, args: tuple[str | bytes, ...]
) -> None:
    # A terminal whose encoding is not the one the bytes were typed in; UTF-8 output, strictly.
    process = crossings(archive, "search", *args, env={"PYTHONIOENCODING": "utf-8"})
    out, err = process.communicate(timeout=60)
    assert process.returncode == 2, err
    assert b"not valid text" in err and b"Traceback" not in err + out


def test_output_closed_early_ends_quietly(archive: Path) -> None:
    process = crossings(archive, "search", "migrant OR police OR health", "--json", "--limit", "50")
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader stopped reading (| head)
    err = process.stderr.read()
    assert process.wait(timeout=60) == 1
    assert b"Traceback" not in err and b"output was closed" in err


def test_an_interrupted_search_ends_with_a_message(archive: Path) -> None:
    interrupted = 0
    for delay in (0.2, 0.5, 0.8, 1.2, 2.0, 3.0, 5.0):  # later on a busy machine, whose start-up is slow
        if interrupted:
            break
        process = crossings(archive, "search", "migrant OR police OR health")
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        # The interpreter itself was still starting (importing site): no code of ours had run.
        if process.returncode == -signal.SIGINT or err.startswith(b"Fatal Python error: init_import_site"):
            continue
        assert b"Traceback" not in err + out, err
        assert process.returncode in (0, 1), err  # 0: it had finished
        if process.returncode == 1:
            assert b"Aborted" in err
            interrupted += 1
    assert interrupted
