"""docs/settings.md and docs/warnings.md are what the declarations generate, and name every declaration."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossings import reference
from crossings.settings import PREFIX, Settings
from crossings.sphinx.warnings import Warn

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("name", sorted(reference.PAGES))
def test_the_committed_reference_is_what_the_declarations_generate(name: str) -> None:
    committed = (DOCS / name).read_text("utf-8")
    assert committed == reference.PAGES[name](), f"docs/{name} is stale: run `python -m crossings.reference`"


def test_every_setting_and_every_warning_is_documented() -> None:
    settings, warnings = reference.settings_markdown(), reference.warnings_markdown()
    for item, spec in Settings.specs():
        assert f"### `{PREFIX}{item.name}`" in settings and spec.doc in settings
    for member in Warn:
        assert f"| `crossings.{member.value}` | {member.__doc__} |" in warnings


def test_the_check_mode_fails_on_a_stale_page_and_passes_once_written(tmp_path: Path) -> None:
    (tmp_path / "settings.md").write_text("# Settings\n\nhand-edited\n", "utf-8")
    assert reference.main(["--check", "--docs", str(tmp_path)]) == 1
    assert reference.main(["--docs", str(tmp_path)]) == 0
    assert reference.main(["--check", "--docs", str(tmp_path)]) == 0
    assert (tmp_path / "warnings.md").read_text("utf-8") == reference.warnings_markdown()
