"""Before Sphinx runs, the output being built loses every trace of the pages its edition withholds.

``purge_stale`` (crossings.publish.protection) removes the *other* outputs built before a
withdrawal; the output being built is rewritten by its own build, but only at its end. A build
that fails or is interrupted half-way would leave the withdrawn document public: its page and
paper's PDF, its citation files, its record in the OAI-PMH records file and its sections in the
search corpus, its words in ``searchindex.js``; and every other page of a site built under the
old protection state (its links, lists, sitemap, inventory and static OAI file name it). They go
here, first.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from crossings import atomic, searchindex
from crossings.oai.repository import BadRecords, read


def withheld_ids(withheld: Iterable[str]) -> set[str]:
    """The document ids of withheld pages (docnames such as ``documents/pier``)."""
    return {name.rsplit("/", 1)[-1] for name in withheld}


def wipe_site(outdir: Path, doctreedir: Path) -> None:
    """Empty a site built under another protection state, and its doctrees.

    Every page of it may name what is now withheld (the next and previous links, the browse
    pages, objects.inv, the sitemap, the papers' PDFs), and the build, fresh after such a change,
    reads and writes everything again anyway.
    """
    shutil.rmtree(doctreedir, ignore_errors=True)
    shutil.rmtree(outdir, ignore_errors=True)


def forget_site(outdir: Path, staged: Callable[[str], bool], ids: set[str]) -> None:
    """Remove from a built site what names a page no longer *staged* or a withheld document id:
    its words in searchindex.js and its citation files."""
    searchindex.prune_file(outdir, staged)
    cite = outdir / "_cite"
    if cite.is_dir():
        for path in cite.iterdir():
            if path.name.split(".", 1)[0] in ids:
                path.unlink()


def forget_records(records: Path, ids: set[str]) -> None:
    """Drop withheld documents' records from an OAI-PMH records file (unreadable: removed)."""
    if not records.is_file() or not ids:
        return
    try:
        repository = read(records)
    except (OSError, BadRecords):
        records.unlink()
        return
    kept = tuple(record for record in repository.records if record.id not in ids)
    if len(kept) != len(repository.records):
        atomic.write_text(records, dataclasses.replace(repository, records=kept).to_json())


def forget_corpus(corpus: Path, ids: set[str]) -> bool:
    """Drop withheld documents' sections from a search corpus; True when any went."""
    if not corpus.is_file() or not ids:
        return False
    kept = []
    lines = corpus.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue  # a damaged line is no section to publish
        if isinstance(record, dict) and str(record.get("id", "")) not in ids:
            kept.append(line)
    if len(kept) == len(lines):
        return False
    atomic.write_text(corpus, "".join(kept))
    return True
