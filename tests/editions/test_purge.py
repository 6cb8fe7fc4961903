"""What a change of protection state (a withdrawal, a new withheld name) removes before the next
build: every output built under the old state, each language's OAI-PMH records with its site,
and whatever was handed out (exports, bundles); the output being built keeps its own files,
which the build itself rewrites."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from crossings.archive import Archive
from crossings.cli import main
from crossings.cli.build import rebuild_command
from crossings.init import create_archive
from crossings.publish.protection import Record, purge_stale


def _edition(tmp_path: Path, state: str) -> tuple[Archive, Path]:
    """An archive whose public edition has an English and a Thai site built under *state*, their
    records, an export and a bundle."""
    root = tmp_path / "archive"
    create_archive(root, "Purge test")
    archive = Archive.at(root)
    base = archive.edition_dir("public")
    for relative in (
        "html/en/index.html", "html/th/index.html", "oai/en.json", "oai/th.json", "corpus/th.jsonl",
        "export/crossings-archive-en.zip", "bundle/crossings-en.zip",
    ):  # fmt: skip
        (base / relative).parent.mkdir(parents=True, exist_ok=True)
        (base / relative).write_text("built", "utf-8")
    record = Record.read(base)
    record.outputs.update({"html/en": state, "html/th": state, "search/en": state})
    record.write()
    return archive, base


def test_a_new_state_removes_other_sites_their_records_and_what_was_handed_out(tmp_path: Path) -> None:
    archive, base = _edition(tmp_path, "old")
    removed = purge_stale(archive, "public", "new", "html/en")
    assert not (base / "html" / "th").exists() and not (base / "oai" / "th.json").exists()
    assert not (base / "corpus" / "th.jsonl").exists()
    assert not (base / "export").exists() and not (base / "bundle").exists()
    assert {"html/th", "export", "bundle"} <= set(removed)
    assert (base / "html" / "en" / "index.html").is_file() and (base / "oai" / "en.json").is_file()


def test_the_same_state_keeps_everything(tmp_path: Path) -> None:
    archive, base = _edition(tmp_path, "same")
    assert purge_stale(archive, "public", "same", "html/en") == []
    for relative in ("html/th/index.html", "oai/th.json", "export", "bundle"):
        assert (base / relative).exists(), relative


def test_only_the_site_being_built_was_stale(tmp_path: Path) -> None:
    """One language only: nothing else to remove, but its export was made under the old state."""
    archive, base = _edition(tmp_path, "new")
    record = Record.read(base)
    record.outputs["html/en"] = "old"
    record.write()
    purge_stale(archive, "public", "new", "html/en")
    assert not (base / "export").exists() and not (base / "bundle").exists()
    assert (base / "html" / "th" / "index.html").is_file()


def test_an_e_books_search_corpus_left_by_older_versions_goes_with_it(tmp_path: Path) -> None:
    archive, base = _edition(tmp_path, "old")
    (base / "epub" / "th").mkdir(parents=True)
    (base / "epub" / "corpus").mkdir()
    (base / "epub" / "corpus" / "th.jsonl").write_text('{"id": "pier"}\n', "utf-8")
    record = Record.read(base)
    record.outputs["epub/th"] = "old"
    record.write()
    assert "epub/th" in purge_stale(archive, "public", "new", "html/en")
    assert not (base / "epub" / "corpus" / "th.jsonl").exists()


@pytest.mark.parametrize("output", ["html/th", "latex/th", "epub/zh-hant", "bundle", "export"])
def test_the_message_names_a_command_that_makes_the_removed_output_again(output: str) -> None:
    """What `crossings build` says to run after removing an output is a command crossings has,
    with a language where the command needs one."""
    command = rebuild_command(output).split(" (")[0].split()
    assert command[0] == "crossings"
    words = [word for word in command[1:] if not word.startswith("--") and word.isalpha() and word.islower()]
    help_run = CliRunner().invoke(main, [*words, "--help"])
    assert help_run.exit_code == 0, (output, help_run.output)
    if "--lang" in command:
        assert command[command.index("--lang") + 1], output
