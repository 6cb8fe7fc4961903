"""What a killed command leaves behind is removed at the next start, and named by `crossings check`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ingest.archives import make_archive, row
from tests.ingest.cases import CASES

pytestmark = pytest.mark.slow

CROSSINGS = [sys.executable, "-m", "crossings"]


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CROSSINGS, *args, "--archive", str(root)], capture_output=True, text=True)


def test_a_killed_ingest_leaves_copies_of_originals_that_the_next_run_removes(tmp_path: Path) -> None:
    docx = (CASES / "docx-pandoc" / "input.docx").read_bytes()
    files = {f"papers/p{n}.docx": docx for n in range(40)}
    root = make_archive(tmp_path / "archive", files, [row(f"papers/p{n}.docx", f"p{n}") for n in range(40)])
    scratch = root / "build" / "tmp"
    process = subprocess.Popen(
        [*CROSSINGS, "ingest", "--jobs", "1", "--archive", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not any(scratch.glob("ingest-*/*/input.*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    (left,) = scratch.glob("ingest-*")
    assert any(left.rglob("input.docx")), "the killed run's scratch folder holds an original"

    check = run(root, "check")
    assert f"build/tmp/{left.name}: warning: scratch folder of an interrupted ingest" in check.stdout

    again = run(root, "ingest")
    assert again.returncode == 0, again.stdout + again.stderr
    assert not left.exists() and not any(scratch.glob("ingest-*"))
    assert "scratch folder" not in run(root, "check").stdout


def test_a_half_written_index_generation_is_removed_by_the_next_index_run(empty_archive: Path) -> None:
    root = empty_archive
    docs = root / "source" / "documents"
    docs.mkdir(parents=True)
    front = "---\nid: a\ntitle: A\ntype: paper\nlanguage: en\naccess: public\n---\n"
    (docs / "a.md").write_text(front + "# A\n\nText about the market.\n", "utf-8")
    assert run(root, "build", "html").returncode == 0
    assert run(root, "index").returncode == 0
    index = root / "build" / "public" / "search" / "en"
    half = index / ".gen-000007.tmp"  # as a run killed while writing its new generation leaves it
    half.mkdir()
    (half / "_MAIN_1.toc").write_bytes(b"partial")
    assert "build/public/search/en/.gen-000007.tmp: warning: half-written index" in run(root, "check").stdout
    done = run(root, "index", "--full")
    assert done.returncode == 0, done.stdout + done.stderr
    assert not half.exists()
