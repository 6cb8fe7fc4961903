"""Reference for index and query: tantivy (the Rust engine's Python package) over the same section records.

Same records and queries as crossings and FTS5 (bench.search.bench_search). Text: Chinese,
Japanese, Korean and Thai cut into words by the project's own tokenizer first
(bench.references.segmented), then tantivy's analyzer: letters and marks (so that a Thai word
keeps its tone marks), lowercase, the project's stop words, the English Snowball stemmer.
Fields weigh as crossings' do (title 3, section 2, body 1: a word is an OR of its three field
queries, each boosted); filters are constant-score clauses; a fuzzy word is tantivy's fuzzy
term query (one edit, a transposition counting one) on the stemmed field, a prefix a regex query.
A Thai word is also looked for inside longer words (a regex query, weighing a quarter), and a
phrase of Thai words may start inside one word and end inside another (a regex phrase query), as
crossings does.

Answers are by document, as crossings' are: the matching sections come back ordered by the
``doc`` fast field (tantivy's Python API has no exact distinct count: its cardinality
aggregation is a HyperLogLog estimate and its terms aggregation stops at 65,000 buckets), so
their documents are counted and the four facets counted by document with numpy over per-document
tables held in memory (as crossings holds its facet sets); the first ten documents by their best
section come from a top-k search by score, each with a snippet of that section (tantivy's
SnippetGenerator). A one-document update deletes the document's sections by id, adds the new
ones, commits and reloads the searcher.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import tantivy

from bench.references.segmented import inside_words, query_parts, segment
from crossings.search.text.stopwords import default_stopwords

FIELDS = ("title", "section", "body")
BOOSTS = {"title": 3.0, "section": 2.0, "body": 1.0}
ANALYZER = "archive_words"
WRITER_HEAP = 256_000_000
UPDATE_HEAP = 32_000_000
MAX_WORD_BYTES = 4 * 100  # crossings.search.text.segment.MAX_WORD characters, in UTF-8
INSIDE_WEIGHT = 0.25  # a Thai word found inside a longer one counts less, as in crossings
# Thai letters around a Thai word found inside a longer one: a class, not ".*", keeps the
# automaton small and lets the term dictionary's walk skip every word of another script
AROUND = "[\u0e00-\u0e7f]*"
Answer = tuple[int, list[str]]


def analyzer() -> Any:
    """Words of letters and marks, lowercased, without the project's stop words, stemmed."""
    words = tantivy.Tokenizer.regex(r"[\p{L}\p{M}\p{N}]+")
    # remove_long counts bytes: crossings keeps words of up to 100 characters (a Thai one is 3 bytes each)
    builder = tantivy.TextAnalyzerBuilder(words).filter(tantivy.Filter.remove_long(MAX_WORD_BYTES))
    builder = builder.filter(tantivy.Filter.lowercase())
    builder = builder.filter(tantivy.Filter.custom_stopword(sorted(default_stopwords())))
    return builder.filter(tantivy.Filter.stemmer("english")).build()


def schema() -> Any:
    """Three text fields, the document's id and number, the filter fields."""
    sb = tantivy.SchemaBuilder()
    for name in FIELDS:
        sb.add_text_field(name, stored=name == "body", tokenizer_name=ANALYZER)
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("url", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_unsigned_field("doc", fast=True)
    for name in ("country", "theme", "type", "language"):
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("year", indexed=True, fast=True)
    return sb.build()


class Metadata:
    """Per document number: its id and its facet values, as numpy tables for counting."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.ids: list[str] = []
        self.rows: list[tuple[list[str], list[str], str, str]] = []
        self.tables: dict[str, tuple[list[str], np.ndarray]] = {}

    def number(self, r: dict[str, Any]) -> int:
        """The document number of record *r* (a new one for its document's first section)."""
        doc = self.numbers.get(r["id"])
        if doc is None:
            doc = self.numbers[r["id"]] = len(self.ids)
            self.ids.append(r["id"])
            self.rows.append((r["countries"], r["themes"], r["type"], r["language"]))
        return doc

    def freeze(self) -> None:
        """The tables: per facet, its values and a documents x values boolean matrix."""
        for column, name in enumerate(("country", "theme", "type", "language")):
            cells = [row[column] for row in self.rows]
            values = sorted({v for cell in cells for v in ([cell] if isinstance(cell, str) else cell)})
            where = {v: i for i, v in enumerate(values)}
            matrix = np.zeros((len(cells), len(values)), dtype=bool)
            for doc, cell in enumerate(cells):
                for v in [cell] if isinstance(cell, str) else cell:
                    matrix[doc, where[v]] = True
            self.tables[name] = (values, matrix)

    def facets(self, docs: np.ndarray) -> dict[str, dict[str, int]]:
        """Document counts of every facet value over the documents *docs*."""
        out = {}
        for name, (values, matrix) in self.tables.items():
            counts = matrix[docs].sum(axis=0)
            out[name] = {v: int(c) for v, c in zip(values, counts, strict=True) if c}
        return out


class TantivyReference:
    """One tantivy index in a folder: build, update, answer."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.schema = schema()
        self.analyzer = analyzer()
        self.meta = Metadata()
        self.index: Any = None
        self.searcher: Any = None

    def _document(self, r: dict[str, Any], doc: int) -> Any:
        """The tantivy document of one section record."""
        values = {
            "title": segment(r["title"]),
            "section": segment(r["section"]),
            "body": segment(r["text"]),
            "id": r["id"],
            "url": r["url"],
            "doc": doc,
            "country": list(r["countries"]),
            "theme": list(r["themes"]),
            "type": r["type"],
            "language": r["language"],
            "year": int(r["year"]),
        }
        return tantivy.Document.from_dict(values, self.schema)

    def build(self, recs: Iterable[dict[str, Any]]) -> float:
        """Index *recs* (read one at a time) into a new index in the folder; seconds."""
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        started = time.perf_counter()
        self.index = tantivy.Index(self.schema, path=str(self.folder))
        self.index.register_tokenizer(ANALYZER, self.analyzer)
        writer = self.index.writer(WRITER_HEAP)
        for r in recs:
            writer.add_document(self._document(r, self.meta.number(r)))
        writer.commit()
        writer.wait_merging_threads()
        self.meta.freeze()
        self.index.reload()
        self.searcher = self.index.searcher()
        return time.perf_counter() - started

    def update(self, recs: list[dict[str, Any]], doc_id: str) -> float:
        """Replace the sections of one document by *recs*: delete, add, commit, reload; seconds."""
        started = time.perf_counter()
        writer = self.index.writer(UPDATE_HEAP, 1)
        writer.delete_documents_by_term("id", doc_id)
        doc = self.meta.numbers[doc_id]
        for r in recs:
            writer.add_document(self._document(r, doc))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()
        return time.perf_counter() - started

    def size_mb(self) -> float:
        """The index folder's size on disk."""
        return sum(p.stat().st_size for p in self.folder.rglob("*") if p.is_file()) / 1e6

    # --- queries

    def _terms(self, words: list[str]) -> list[str]:
        """The index terms of the pieces *words*, in order."""
        return [term for word in words for term in self.analyzer.analyze(word)]

    def _fields(self, make: Any) -> Any:
        """A word's query over the three fields, each boosted (None when it has no terms)."""
        clauses = []
        for name in FIELDS:
            one = make(name)
            if one is None:
                return None
            clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(one, BOOSTS[name])))
        return tantivy.Query.boolean_query(clauses)

    def text_query(self, expr: list[Any]) -> Any:
        """The tantivy query of a benchmark query's text part (None: it matches nothing)."""
        kind, q = expr[0], tantivy.Query
        if kind == "words":
            terms = self._terms(query_parts(expr[1]))
            if not terms:
                return None
            return self._words(terms)
        if kind == "prefix":
            pattern = re.escape(expr[1].lower()) + ".*"
            return self._fields(lambda f: q.regex_query(self.schema, f, pattern))
        if kind == "fuzzy":
            terms = self._terms([expr[1]])
            if not terms:
                return None
            return self._fields(lambda f: q.fuzzy_term_query(self.schema, f, terms[0], 1, True, False))
        a, b = self.text_query(expr[1]), self.text_query(expr[2])
        must, should, not_ = tantivy.Occur.Must, tantivy.Occur.Should, tantivy.Occur.MustNot
        if kind == "and":
            return q.boolean_query([(must, a), (must, b)]) if a and b else None
        if kind == "or":
            return q.boolean_query([(should, a), (should, b)]) if a and b else a or b
        if kind == "not":
            return q.boolean_query([(must, a), (not_, b)]) if a and b else a
        raise ValueError(f"unknown query part {expr!r}")

    def _words(self, terms: list[str]) -> Any:
        """A term or a phrase of *terms* over the three fields; Thai words also inside longer ones."""
        q, should = tantivy.Query, tantivy.Occur.Should
        first, last = terms[0], terms[-1]
        if len(terms) == 1 and inside_words(first):
            inside = AROUND + re.escape(first) + AROUND
            return self._fields(
                lambda f: q.boolean_query(
                    [
                        (should, q.term_query(self.schema, f, first)),
                        (should, q.boost_query(q.regex_query(self.schema, f, inside), INSIDE_WEIGHT)),
                    ]
                )
            )
        if len(terms) == 1:
            return self._fields(lambda f: q.term_query(self.schema, f, first))
        if inside_words(first) or inside_words(last):
            patterns = [re.escape(term) for term in terms]
            if inside_words(first):
                patterns[0] = AROUND + patterns[0]
            if inside_words(last):
                patterns[-1] += AROUND
            return self._fields(lambda f: q.regex_phrase_query(self.schema, f, patterns))
        return self._fields(lambda f: q.phrase_query(self.schema, f, terms))

    def query(self, expr: list[Any], filters: dict[str, Any]) -> Any:
        """The whole query: the text part and constant-score filter clauses."""
        text = self.text_query(expr)
        if text is None:
            return None
        q, must = tantivy.Query, tantivy.Occur.Must
        clauses = [(must, text)]
        for name in ("country", "theme", "type"):
            for value in filters[name]:
                clauses.append((must, q.const_score_query(q.term_query(self.schema, name, value), 0.0)))
        if filters["years"]:
            low, high = filters["years"]
            years = q.range_query(self.schema, "year", tantivy.FieldType.Integer, low, high)
            clauses.append((must, q.const_score_query(years, 0.0)))
        return q.boolean_query(clauses) if len(clauses) > 1 else text

    def answer(self, expr: list[Any], filters: dict[str, Any], page: int = 10) -> Answer:
        """Answer one query by document: the count, ten documents with the snippet of their best
        section, four facets by document; the count and the ten ids."""
        query = self.query(expr, filters)
        if query is None:
            return 0, []
        searcher = self.searcher
        sections = searcher.search(query, limit=page, count=True).count
        if not sections:
            return 0, []
        everything = searcher.search(query, limit=sections, count=False, order_by_field="doc").hits
        docs = np.unique(np.fromiter((key for key, _ in everything), dtype=np.int64, count=len(everything)))
        self.meta.facets(docs)
        best = self._best(query, page, len(docs))
        snippets = tantivy.SnippetGenerator.create(searcher, query, self.schema, "body")
        for _, address in best:
            snippets.snippet_from_doc(searcher.doc(address)).to_html()
        return len(docs), [self.meta.ids[doc] for doc, _ in best]

    def _best(self, query: Any, page: int, documents: int) -> list[tuple[int, Any]]:
        """The first *page* documents by their best section's score: (number, that section)."""
        searcher, limit = self.searcher, page * 10
        while True:
            hits = searcher.search(query, limit=limit, count=False).hits
            numbers = searcher.fast_field_values("doc", [address for _, address in hits])
            # ties broken by id, as crossings and the FTS5 reference break them
            ranked = sorted(zip(hits, numbers, strict=True), key=lambda h: (-h[0][0], self.meta.ids[h[1]]))
            best: dict[int, Any] = {}
            for (_, address), doc in ranked:
                best.setdefault(doc, address)
            if len(best) >= min(page, documents) or len(hits) < limit:
                return list(best.items())[:page]
            limit *= 4
