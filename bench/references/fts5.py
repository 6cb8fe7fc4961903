"""Reference for index and query: SQLite FTS5 (Python's sqlite3) over the same section records.

The one FTS5 method of every benchmark (bench.stages.search_stage, bench.search.bench_search and
bench.search.engines all call it). Same records and queries as crossings: the text goes to
FTS5's ``unicode61`` tokenizer with its Porter stemmer after its Chinese, Japanese, Korean and
Thai have been cut into words by the project's own tokenizer (bench.references.segmented: FTS5
breaks no such text into words, and its trigram tokenizer cannot match a two-character term),
so that ``警察`` or a two-letter Thai word finds what crossings finds. Columns weigh as
crossings' fields do (title 3, section 2, body 1, FTS5's bm25). FTS5 has no fuzzy search: a
fuzzy query is given the correct word. FTS5 has no stop words: it indexes them; the query drops
the project's, as crossings does. A Thai word is also looked for inside longer words, as crossings
does: the words of FTS5's own vocabulary (an fts5vocab table) holding it, ORed; a phrase of Thai
words may start inside a word and end inside another (an OR of phrases, at most MAX_EDGE_PHRASES).

Each query is answered as crossings answers it, by document (a document matches when one of its
sections does, and ranks by its best section): the number of documents, the first ten by rank
with a snippet of their best section, and document counts for four facets (country, theme,
type, language), all from one temporary table of the matching documents.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bench.references.segmented import inside_words, query_parts, segment

SCHEMA = """
CREATE VIRTUAL TABLE fts USING fts5(title, section, body, tokenize='porter unicode61 remove_diacritics 2');
INSERT INTO fts(fts, rank) VALUES('rank', 'bm25(3.0, 2.0, 1.0)');
CREATE TABLE sec(rowid INTEGER PRIMARY KEY, doc INT, url);
CREATE TABLE doc(doc INTEGER PRIMARY KEY, id TEXT UNIQUE, type, language, year INT);
CREATE TABLE dc(doc INT, code);
CREATE TABLE dt(doc INT, theme);
CREATE VIRTUAL TABLE vocab USING fts5vocab(fts, 'row');
"""
INDEXES = """
CREATE INDEX sec_doc ON sec(doc);
CREATE INDEX dc_doc ON dc(doc, code);
CREATE INDEX dt_doc ON dt(doc, theme);
"""
SNIPPET = "SELECT snippet(fts, 2, '<mark>', '</mark>', '…', 16) FROM fts WHERE fts MATCH ? AND rowid = ?"
FACETS = (
    "SELECT code, count(*) FROM dc JOIN temp.hits h ON h.doc = dc.doc GROUP BY code",
    "SELECT theme, count(*) FROM dt JOIN temp.hits h ON h.doc = dt.doc GROUP BY theme",
    "SELECT type, count(*) FROM doc d JOIN temp.hits h ON h.doc = d.doc GROUP BY type",
    "SELECT language, count(*) FROM doc d JOIN temp.hits h ON h.doc = d.doc GROUP BY language",
)
Answer = tuple[int, list[str]]  # documents matched, the ids of the first ten by rank
# Thai words of the vocabulary (U+0E00-U+0E7F) holding, ending with or starting with a piece
THAI = "term >= '\u0e00' AND term < '\u0e80'"
INSIDE = {
    "in": f"SELECT term FROM vocab WHERE {THAI} AND instr(term, ?1) > 0",
    "end": f"SELECT term FROM vocab WHERE {THAI} AND substr(term, -length(?1)) = ?1",
    "start": f"SELECT term FROM vocab WHERE {THAI} AND substr(term, 1, length(?1)) = ?1",
}
MAX_EDGE_PHRASES = 64


def read_records(corpus: Path) -> Iterable[dict[str, Any]]:
    """The records of a corpus file (JSON lines), one at a time."""
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def build(recs: Iterable[dict[str, Any]], path: Path) -> float:
    """Index *recs* (read one at a time, segmented here) into a new database at *path*; seconds."""
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    numbers: dict[str, int] = {}
    with db:
        for r in recs:
            insert(db, r, numbers)
        db.executescript(INDEXES)
    db.close()
    return time.perf_counter() - started


def insert(db: sqlite3.Connection, r: dict[str, Any], numbers: dict[str, int]) -> None:
    """One section record (and, for a document's first, the document's metadata)."""
    doc = numbers.get(r["id"])
    first = doc is None
    if doc is None:
        doc = numbers[r["id"]] = len(numbers) + 1
    _insert_as(db, r, doc, first)


def update(path: Path, recs: list[dict[str, Any]], doc_id: str) -> float:
    """Replace the sections of one document by *recs* (its new sections) and commit; seconds."""
    started = time.perf_counter()
    db = sqlite3.connect(path)
    with db:
        (doc,) = db.execute("SELECT doc FROM doc WHERE id = ?", (doc_id,)).fetchone()
        old = [rowid for (rowid,) in db.execute("SELECT rowid FROM sec WHERE doc = ?", (doc,))]
        db.executemany("DELETE FROM fts WHERE rowid = ?", [(rowid,) for rowid in old])
        db.execute("DELETE FROM sec WHERE doc = ?", (doc,))
        for table in ("doc", "dc", "dt"):
            db.execute(f"DELETE FROM {table} WHERE doc = ?", (doc,))
        for number, r in enumerate(recs):  # the document keeps its number
            _insert_as(db, r, doc, first=number == 0)
    db.close()
    return time.perf_counter() - started


def _insert_as(db: sqlite3.Connection, r: dict[str, Any], doc: int, first: bool) -> None:
    """One section of document number *doc* (with the document's metadata when *first*)."""
    if first:
        db.execute("INSERT INTO doc VALUES (?,?,?,?,?)", (doc, r["id"], r["type"], r["language"], r["year"]))
        db.executemany("INSERT INTO dc VALUES (?,?)", [(doc, c) for c in r["countries"]])
        db.executemany("INSERT INTO dt VALUES (?,?)", [(doc, t) for t in r["themes"]])
    cursor = db.execute(
        "INSERT INTO fts(title, section, body) VALUES (?,?,?)",
        (segment(r["title"]), segment(r["section"]), segment(r["text"])),
    )
    db.execute("INSERT INTO sec VALUES (?,?,?)", (cursor.lastrowid, doc, r["url"]))


def _phrase(parts: list[str] | tuple[str, ...]) -> str:
    """An FTS5 phrase of *parts*."""
    return '"' + " ".join(part.replace('"', '""') for part in parts) + '"'


def _words(db: sqlite3.Connection, parts: list[str]) -> str:
    """The MATCH expression of a phrase of query pieces (one piece: a term), Thai pieces also
    inside longer words of the vocabulary."""
    import itertools

    def found(kind: str, part: str) -> list[str]:
        if not inside_words(part):
            return [part]
        return list(dict.fromkeys([part, *(term for (term,) in db.execute(INSIDE[kind], [part]))]))

    if len(parts) == 1:
        return " OR ".join(_phrase([w]) for w in found("in", parts[0]))
    firsts, lasts = found("end", parts[0]), found("start", parts[-1])
    if len(firsts) == len(lasts) == 1:
        return _phrase(parts)
    combos = itertools.islice(itertools.product(firsts, lasts), MAX_EDGE_PHRASES)
    return " OR ".join(_phrase([first, *parts[1:-1], last]) for first, last in combos)


def match(expr: list[Any], db: sqlite3.Connection) -> str | None:
    """The FTS5 MATCH expression of a benchmark query's text part (None: it matches nothing,
    e.g. a phrase of stop words)."""
    kind = expr[0]
    if kind == "words":
        parts = query_parts(expr[1])
        return _words(db, parts) if parts else None
    if kind == "prefix":
        return f'"{expr[1]}" *'
    if kind == "fuzzy":
        return match(["words", [expr[2]]], db)
    a, b = match(expr[1], db), match(expr[2], db)
    if kind == "and":
        return f"({a}) AND ({b})" if a and b else None
    if kind == "or":
        return f"({a}) OR ({b})" if a and b else a or b
    if kind == "not":
        return f"({a}) NOT ({b})" if a and b else a
    raise ValueError(f"unknown query part {expr!r}")


def _filters(filters: dict[str, Any]) -> tuple[str, list[Any]]:
    """SQL conditions on the document row ``d`` for a query's filters (bench_search.filters_of)."""
    where, args = ["1"], []
    if filters["country"]:
        where.append("d.doc IN (SELECT doc FROM dc WHERE code = ?)")
        args.append(filters["country"][0])
    if filters["theme"]:
        where.append("d.doc IN (SELECT doc FROM dt WHERE theme = ?)")
        args.append(filters["theme"][0])
    if filters["type"]:
        where.append("d.type = ?")
        args.append(filters["type"][0])
    if filters["years"]:
        low, high = filters["years"]
        where.append("d.year BETWEEN ? AND ?")
        args += [low or 0, high or 9999]
    return " AND ".join(where), args


def answer(db: sqlite3.Connection, expr: list[Any], filters: dict[str, Any]) -> Answer:
    """Answer one query by document: the count, ten documents with the snippet of their best
    section, four facets; the count and the ten ids."""
    text = match(expr, db)
    db.execute("DROP TABLE IF EXISTS temp.hits")
    # an INTEGER PRIMARY KEY, so that the facet joins look documents up instead of scanning them
    db.execute("CREATE TEMP TABLE hits(doc INTEGER PRIMARY KEY, best REAL, rid INT)")
    if text is None:
        return 0, []
    where, args = _filters(filters)
    # min(rank) keeps the rowid of the best section with it (SQLite's bare column of min())
    db.execute(
        "INSERT INTO temp.hits SELECT s.doc, min(m.rank), m.rowid FROM "
        "(SELECT rowid, rank FROM fts WHERE fts MATCH ?) m JOIN sec s ON s.rowid = m.rowid "
        f"JOIN doc d ON d.doc = s.doc WHERE {where} GROUP BY s.doc",
        [text, *args],
    )
    total = db.execute("SELECT count(*) FROM temp.hits").fetchone()[0]
    page = db.execute(
        "SELECT d.id, h.rid FROM temp.hits h JOIN doc d ON d.doc = h.doc ORDER BY h.best, d.id LIMIT 10"
    ).fetchall()
    for _, rid in page:  # one row at a time: FTS5 then computes snippet() for that row alone
        db.execute(SNIPPET, [text, rid]).fetchall()
        db.execute("SELECT url FROM sec WHERE rowid = ?", [rid]).fetchall()
    for sql in FACETS:
        db.execute(sql).fetchall()
    return int(total), [doc_id for doc_id, _ in page]
