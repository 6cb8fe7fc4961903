"""A process that dies in the middle of a batch (the OOM killer, a kill -9) fails only its file:
the other files of its batch, and of every batch the broken pool left unfinished, are converted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ingest.archives import make_archive, row

CROSSINGS = Path(sys.executable).with_name("crossings")
WORD = "A paragraph of the long report, written as the contributor typed it. "
# About 2 MB of text: pandoc takes seconds on it, long enough to be caught converting it.
LONG = "\n\n".join(WORD * 14 for _ in range(2_000)).encode()


def _pandoc_on_long_file(ingest_pid: int) -> tuple[int, int] | None:
    """(pandoc's pid, its parent's pid) of the pandoc process converting long.txt, if running now."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            if not any(arg.endswith(b"runner.lua") for arg in argv):
                continue
            cwd = (entry / "cwd").readlink()
            jobs = (cwd / argv[argv.index(b"--") + 2].decode()).read_text(encoding="utf-8")
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        folders = [line.split("\t")[0] for line in jobs.splitlines()]
        running = next((cwd / f for f in folders if not (cwd / f / "output.md").exists()), None)
        # a long text comes in parts (crossings.ingest.textparts): its folder's inputs together
        try:
            inputs = sum(f.stat().st_size for f in running.iterdir() if f.is_file()) if running else 0
        except OSError:  # the folder cleared meanwhile
            continue
        if inputs > 1_000_000:
            return int(entry.name), parent
    return None


def _ingest_killing(tmp_path: Path, target: str) -> dict[str, dict[str, str]]:
    """Ingest twelve files with --jobs 2, SIGKILL the pandoc or worker process of the long one."""
    files = {f"doc-{n:02d}.txt": f"Short report number {n}.\n".encode() for n in range(12)}
    files["doc-05.txt"] = LONG
    root = make_archive(tmp_path / "archive", files, [row(name, name[:-4]) for name in files])
    proc = subprocess.Popen(
        [str(CROSSINGS), "ingest", "--archive", str(root), "--jobs", "2", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    found = None
    while found is None and time.monotonic() < deadline and proc.poll() is None:
        found = _pandoc_on_long_file(proc.pid)
        time.sleep(0.02)
    assert found is not None, "pandoc was never seen converting the long file"
    os.kill(found[0] if target == "pandoc" else found[1], signal.SIGKILL)
    out, _ = proc.communicate(timeout=300)
    return {doc["id"]: doc for doc in json.loads(out)["documents"]}


@pytest.mark.slow
def test_a_killed_worker_fails_only_its_file(tmp_path: Path) -> None:
    by_id = _ingest_killing(tmp_path, "worker")
    others = {doc_id: doc["status"] for doc_id, doc in by_id.items() if doc_id != "doc-05"}
    assert set(others.values()) <= {"converted", "unchanged"}, by_id
    long = by_id["doc-05"]  # killed once from outside, it converts when run again alone
    assert long["status"] == "converted" or long["reason"].startswith("reports/doc-05.txt: "), long
    assert all((tmp_path / "archive/source/documents" / f"{i}.md").exists() for i in others)


@pytest.mark.slow
def test_a_killed_pandoc_fails_only_its_file(tmp_path: Path) -> None:
    by_id = _ingest_killing(tmp_path, "pandoc")
    assert by_id["doc-05"]["status"] == "failed"
    assert by_id["doc-05"]["reason"].startswith("reports/doc-05.txt: pandoc was killed (SIGKILL)")
    assert all(doc["status"] == "converted" for doc_id, doc in by_id.items() if doc_id != "doc-05"), by_id
