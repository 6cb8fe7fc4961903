"""Fixtures: the small built archive of the web tests, with OAI-PMH records, and a replica of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossings.replica import ship as shipping
from tests.web.conftest import Built, built  # noqa: F401  (the fixture, used by these tests)


@pytest.fixture(autouse=True)
def no_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    """Delete the previous site copy at once (the grace is for requests of a running server)."""
    monkeypatch.setattr(shipping, "SITE_GRACE", 0.0)


@pytest.fixture
def source(built: Built) -> Built:  # noqa: F811
    """The built archive, with OAI-PMH records in two languages."""
    oai = built.archive.edition_dir("public") / "oai"
    oai.mkdir(parents=True)
    for lang in ("en", "th"):
        (oai / f"{lang}.json").write_text(f'{{"records": "{lang}"}}\n', encoding="utf-8")
    return built


@pytest.fixture
def replica(tmp_path: Path) -> Path:
    """Where the replica goes (not made yet)."""
    return tmp_path / "replica"
