"""Read the build's corpus (JSON Lines, one record per document section) into index documents."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from crossings.search.indexing.errors import CorpusError
from crossings.search.registry import Kind, facets

REQUIRED = ("id", "url", "title", "text")
LINE_HASH = 24  # hex digits of a line's SHA-256 kept as its line_hash
# The record fields read as they are, and those read as lists of strings (facets' included).
LIST_FIELDS = tuple(dict.fromkeys(["authors", *(f.record for f in facets() if f.kind is Kind.KEYWORDS)]))
TEXT_FIELDS = tuple(
    dict.fromkeys(
        ["section", "anchor", "session", "date", *(f.record for f in facets() if f.kind is Kind.KEYWORD)]
    )
)
# The record fields read as years (a number, or None).
YEAR_FIELDS = tuple(dict.fromkeys(["year", *(f.record for f in facets() if f.kind is Kind.YEARS)]))


# Where a non-blank corpus line is: its byte offset, its line number, and its document's id (None
# for a line left out).
Placed = tuple[int, int, str | None]


def read_corpus(
    path: Path,
    skipped: list[str] | None = None,
    placed: list[Placed] | None = None,
    handle: BinaryIO | None = None,
) -> list[dict[str, Any]]:
    """Every record of *path* as an index document (with key, hash and line_hash), in file order.

    With *skipped*, a bad record is left out and its problem appended there (one bad section
    never stops the index of the others); without, it raises CorpusError. *placed* receives
    where each non-blank line is (for the key file's tiling); *handle*, when given, is the file
    *path* was opened as (read from the start).
    """
    docs: dict[str, dict[str, Any]] = {}
    for line_no, offset, line, digest in corpus_lines(path, handle=handle):
        where = f"{path}:{line_no}"
        doc = read_record(line, where, skipped)
        if placed is not None:
            placed.append((offset, line_no, None if doc is None else doc["id"]))
        if doc is None:
            continue
        doc["line_hash"] = digest
        add_section(docs, doc)
    return list(docs.values())


def add_section(docs: dict[str, dict[str, Any]], doc: dict[str, Any]) -> None:
    """Keep *doc* in *docs* under its key, numbered (``key~2``, ``key~3``...) when that key is
    taken: a repeated anchor must not overwrite the first section."""
    key, n = doc["key"], 2
    while doc["key"] in docs:
        doc["key"] = f"{key}~{n}"
        n += 1
    docs[doc["key"]] = doc


def open_corpus(path: Path) -> BinaryIO:
    """The corpus *path* open for reading; CorpusError naming it when the build wrote none."""
    if not path.is_file():
        raise CorpusError(f"{path}: no search corpus; run `crossings build html` first")
    return path.open("rb")


def corpus_lines(
    path: Path, start: int = 0, stop: int | None = None, first_line: int = 1, handle: BinaryIO | None = None
) -> Iterator[tuple[int, int, bytes, str]]:
    """The line number, byte offset, stripped bytes and ``line_hash`` of each non-blank line of
    *path* (of its lines from byte *start*, a line's first, numbered from *first_line*, up to
    byte *stop*; read from *handle* when it is given, the file *path* was opened as).

    An unchanged line means an unchanged section: incremental runs compare the hashes, so a line
    is hashed as it is stored, and decoded only when its hash is not known (``line_text``)."""
    if handle is None:
        with open_corpus(path) as opened:
            yield from corpus_lines(path, start, stop, first_line, opened)
        return
    sha256 = hashlib.sha256  # (in hardware on most machines: twice blake2b's speed here)
    offset = start
    handle.seek(start)
    for line_no, raw in enumerate(handle, first_line):
        if stop is not None and offset >= stop:
            break
        data = stripped(raw)
        if data:
            yield line_no, offset, data, sha256(data).hexdigest()[:LINE_HASH]
        offset += len(raw)


def stripped(raw: bytes) -> bytes:
    """A corpus line stripped as text is stripped (Unicode white space too), which for a line
    from ``{`` to ``}``, as the build writes them all, is stripping its ASCII white space."""
    data = raw.strip()
    if data and not (data[0] == 0x7B and data[-1] == 0x7D):
        data = data.decode("utf-8", "surrogateescape").strip().encode("utf-8", "surrogateescape")
    return data


def line_text(data: bytes, where: str) -> str:
    """One corpus line's bytes as text; CorpusError naming *where* when they are not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{where}: byte {exc.start + 1} of the line is not UTF-8 ({exc.reason}); rebuild the site"
        ) from exc


def read_record(line: str | bytes, where: str, skipped: list[str] | None) -> dict[str, Any] | None:
    """One corpus line as an index document; None (the problem noted in *skipped*) when it is bad."""
    try:
        text = line if isinstance(line, str) else line_text(line, where)
        return to_document(decode(text, where), where, text)
    except CorpusError as exc:
        if skipped is None:
            raise
        skipped.append(str(exc))
        return None


def decode(line: str, where: str) -> dict[str, Any]:
    """The JSON object on one corpus line; CorpusError naming *where* otherwise."""
    try:
        value = json.loads(line)
    except ValueError as exc:
        raise CorpusError(f"{where}: not a JSON record ({exc}); rebuild the site") from exc
    if not isinstance(value, dict):
        raise CorpusError(f"{where}: a record must be a JSON object; rebuild the site")
    return value


def to_document(record: dict[str, Any], where: str, line: str = "") -> dict[str, Any]:
    """One corpus record as the fields ``index.add_document`` takes (*line*: its JSON text, hashed)."""
    missing = [name for name in REQUIRED if not isinstance(record.get(name), str) or not record[name].strip()]
    if missing and missing != ["text"]:
        which = f" of document {record['id']!r}" if isinstance(record.get("id"), str) and record["id"] else ""
        raise CorpusError(
            f"{where}: the section{which} has no {', '.join(n for n in missing if n != 'text')} "
            "(an empty heading?); it was left out of the index: give the heading its text in "
            "source/documents/ and rebuild the site"
        )
    doc: dict[str, Any] = {name: str(record.get(name) or "") for name in TEXT_FIELDS}
    for name in LIST_FIELDS:
        value = record.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise CorpusError(f"{where}: {name} must be a list of strings")
        doc[name] = [v.replace(",", " ") for v in value]  # commas separate KEYWORD values
    for name in YEAR_FIELDS:
        year = record.get(name)
        if year is None and doc["date"][:4].isdigit():  # a record of an older build
            year = int(doc["date"][:4])
        doc[name] = year if isinstance(year, int) else None
    doc.update(id=record["id"], url=record["url"], title=record["title"], body=record.get("text") or "")
    doc["key"] = f"{record['id']}#{doc['anchor']}"
    # The record's own JSON line is hashed when there is one: encoding it again costs more than indexing.
    text = line.strip() or json.dumps(record, sort_keys=True, ensure_ascii=False)
    doc["hash"] = hashlib.blake2b(f"{doc['key']}\0{text}".encode(), digest_size=12).hexdigest()
    return doc


def whoosh_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of ``writer.add_document`` for *doc*."""
    fields: dict[str, Any] = {
        "key": doc["key"],
        "id": doc["id"],
        "title": doc["title"],
        "section": doc["section"],
        "body": doc["body"],
        "authors": " ".join(doc["authors"]),
        "session": doc["session"],
        "date": doc["date"],
        "url": doc["url"],
        "hash": doc["hash"],
    }
    if doc["year"] is not None:
        fields["year"] = doc["year"]
    for facet in facets():
        value = doc[facet.record]
        if facet.kind is Kind.KEYWORDS:
            fields[facet.field] = ",".join(value)
        elif facet.kind is Kind.YEARS:
            fields[facet.field] = "" if value is None else str(value)
        else:
            fields[facet.field] = value
    # Whoosh rejects empty values for ID fields it would index; leave them out instead.
    return {name: value for name, value in fields.items() if value != "" or name in ("body", "url")}
