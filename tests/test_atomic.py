"""Atomic writes: a Ctrl-C at any moment leaves the old file or the new one, and no temporary file."""

from __future__ import annotations

import os
import signal
import tempfile
from pathlib import Path
from typing import Any

import pytest

from crossings import atomic


def _interrupt_after(real: Any) -> Any:
    """*real*, then a Ctrl-C to this process: the moment a temporary file or folder exists."""

    def call(*args: Any, **kwargs: Any) -> Any:
        made = real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)
        return made

    return call


def test_ctrl_c_right_after_the_temporary_file_exists_leaves_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "doc.md"
    target.write_text("old", encoding="utf-8")
    monkeypatch.setattr(tempfile, "mkstemp", _interrupt_after(tempfile.mkstemp))
    with pytest.raises(KeyboardInterrupt):
        atomic.write_text(target, "new")
    # The interrupt is held until the write ends: the new text is in place, nothing else.
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.md"]


def test_signals_are_delivered_once_the_block_ends() -> None:
    with pytest.raises(KeyboardInterrupt), atomic.signals_held():
        os.kill(os.getpid(), signal.SIGINT)
        reached = True  # the interrupt waits for the block to end
    assert reached
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the reader's Ctrl-C works again


def test_the_scratch_folder_goes_even_when_ctrl_c_lands_as_it_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crossings.archive import Archive
    from crossings.ingest import convert

    root = tmp_path / "archive"
    monkeypatch.setattr(tempfile, "mkdtemp", _interrupt_after(tempfile.mkdtemp))
    with pytest.raises(KeyboardInterrupt), convert._workdir(Archive(root)):
        pass  # pragma: no cover - the interrupt is raised before the body runs
    assert not list((root / "build").rglob("ingest-*"))
