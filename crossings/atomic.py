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
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def write_text(path: Path, text: str) -> None:
    """Write *text* to *path* through a temporary file in the same folder and an atomic rename."""
    write_bytes(path, text.encode("utf-8"))


HELD = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and termination until the block ends, so that no temporary file is left.

    KeyboardInterrupt can otherwise arrive between creating the temporary file and the ``try``
    that removes it (a Ctrl-C reaches every worker of a batch). Python runs signal handlers in
    the main thread only, so there the handlers are swapped for ones that note the signal; when
    the block ends the old handlers are back and each noted signal is raised again (by then the
    file is either in place or removed). In other threads no handler can interrupt the block.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[int] = []

    def note(signum: int, _frame: object) -> None:
        noted.append(signum)

    previous = {held: signal.signal(held, note) for held in HELD}
    try:
        yield
    finally:
        for held, handler in previous.items():
            signal.signal(held, handler if handler is not None else signal.SIG_DFL)
        for signum in dict.fromkeys(noted):
            signal.raise_signal(signum)


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


@contextlib.contextmanager
def scratch_folder(parent: Path, prefix: str) -> Iterator[Path]:
    """A temporary folder under *parent*, removed when the block ends, Ctrl-C and SIGTERM
    included: the signals are held while it is created, so none can arrive between its creation
    and the moment its removal is arranged (tempfile.TemporaryDirectory alone leaves it then)."""
    with contextlib.ExitStack() as stack:
        with signals_held():
            folder = stack.enter_context(tempfile.TemporaryDirectory(dir=parent, prefix=prefix))
        yield Path(folder)


def sync_folder(folder: Path) -> None:
    """Flush *folder*'s entries (names created, renamed or removed in it) to disk."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


COPY_CHUNK = 1 << 20


def copy_synced(source: Path, target: Path, digest: Any = None) -> int:
    """Copy *source* to a new file *target*, flushed to disk (fsync) before it returns, feeding
    the bytes to *digest* (a hashlib object) on the way; the number of bytes copied."""
    copied = 0
    # Unbuffered both ways: what is read is written at once (a copy stopped half-way leaves the
    # bytes it read, no more, no fewer), in chunks of whatever the source gives.
    with source.open("rb", buffering=0) as reader, target.open("xb", buffering=0) as writer:
        while chunk := reader.read(COPY_CHUNK):
            view = memoryview(chunk)
            while view:
                view = view[writer.write(view) or 0 :]
            if digest is not None:
                digest.update(chunk)
            copied += len(chunk)
        os.fsync(writer.fileno())
    return copied


def next_numbered(folder: Path, prefix: str) -> str:
    """``<prefix>NNNNNN``, numbered above every name with that prefix in *folder* (index
    generations, shipped site folders): a new name no reader has ever opened."""
    numbers = [
        int(p.name[len(prefix) :]) for p in folder.glob(f"{prefix}*") if p.name[len(prefix) :].isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:06d}"
