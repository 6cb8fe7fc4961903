"""A batch mixing good files with hostile ones: the good convert, the bad fail alone and by name,
originals stay byte-identical and nothing is written outside the archive."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ingest.archives import listing, make_archive, row, tree_hashes
from tests.ingest.batch_inputs import bad_files, good_files
from tests.ingest.myst_tokens import unsafe

CROSSINGS = Path(sys.executable).with_name("crossings")


@pytest.mark.slow
def test_mixed_batch(tmp_path: Path) -> None:
    good, bad = good_files(), bad_files()
    files = {name: data for name, (data, *_rest) in good.items()} | {
        name: data for name, (data, _) in bad.items()
    }
    rows = [row(name, doc_id, language=lang) for name, (_, doc_id, lang) in good.items()]
    rows += [row(name, doc_id) for name, (_, doc_id) in bad.items()]
    root = make_archive(tmp_path / "archive", files, rows)
    scratch_tmp, home = tmp_path / "tmp", tmp_path / "home"
    scratch_tmp.mkdir()
    home.mkdir()
    originals = tree_hashes(root / "reports")
    before = listing(tmp_path)
    env = {**os.environ, "TMPDIR": str(scratch_tmp), "HOME": str(home)}
    done = subprocess.run(
        [str(CROSSINGS), "ingest", "--archive", str(root), "--jobs", "2", "--json"],
        capture_output=True, text=True, env=env, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    by_id = {doc["id"]: doc for doc in report["documents"]}
    for name, (_, doc_id, _lang) in good.items():
        assert by_id[doc_id]["status"] == "converted", (name, by_id[doc_id]["reason"])
        body = (root / "source/documents" / f"{doc_id}.md").read_text(encoding="utf-8")
        assert unsafe(body, doc_id) == [], name
    for name, (_, doc_id) in bad.items():
        assert by_id[doc_id]["status"] == "failed", name
        assert f"reports/{name}" in by_id[doc_id]["reason"], by_id[doc_id]["reason"]
    assert report["counts"]["converted"] == len(good) and report["counts"]["failed"] == len(bad)
    assert tree_hashes(root / "reports") == originals
    assert listing(scratch_tmp) == set() and listing(home) == set()
    new = listing(tmp_path) - before
    assert new and all(p.startswith(("archive/source/documents", "archive/build")) for p in new), sorted(new)[
        :20
    ]
    assert not list((root / "build").rglob("ingest-*")), "scratch folders are removed"
    big5 = (root / "source/documents/good-big5.md").read_text(encoding="utf-8")
    thai = (root / "source/documents/good-thai.md").read_text(encoding="utf-8")
    assert "移工姊妹在香港的工作與生活情況報告。" in big5
    assert "รายงานสถานการณ์แรงงานข้ามชาติในประเทศไทย" in thai


@pytest.mark.slow
def test_ctrl_c_leaves_only_complete_documents(tmp_path: Path) -> None:
    from crossings.ingest.document import read_existing
    from tests.ingest.batch_inputs import DOCX

    files = {f"doc-{n:03d}.docx": DOCX for n in range(80)}
    root = make_archive(tmp_path / "archive", files, [row(name, name[:-5]) for name in files])
    proc = subprocess.Popen(
        [str(CROSSINGS), "ingest", "--archive", str(root), "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole process group
    _, err = proc.communicate(timeout=120)
    assert proc.returncode in (0, 1), err
    documents = root / "source" / "documents"
    written = list(documents.glob("*.md")) if documents.exists() else []
    states = [read_existing(path) for path in written]
    assert all(state is not None and not state.edited for state in states)  # complete, as generated
    leftovers = (
        [p.name for p in documents.rglob("*") if p.name.endswith(".tmp")] if documents.exists() else []
    )
    assert leftovers == [] and not list((root / "build").rglob("ingest-*"))
