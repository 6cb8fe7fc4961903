"""At scale, the fast paths run and answer exactly as Whoosh's own matchers do.

A multi-segment index of about 5,300 section records (500 generated documents, the benchmark's
corpus) whose common words have posting lists of many Whoosh blocks in every segment, two of
whose documents were then withdrawn (their segments purged in place, with holes); the
benchmark's 230 queries of every class, each answered twice: through the fast paths (the
counters must show posting blocks decoded and no fallback) and with every fast read declined as
on an unsupported Whoosh (``fallback_only``: Whoosh's matchers and collector). Totals, hits,
sections, scores and facets must be equal.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from whoosh.fields import TEXT

from bench.search.bench_search import queries, records
from crossings.search.api import search
from crossings.search.engine import whoosh_internals
from crossings.search.indexing import index as index_module
from crossings.search.indexing.index import build_index, open_index
from crossings.search.request.search_request import SearchRequest

pytestmark = pytest.mark.slow
DOCUMENTS = 500
RECORDED = Path(__file__).parent / "expected" / "scale-answers.json"
REGENERATE = os.environ.get("CROSSINGS_REGENERATE") == "1"


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """The index of DOCUMENTS generated documents and their records."""
    root = tmp_path_factory.mktemp("scale")
    recs = records(DOCUMENTS)
    corpus = root / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    with pytest.MonkeyPatch.context() as patch:  # segments of 1,500 records: several of them
        patch.setattr(index_module, "SEGMENT_RECORDS", 1500)
        build_index(corpus, root / "index", incremental=False)
    # Two documents withdrawn: the segments that held them are purged in place, so the answers
    # below are also those of segments with holes (deleted document numbers).
    withdrawn = {recs[40]["id"], recs[2500]["id"]}
    recs = [r for r in recs if r["id"] not in withdrawn]
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    whoosh_internals.reset_counters()
    report = build_index(corpus, root / "index")
    assert whoosh_internals.counters().purges_in_place == 2 and report.deleted > 0
    assert report.documents == len(recs)
    return root / "index", recs


def shape(answer: dict[str, Any]) -> dict[str, Any]:
    """What must be equal between the two paths: everything but timing flags."""
    return {
        "total": answer["total"],
        "hits": [
            (h["id"], h["score"], [(s["section"], s["score"], s["snippet"]) for s in h["sections"]])
            for h in answer["hits"]
        ],
        "facets": answer["facets"],
        "suggestion": answer["suggestion"],
    }


def test_the_index_is_big_enough_to_span_blocks(big: tuple[Path, list[dict[str, Any]]]) -> None:
    index_dir, recs = big
    assert len(recs) >= 5000
    ix = open_index(index_dir)
    with ix.reader() as reader:
        leaves = [leaf for leaf, _ in reader.leaf_readers()]
        assert len(leaves) >= 3
        assert sum(leaf.has_deletions() for leaf in leaves) == 2  # purged in place, holes left
        limit = whoosh_internals.block_limit()
        for leaf in leaves:  # in every segment, some word's postings fill several blocks
            longest = max(leaf.doc_frequency("body", term) for term in leaf.lexicon("body"))
            assert longest > 3 * limit
    report = whoosh_internals.engine_report(ix)
    ix.close()
    assert report["fast_paths"] and report["segments"] == len(leaves)
    assert report["probe_fast_segments"] == len(leaves) and report["probe_fallback_segments"] == 0


def test_fast_and_fallback_answers_are_equal(big: tuple[Path, list[dict[str, Any]]]) -> None:
    index_dir, recs = big
    ix = open_index(index_dir)
    searcher = ix.searcher()
    kinds: Counter[str] = Counter()
    fast_kinds: Counter[str] = Counter()
    checked = 0
    try:
        for q in queries(recs):
            request = dataclasses.replace(q.request, limit=20)
            whoosh_internals.reset_counters()
            fast = search(index_dir, request, searcher=searcher)
            ran = whoosh_internals.counters()
            assert ran.fallback_reads == 0 and ran.fallback_scoring == 0, q
            kinds[q.kind] += 1
            fast_kinds[q.kind] += ran.fast_reads + ran.reused_reads > 0
            with whoosh_internals.fallback_only():
                whoosh_internals.reset_counters()
                slow = search(index_dir, request, searcher=searcher)
                declined = whoosh_internals.counters()
            assert declined.fast_reads == 0 and declined.reused_reads == 0, q
            assert shape(fast) == shape(slow), q
            checked += 1
    finally:
        searcher.close()
        ix.close()
    assert checked >= 200
    assert set(kinds) >= {
        "term",
        "two-words",
        "term-zh",
        "term-th",
        "phrase",
        "filtered",
        "fuzzy",
        "prefix",
        "boolean",
    }
    # The fast path ran for nearly every query of every class (a phrase whose words no segment
    # holds together reads no posting list at all).
    for kind, count in kinds.items():
        assert fast_kinds[kind] >= count * 0.8, (kind, fast_kinds[kind], count)
    assert sum(fast_kinds.values()) >= 0.9 * sum(kinds.values())


def test_the_answers_are_those_recorded(big: tuple[Path, list[dict[str, Any]]]) -> None:
    """Each benchmark query answers as recorded in RECORDED (a digest of its totals, hits,
    sections, scores, snippets and facets): a change meant to make searching faster must not
    change one answer. After a change meant to change answers, rewrite the record with
    ``CROSSINGS_REGENERATE=1 pytest tests/search/test_scale.py`` and review its diff."""
    index_dir, recs = big
    ix = open_index(index_dir)
    searcher = ix.searcher()
    try:
        answers = [recorded_answer(q, search(index_dir, q.request, searcher=searcher)) for q in queries(recs)]
    finally:
        searcher.close()
        ix.close()
    if REGENERATE:
        RECORDED.parent.mkdir(exist_ok=True)
        lines = ",\n".join(json.dumps(answer, ensure_ascii=False) for answer in answers)
        RECORDED.write_text(f"[\n{lines}\n]\n", "utf-8")
    recorded = json.loads(RECORDED.read_text("utf-8"))
    assert len(answers) == len(recorded) >= 200
    changed = [now[:3] for now, then in zip(answers, recorded, strict=True) if now != then]
    assert changed == [], f"{len(changed)} answers differ from {RECORDED.name}: {changed[:10]}"


def recorded_answer(q: Any, answer: dict[str, Any]) -> list[Any]:
    """[kind, query, filters, digest] of one benchmark query's answer: the digest of what
    :func:`shape` keeps of it."""
    text = json.dumps(shape(answer), ensure_ascii=False, sort_keys=True)
    filters = {name: list(values) for name, values in q.request.filters.items()}
    return [q.kind, q.request.q, filters, hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]]


def test_a_fallback_is_logged_once_and_counted(
    big: tuple[Path, list[dict[str, Any]]], caplog: pytest.LogCaptureFixture
) -> None:
    index_dir, _ = big
    whoosh_internals.reset_counters()
    with caplog.at_level(logging.WARNING, "crossings.search"), whoosh_internals.fallback_only():
        for word in ("police", "health", "workers"):
            search(index_dir, SearchRequest.from_params({"q": word}))
    warnings = [r for r in caplog.records if "fast path declined" in r.getMessage()]
    assert len(warnings) == 1
    counts = whoosh_internals.counters()
    assert counts.fallback_reads >= 3 and counts.fallback_scoring == 3 and counts.fast_reads == 0


def test_an_unsupported_whoosh_version_patches_nothing_and_still_answers(
    big: tuple[Path, list[dict[str, Any]]],
) -> None:
    """With a fake version, the import says so, patches no class, and searches answer through
    Whoosh's public matchers (the same answer as the fast path)."""
    index_dir, _ = big
    script = f"""
import json, logging, whoosh
logging.basicConfig(level=logging.WARNING)
whoosh.__version__ = (2, 7, 99)
from whoosh.filedb.structfile import BufferFile
from crossings.search.engine import whoosh_internals as w
from crossings.search.api import search
from crossings.search.request.search_request import SearchRequest
from pathlib import Path
answer = search(Path({str(index_dir)!r}), SearchRequest.from_params({{"q": "police"}}))
print(json.dumps({{"fast": w.SUPPORT.fast, "patched": w.patched(),
    "buffer": hasattr(BufferFile, "_crossings_patched"), "counts": w.counters().as_dict(),
    "total": answer["total"], "ids": [h["id"] for h in answer["hits"]]}}))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    assert "2.7.99 is not a version crossings' fast paths support (2.7.4)" in done.stderr
    assert result["fast"] is False and result["patched"] is False and result["buffer"] is False
    assert result["counts"]["fast_reads"] == 0 and result["counts"]["fallback_reads"] > 0
    expected = search(index_dir, SearchRequest.from_params({"q": "police"}))
    assert result["total"] == expected["total"] and result["ids"] == [h["id"] for h in expected["hits"]]


def test_the_version_judgement() -> None:
    assert whoosh_internals.judge((2, 7, 4)).fast
    for version in ((2, 7, 5), (2, 7, 3), (3, 0, 0)):
        judged = whoosh_internals.judge(version)
        assert not judged.fast and "supported" not in judged.message.split(":")[0]
        assert "(2.7.4)" in judged.message


def test_no_module_but_the_fence_reaches_into_whoosh() -> None:
    """Whoosh's codec and file layers, its TOC and segment list, and patches of its classes
    appear in crossings.search.engine.whoosh_internals only."""
    root = Path(whoosh_internals.__file__).parents[1]
    private = re.compile(
        r"from whoosh\.(codec|filedb)|SegmentReader|\._segments\(|\bTOC\(|_crossings_patched"
        r"|\bwhoosh\.\w+\.\w+\s*=[^=]|matcher\._\w+"
    )
    offenders = [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for path in sorted(root.rglob("*.py"))
        if path.name != "whoosh_internals.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if private.search(line)
    ]
    assert offenders == []


def test_each_segment_lists_the_spelling_words_of_its_own_texts(
    big: tuple[Path, list[dict[str, Any]]],
) -> None:
    """Spelling words are given once per segment (schema.new_segment), yet every segment's
    spelling lexicon holds exactly the unstemmed words of its own sections, as Whoosh's second
    analysis would give them."""
    index_dir, _ = big
    ix = open_index(index_dir)
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            for fieldname in ("title", "section", "body"):
                field = leaf.schema[fieldname]
                expected: set[bytes] = set()
                for fields in leaf.all_stored_fields():
                    words = TEXT.spellable_words(field, fields.get(fieldname, ""))
                    expected.update(word.encode("utf-8") for word in words)
                assert set(leaf.lexicon(field.spelling_fieldname(fieldname))) == expected
                assert all(leaf.doc_frequency(field.spelling_fieldname(fieldname), w) == 1 for w in expected)
    ix.close()
