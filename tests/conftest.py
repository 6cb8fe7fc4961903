"""Fixtures shared by every test folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossings.init import create_archive

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def empty_archive(tmp_path: Path) -> Path:
    """A new archive made by `crossings init`, in a temporary folder."""
    root = tmp_path / "archive"
    create_archive(root, "Test archive")
    return root
