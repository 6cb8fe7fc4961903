"""Reference for index and query: SQLite FTS5 (Python's sqlite3) over the same section records.

Same records and queries as the search benchmark (bench.search.bench_search: records(),
queries()). The trigram tokenizer finds substrings in every script of the region (FTS5 has
no word breaking for Chinese or Thai); it has no fuzzy search, so a fuzzy query is given the
correct word, and a term under three characters (which trigrams cannot match) falls back to
LIKE. Each query is answered as crossings answers it: the total, the first page of ten hits
by rank with snippets, and counts for four facets (country, theme, type, language). The
matches are computed once into a temporary table that the count, the page and the facets
share, as a careful FTS5 user would write it.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE VIRTUAL TABLE fts USING fts5(title, section, body, tokenize='trigram');
CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id, url, date, year INT, type, language);
CREATE TABLE dc(rid INT, code);
CREATE TABLE dt(rid INT, theme);
"""
SNIPPET = "SELECT snippet(fts, 2, '<mark>', '</mark>', '…', 16) FROM fts WHERE fts MATCH ? AND rowid = ?"
FACETS = (
    "SELECT code, count(*) FROM dc JOIN temp.hits h ON h.rid = dc.rid GROUP BY code",
    "SELECT theme, count(*) FROM dt JOIN temp.hits h ON h.rid = dt.rid GROUP BY theme",
    "SELECT type, count(*) FROM docs d JOIN temp.hits h ON h.rid = d.rowid GROUP BY type",
    "SELECT language, count(*) FROM docs d JOIN temp.hits h ON h.rid = d.rowid GROUP BY language",
)


def build(recs: list[dict[str, Any]], path: Path) -> float:
    """Index *recs* into a new FTS5 database at *path*; the seconds it took."""
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    with db:
        for rowid, r in enumerate(recs, 1):
            insert(db, rowid, r)
        db.executescript("CREATE INDEX dc_rid ON dc(rid); CREATE INDEX dt_rid ON dt(rid);")
    db.close()
    return time.perf_counter() - started


def insert(db: sqlite3.Connection, rowid: int, r: dict[str, Any]) -> None:
    """One section record into every table."""
    db.execute(
        "INSERT INTO fts(rowid, title, section, body) VALUES (?,?,?,?)",
        (rowid, r["title"], r["section"], r["text"]),
    )
    db.execute(
        "INSERT INTO docs VALUES (?,?,?,?,?,?,?)",
        (rowid, r["id"], r["url"], r["date"], r["year"], r["type"], r["language"]),
    )
    db.executemany("INSERT INTO dc VALUES (?,?)", [(rowid, c) for c in r["countries"]])
    db.executemany("INSERT INTO dt VALUES (?,?)", [(rowid, t) for t in r["themes"]])


def update(path: Path, recs: list[dict[str, Any]], doc_id: str) -> float:
    """Replace the records of one document (the same change crossings indexes); seconds."""
    started = time.perf_counter()
    db = sqlite3.connect(path)
    with db:
        for rowid, r in enumerate(recs, 1):
            if r["id"] == doc_id:
                for table, key in (("fts", "rowid"), ("docs", "rowid"), ("dc", "rid"), ("dt", "rid")):
                    db.execute(f"DELETE FROM {table} WHERE {key} = ?", (rowid,))
                insert(db, rowid, r)
    db.close()
    return time.perf_counter() - started


def _filters(request: Any) -> tuple[str, list[Any]]:
    """SQL conditions on the docs row ``d`` for the request's filters."""
    where, args = ["1"], []
    if request.values("country"):
        where.append("d.rowid IN (SELECT rid FROM dc WHERE code = ?)")
        args.append(request.values("country")[0])
    if request.values("theme"):
        where.append("d.rowid IN (SELECT rid FROM dt WHERE theme = ?)")
        args.append(request.values("theme")[0])
    if request.values("type"):
        where.append("d.type = ?")
        args.append(request.values("type")[0])
    low, high = request.years("year")
    if low or high:
        where.append("d.year BETWEEN ? AND ?")
        args += [low or 0, high or 9999]
    return " AND ".join(where), args


def answer(db: sqlite3.Connection, query: Any) -> int:
    """Answer one benchmark query: total, ten hits with snippets, four facets; the total."""
    where, args = _filters(query.request)
    db.execute("DROP TABLE IF EXISTS temp.hits")
    if query.like:
        match = "SELECT rowid, 0 AS rank FROM fts WHERE body LIKE ?"
        first = [f"%{query.like}%"]
    else:
        match = "SELECT rowid, rank FROM fts WHERE fts MATCH ?"
        first = [query.fts]
    # an INTEGER PRIMARY KEY, so that the facet joins look hits up instead of scanning them
    db.execute("CREATE TEMP TABLE hits(rid INTEGER PRIMARY KEY, rank REAL)")
    db.execute(
        f"INSERT INTO temp.hits SELECT m.rowid, m.rank FROM ({match}) m "
        f"JOIN docs d ON d.rowid = m.rowid WHERE {where}",
        [*first, *args],
    )
    total = db.execute("SELECT count(*) FROM temp.hits").fetchone()[0]
    page = [rid for (rid,) in db.execute("SELECT rid FROM temp.hits ORDER BY rank LIMIT 10")]
    for rid in page:  # one row at a time: FTS5 then computes snippet() for that row alone
        if query.like:
            sql = "SELECT substr(body, max(instr(body, ?) - 60, 1), 160) FROM fts WHERE rowid = ?"
        else:
            sql = SNIPPET
        db.execute(sql, [query.like or query.fts, rid]).fetchall()
        db.execute("SELECT id, url FROM docs WHERE rowid = ?", [rid]).fetchall()
    for sql in FACETS:
        db.execute(sql).fetchall()
    return int(total)
