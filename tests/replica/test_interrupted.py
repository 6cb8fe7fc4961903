"""A ship stopped half-way through copying a generation: the replica keeps serving its previous
generation, whole, and the next ship finishes the job.

The source's segment file is swapped for a named pipe, so that the real `crossings ship` process
blocks mid-file after the test has fed it half of the bytes: a half-copied generation exists on
disk when the process is killed or terminated.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from crossings.replica.ship import ship
from crossings.search.indexing.index import build_index, current_generation
from tests.replica.test_ship import ZEBRA, ids
from tests.serving import CROSSINGS
from tests.web.conftest import CORPUS, Built, write_corpus

INCOMING = ".gen-incoming-*.tmp"


def half_copied(index: Path, size: int, process: subprocess.Popen[bytes]) -> None:
    """Wait until the ship has written *size* bytes of a file into its incoming folder."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the ship ended before it could be interrupted"
        if any(p.stat().st_size >= size for tmp in index.glob(INCOMING) for p in tmp.iterdir()):
            return
        time.sleep(0.05)
    pytest.fail("the ship never copied the first half of the segment")


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_an_interrupted_copy_never_becomes_the_live_generation(
    source: Built, replica: Path, signum: int
) -> None:
    first = ship(source.archive, replica, "public").indexes["en"].generation
    build_index(write_corpus(source.corpus, [*CORPUS, ZEBRA]), source.index, incremental=False)
    generation = source.index / str(current_generation(source.index))
    segment = next(p for p in generation.iterdir() if p.suffix == ".seg")
    data = segment.read_bytes()
    segment.unlink()
    os.mkfifo(segment)
    index = replica / "build" / "public" / "search" / "en"
    command = [CROSSINGS, "ship", str(replica), "--archive", str(source.archive.root)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        with segment.open("wb") as pipe:  # opens once the ship opens the segment to copy it
            pipe.write(data[: len(data) // 2])
            pipe.flush()
            half_copied(index, len(data) // 2, process)
            process.send_signal(signum)
            output = process.communicate(timeout=30)[0].decode()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == (-signal.SIGKILL if signum == signal.SIGKILL else 143), output

    assert current_generation(index) == first
    assert ids(index, "police") == {"thailand-report", "hong-kong-police", "chinese-statement"}
    assert ids(index, "zebra") == set()
    left = list(index.glob(INCOMING))
    assert len(left) == (1 if signum == signal.SIGKILL else 0)  # SIGTERM cleans up on its way out

    segment.unlink()
    segment.write_bytes(data)
    done = ship(source.archive, replica, "public").indexes["en"]
    assert current_generation(index) == done.generation != first
    assert ids(index, "zebra") == {"zebra-notes"}
    assert list(index.glob(INCOMING)) == []
    visible = sorted(p.name for p in index.iterdir() if not p.name.startswith("."))
    assert visible == ["CURRENT", done.generation]
