"""The key file of a generation: each document's section keys and line hashes, per Whoosh commit.

An incremental run needs the key and content hash of every live section. Reading them from
Whoosh's columns, and decoding every JSON line of the corpus to recompute them, took about 2 s at
100,000 sections. With this file, a run hashes each corpus line as text and decodes only the lines
it does not know. The file is named after the Whoosh generation it describes
(``crossings-keys.<n>.json``) and written after that commit, so a crash in between leaves no file
for the live state and the next run falls back to the columns and a full read.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from crossings import atomic
from crossings.search.indexing.errors import CorpusError
from crossings.search.indexing.records import (
    LINE_HASH,
    corpus_lines,
    decode,
    line_text,
    read_record,
    stripped,
    to_document,
)

# document id -> [[section key, line hash], ...] in corpus order (pairs as JSON reads them)
Keys = dict[str, list[list[str]]]
PATTERN = "crossings-keys.*.json"
# How the line hashes of a key file were made: a file with other hashes is not read (its lines
# would all look changed), the run reads the columns and the whole corpus instead, once.
LINE_HASH_KIND = f"sha256-{LINE_HASH}"


def keys_path(gen_dir: Path, generation: int) -> Path:
    """Where the key file of Whoosh *generation* lives."""
    return gen_dir / f"crossings-keys.{generation}.json"


def load_keys(gen_dir: Path, generation: int) -> Keys | None:
    """The key file of *generation*, or None when there is none, or its line hashes are not made
    as ``corpus_lines`` makes them now (then read the columns)."""
    try:
        data = json.loads(keys_path(gen_dir, generation).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("line_hash") != LINE_HASH_KIND:
        return None
    documents = data.get("documents")
    return documents if isinstance(documents, dict) else None


def save_keys(gen_dir: Path, generation: int, keys: Keys) -> None:
    """Write the key file of *generation* and delete those of earlier ones (they name withdrawn sections)."""
    path = keys_path(gen_dir, generation)
    data = {"line_hash": LINE_HASH_KIND, "documents": keys}
    atomic.write_text(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    for old in gen_dir.glob(PATTERN):
        if old != path:
            old.unlink(missing_ok=True)


def keys_of(docs: Iterable[dict[str, Any]]) -> Keys:
    """The key file's content for index documents read by ``read_corpus``."""
    keys: Keys = {}
    for doc in docs:
        keys.setdefault(doc["id"], []).append([doc["key"], doc["line_hash"]])
    return keys


def changed_documents(
    corpus: Path, stored: Keys, skipped: list[str] | None = None
) -> tuple[dict[str, list[dict[str, Any]]], int]:
    """The documents of *corpus* whose lines differ from *stored*, read in full, and the corpus's
    section count. A document absent from the corpus maps to an empty list; a bad line is left
    out, its problem noted in *skipped* (raised without it). Only where each line is and its
    hash are kept while the corpus is read; the changed documents' lines are read again."""
    known = {digest: doc_id for doc_id, pairs in stored.items() for _, digest in pairs}
    lines: dict[str, list[tuple[int, int, str]]] = {}
    for line_no, offset, line, digest in corpus_lines(corpus):
        doc_id = known.get(digest)
        if doc_id is None:  # a new or edited line: decode it to learn its document
            where = f"{corpus}:{line_no}"
            doc = read_record(line, where, skipped)
            if doc is None:
                continue
            doc_id = doc["id"]
        lines.setdefault(doc_id, []).append((line_no, offset, digest))
    changed: dict[str, list[dict[str, Any]]] = {doc_id: [] for doc_id in stored if doc_id not in lines}
    count = 0
    with corpus.open("rb") as handle:
        for doc_id, entries in lines.items():
            count += len(entries)
            if [digest for *_, digest in entries] != [digest for _, digest in stored.get(doc_id, [])]:
                changed[doc_id] = _documents(corpus, handle, entries)
    return changed, count


def _documents(corpus: Path, handle: BinaryIO, entries: list[tuple[int, int, str]]) -> list[dict[str, Any]]:
    """Index documents for one document's lines (read again from *handle* at their offsets), with
    repeated anchors numbered as read_corpus does."""
    docs: dict[str, dict[str, Any]] = {}
    for line_no, offset, digest in entries:
        where = f"{corpus}:{line_no}"
        handle.seek(offset)
        data = stripped(handle.readline())
        if hashlib.sha256(data).hexdigest()[:LINE_HASH] != digest:
            raise CorpusError(f"{where}: the corpus changed while it was indexed; run the index again")
        line = line_text(data, where)  # decoded once already, or a known hash: UTF-8
        doc = to_document(decode(line, where), where, line)
        doc["line_hash"] = digest
        key, n = doc["key"], 2
        while doc["key"] in docs:
            doc["key"] = f"{key}~{n}"
            n += 1
        docs[doc["key"]] = doc
    return list(docs.values())
