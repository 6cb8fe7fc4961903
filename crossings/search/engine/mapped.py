"""Read segment files straight from the memory map, without a private copy per file.

Whoosh opens each file inside a segment's compound file as a ``BufferFile`` over a memoryview
of the memory-mapped segment, and wraps the view in ``BytesIO``, which copies it: every open
searcher holds a private copy of every segment (about 390 MB at 10,000 documents, per search
process), on top of the shared page cache. ``ViewFile`` reads the view in place; only what is
read is copied. The patch that puts it under Whoosh is in :mod:`whoosh_internals`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

PEEK = 512  # bytes; a posting block's pickled header is a few dozen


class ViewFile:
    """A read-only file over a memoryview: the calls StructFile and pickle make of a file."""

    def __init__(self, view: Any) -> None:
        self._view = memoryview(view).cast("B")
        self._size = len(self._view)
        self._pos = 0

    def read(self, size: int | None = -1) -> bytes:
        """Up to *size* bytes from the position (all the rest when *size* is None or negative)."""
        start = self._pos
        end = self._size if size is None or size < 0 else min(self._size, start + size)
        if end <= start:
            return b""
        self._pos = end
        return self._view[start:end].tobytes()

    def peek(self, size: int = 0) -> bytes:
        """Bytes from the position without moving it (at most PEEK): pickle.load reads its
        opcodes from these rather than calling read() for each of them."""
        return self._view[self._pos : self._pos + min(max(size, 1), PEEK)].tobytes()

    def readinto(self, target: Any) -> int:
        """Fill *target* from the position; the number of bytes copied."""
        out = memoryview(target).cast("B")
        count = max(0, min(len(out), self._size - self._pos))
        out[:count] = self._view[self._pos : self._pos + count]
        self._pos += count
        return count

    def readline(self, size: int | None = -1) -> bytes:
        """Bytes up to and including the next newline (or *size* bytes, or the end)."""
        end = self._size if size is None or size < 0 else min(self._size, self._pos + size)
        start = self._pos
        index = start
        while index < end:
            if self._view[index] == 10:
                index += 1
                break
            index += 1
        self._pos = index
        return bytes(self._view[start:index])

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        """Move the position as a file's seek does."""
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: self._size}[whence]
        if base + offset < 0:
            raise ValueError(f"negative seek position {base + offset}")
        self._pos = base + offset
        return self._pos

    def tell(self) -> int:
        """The position."""
        return self._pos

    def close(self) -> None:
        """Release the view (the map itself belongs to the segment's storage)."""
        with contextlib.suppress(BufferError):  # a slice is still alive: the collector releases it
            self._view.release()
