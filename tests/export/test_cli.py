"""`crossings export` is documented: each action and option in --help and in README.md."""

from __future__ import annotations

from pathlib import Path

import click
from click.testing import CliRunner

from crossings.cli import main

README = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")


def test_every_export_action_and_option_is_in_the_readme_and_help() -> None:
    group = main.get_command(click.Context(main), "export")
    assert isinstance(group, click.Group)
    actions = group.list_commands(click.Context(group))
    assert actions == ["archive", "crossref"]
    for name in actions:
        assert f"crossings export {name}" in README, name
        shown = CliRunner().invoke(main, ["export", name, "--help"])
        assert shown.exit_code == 0
        action = group.get_command(click.Context(group), name)
        assert action is not None
        for param in action.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert opt in README, f"crossings export {name} {opt} is not in README.md"
                    assert opt in shown.output, f"crossings export {name} {opt} is not in its --help"


def test_an_unknown_action_is_misuse() -> None:
    done = CliRunner().invoke(main, ["export", "everything"])
    assert done.exit_code == 2


def test_an_output_that_would_replace_part_of_the_archive_is_refused(tmp_path: Path) -> None:
    """--output never overwrites the archive's own files or its built site, never names a folder,
    never creates folders: refused before anything is read, with the reason."""
    from crossings.init import create_archive

    root = tmp_path / "archive"
    create_archive(root, "Output test")
    conf = (root / "conf.py").read_bytes()
    (tmp_path / "elsewhere").mkdir()
    cases = {
        str(root / "conf.py"): (1, "inside the archive"),
        str(root / "build" / "public" / "html" / "en" / "oai-static.xml"): (1, "inside the archive"),
        str(tmp_path / "elsewhere"): (2, "is a directory"),
        str(tmp_path / "missing" / "x.zip"): (1, "create it first"),
    }
    for action in ("archive", "crossref"):
        for output, (status, reason) in cases.items():
            done = CliRunner().invoke(main, ["export", action, "--output", output, "--archive", str(root)])
            assert done.exit_code == status, (action, output, done.output)
            assert reason in done.output and "Traceback" not in done.output, done.output
    assert (root / "conf.py").read_bytes() == conf
    assert not (tmp_path / "missing").exists()
