"""Look inside a Whoosh index: stored fields, id terms and phrase matches of names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crossings.leaks.needles import Needle
from crossings.leaks.quotes import EXCUSABLE


def is_whoosh_index(folder: Path) -> bool:
    """True when *folder* holds a Whoosh index (a table of contents file)."""
    return any(folder.glob("_*.toc"))


def stored_views(folder: Path, label: str) -> Iterator[tuple[str, str, object]]:
    """Every stored document of the index as one text per document, with its stored ``id``."""
    from whoosh import index

    ix = index.open_dir(str(folder), readonly=True)
    with ix.searcher() as searcher:
        for number, fields in enumerate(searcher.all_stored_fields()):
            text = "\n".join(_flatten(value) for value in fields.values())
            yield f"{label} (stored document {number})", text, fields.get("id")


def _flatten(value: Any) -> str:
    """A stored value as text."""
    if isinstance(value, list | tuple):
        return " ".join(map(str, value))
    return str(value)


def term_hits(
    folder: Path, needles: list[Needle], label: str
) -> Iterator[tuple[str, Needle, tuple[object, ...]]]:
    """Needles the index would answer: restricted ids as id terms, names and sentences as phrases
    in text fields, with the stored ``id`` of every document a phrase finds (none for id terms)."""
    from whoosh import index
    from whoosh.fields import TEXT
    from whoosh.qparser import QueryParser

    ix = index.open_dir(str(folder), readonly=True)
    with ix.searcher() as searcher:
        id_fields = [name for name in ("id", "key") if name in ix.schema.names()]
        text_fields = [name for name, field in ix.schema.items() if isinstance(field, TEXT)]
        for needle in needles:
            if needle.kind == "restricted-id":
                doc_id = needle.source
                for field in id_fields:
                    if any(
                        term.decode("utf-8", "replace").startswith(doc_id) for term in _terms(searcher, field)
                    ):
                        yield f"{label} (terms of field {field})", needle, ()
            elif needle.kind in {"redacted-name", "restricted-sentence", "canary"}:
                for field in text_fields:
                    phrase = '"' + needle.text.replace('"', " ") + '"'
                    query = QueryParser(field, ix.schema).parse(phrase)
                    found = searcher.search(query, limit=None)
                    if found.scored_length():
                        ids = tuple(hit.get("id") for hit in found)
                        yield f"{label} (terms of field {field})", needle, ids
                        if needle.kind not in EXCUSABLE:  # a quotation here may hide a leak elsewhere
                            break


def _terms(searcher: Any, field: str) -> Iterator[bytes]:
    """The terms of one field."""
    reader = searcher.reader()
    for fieldname, term in reader.all_terms():
        if fieldname == field:
            yield term
