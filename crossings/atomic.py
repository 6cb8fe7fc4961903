"""Write files so that a crash or Ctrl-C leaves either the old file or the new one, never half of one.

Every file crossings writes in place (documents, staged sources, index keys, records, logs) goes
through here, so that no stage leaves a half-written file or a stray temporary one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path


def write_text(path: Path, text: str) -> None:
    """Write *text* to *path* through a temporary file in the same folder and an atomic rename."""
    write_bytes(path, text.encode("utf-8"))


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and termination until the block ends, so that no temporary file is left.

    KeyboardInterrupt can otherwise arrive between creating the temporary file and the ``try``
    that removes it (a Ctrl-C reaches every worker of a batch). The held signal is delivered,
    and raised, as soon as the block ends: by then the file is either in place or removed.
    """
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def write_bytes(path: Path, data: bytes) -> None:
    """Write *data* to *path* atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with signals_held():
        _write_bytes(path, data)


def _write_bytes(path: Path, data: bytes) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # No fsync: the rename alone keeps a crash or Ctrl-C from exposing half a file, and
        # fsync per document cost more than a fifth of a pandoc run.
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(temp).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temp).unlink()
        raise


def move_into(source: Path, target: Path) -> None:
    """Move a finished file into place atomically (build/ and source/ share the archive's disk)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        source.replace(target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        write_bytes(target, source.read_bytes())  # build/ on another disk: copy, still atomic
        source.unlink()
