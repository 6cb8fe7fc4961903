"""A small archive built in every interface language once per module that asks for it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from crossings.cli import main
from tests.i18n.archive import make_archive


def build_all(root: Path) -> Path:
    """`crossings build html --lang all` on *root*; the edition's html folder."""
    result = CliRunner().invoke(main, ["build", "html", "--lang", "all", "--archive", str(root)])
    assert result.exit_code == 0, result.output
    return root / "build" / "public" / "html"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """build/public/html of the test archive, every language built."""
    return build_all(make_archive(tmp_path_factory.mktemp("i18n") / "archive"))
