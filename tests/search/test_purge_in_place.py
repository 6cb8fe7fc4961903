"""An update purges a segment in place: what the deleted sections held leaves every file, what the
live sections hold reads back as after a full rewrite of the segment.

The same segment (generated records in English, Chinese and Thai, plus sections written here with
words no other section has: a personal name in three scripts, an inflected form of a common word)
loses sections twice: once through ``purge_in_place`` (numbers kept, deleted ones left as holes,
only the posting lists that held them written again) and once through ``add_live_segment`` (the
segment rewritten renumbered, its spelling words analysed again from every live section). Keyed
by section, both must hold the same terms, postings, stored fields, lengths, columns and spelling
words; the words only the deleted sections had must be in the files before and in no file after.
"""

from __future__ import annotations

import gc
import json
import random
from collections.abc import Callable
from itertools import compress
from pathlib import Path
from types import MethodType
from typing import Any

import pytest
from whoosh import index as whoosh_index

from bench.search.bench_search import records
from crossings.search.api import search
from crossings.search.engine import whoosh_internals
from crossings.search.engine.rank import LIVE_BM25F
from crossings.search.engine.schema import make_schema
from crossings.search.indexing import index as index_module
from crossings.search.indexing.index import build_index, open_index
from crossings.search.indexing.records import read_corpus
from crossings.search.request.search_request import SearchRequest
from tests.search.test_fast_writer import postings, write

# Words only the withdrawn sections hold (sample text written for this test).
SECRET_WORDS = ["Kessandrawati", "黃秀蘭", "สมศรีวิไล"]
# The terms the archive's analyser makes of them that no other section has (folded, Chinese in
# simplified characters and in pairs, Thai in words): in the files before, in none after.
SECRET_TERMS = ["kessandrawati", "黄秀", "秀兰", "สมศรี", "วิไล"]
WITHDRAWN = [
    # an inflected form (its stem is common, this form is not) and a word other sections have
    f"Testimony of {SECRET_WORDS[0]} about detentions and the police, {SECRET_WORDS[1]} "
    f"and {SECRET_WORDS[2]} also named.",
    f"A second withdrawn section naming {SECRET_WORDS[0]} again: 移民工人 in the city.",
]


def withdrawn_record(number: int, text: str) -> dict[str, Any]:
    """A section of the document that will be withdrawn."""
    return {
        "id": "doc-withdrawn",
        "url": "documents/doc-withdrawn.html",
        "title": "Withdrawn testimony",
        "section": f"Part {number}",
        "anchor": f"part-{number}",
        "text": text,
        "date": "2001-06-01",
        "language": "en",
    }


@pytest.fixture(scope="module")
def lines() -> list[dict[str, Any]]:
    """About 420 generated corpus records with the withdrawn document's two sections among them."""
    generated = list(records(40))
    return [*generated[:150], *(withdrawn_record(n, t) for n, t in enumerate(WITHDRAWN, 1)), *generated[150:]]


def write_lines(path: Path, lines: list[dict[str, Any]]) -> Path:
    """*lines* as a JSON Lines corpus at *path*."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), "utf-8")
    return path


@pytest.fixture(scope="module")
def docs(lines: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """The records as the index reads them."""
    return read_corpus(write_lines(tmp_path_factory.mktemp("corpus") / "corpus.jsonl", lines))


def deleted_keys(docs: list[dict[str, Any]]) -> list[str]:
    """The sections deleted: document 0 of the segment, the withdrawn document, two others."""
    withdrawn = [doc["key"] for doc in docs if doc["id"] == "doc-withdrawn"]
    return [docs[0]["key"], *withdrawn, docs[40]["key"], docs[41]["key"]]


def purge(folder: Path, docs: list[dict[str, Any]], rewrite: Callable[[Any, Any], Any]) -> Any:
    """A one-segment index of *docs*, then one commit deleting deleted_keys() whose merge policy
    hands the segment to *rewrite* (it returns the segment to keep, or None when it added the
    segment to the writer)."""
    ix = write(folder, docs, fast=True)
    writer = whoosh_internals.fast_writer(ix)
    for key in deleted_keys(docs):
        writer.delete_by_term("key", key)

    def policy(writer: Any, segments: list[Any]) -> list[Any]:
        kept = [rewrite(writer, segment) for segment in segments]
        return [segment for segment in kept if segment is not None]

    writer.commit(mergetype=policy)
    return whoosh_index.open_dir(str(folder))


def in_place(writer: Any, segment: Any) -> Any:
    """The purge under test."""
    purged = whoosh_internals.purge_in_place(writer, segment)
    assert purged is not None, "purge_in_place declined"
    return purged


def renumbered(writer: Any, segment: Any) -> None:
    """The reference: the segment rewritten without its deleted sections."""
    whoosh_internals.add_live_segment(writer, segment)


def by_key(ix: Any) -> dict[str, Any]:
    """What a reader sees of the live sections, keyed by section key instead of number."""
    with ix.reader() as reader:
        (leaf, _), *more = list(reader.leaf_readers())
        assert not more
        live = [d for d in range(leaf.doc_count_all()) if not leaf.is_deleted(d)]
        key_of = {d: leaf.stored_fields(d)["key"] for d in live}
        names = leaf.schema.names()
        terms: dict[tuple[str, bytes], Any] = {}
        for fieldname, btext in leaf._terms.terms():
            if fieldname.startswith("spell_"):
                terms[(fieldname, btext)] = "a spelling word"
                continue
            found = postings(leaf, fieldname, btext)
            info = leaf._terms.term_info(fieldname, btext)
            stats = (info.doc_frequency(), info.min_length(), info.max_length(), key_of[info.min_id()])
            stats += (key_of[info.max_id()], pytest.approx(info.weight()), pytest.approx(info.max_weight()))
            terms[(fieldname, btext)] = (
                stats,
                sorted((key_of[d], weight, value) for d, weight, value in found),
            )
        return {
            "live": leaf.doc_count(),
            "terms": terms,
            "stored": {key_of[d]: leaf.stored_fields(d) for d in live},
            "lengths": {key_of[d]: [leaf.doc_field_length(d, name) for name in names] for d in live},
            "columns": {
                name: {key_of[d]: leaf.column_reader(name)[d] for d in live}
                for name in names
                if leaf.has_column(name)
            },
            "field lengths": {name: leaf.field_length(name) for name in names},
        }


def index_bytes(folder: Path) -> bytes:
    """Every file of an index folder, concatenated."""
    return b"".join(path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file())


@pytest.fixture(scope="module")
def reference(docs: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """by_key() of the segment rewritten renumbered."""
    return by_key(purge(tmp_path_factory.mktemp("reference") / "ix", docs, renumbered))


def test_a_purge_in_place_holds_what_a_full_rewrite_holds(
    docs: list[dict[str, Any]], reference: dict[str, Any], tmp_path: Path
) -> None:
    whoosh_internals.reset_counters()
    ix = purge(tmp_path / "ix", docs, in_place)
    assert whoosh_internals.counters().purges_in_place == 1
    mine = by_key(ix)
    assert mine["live"] == reference["live"] == len(docs) - len(deleted_keys(docs))
    for part in ("stored", "lengths", "columns", "field lengths"):
        assert mine[part] == reference[part], part
    assert mine["terms"].keys() == reference["terms"].keys()  # spelling words included
    assert mine["terms"] == reference["terms"]
    spelled = {btext.decode() for fieldname, btext in mine["terms"] if fieldname == "spell_body"}
    assert "detentions" not in spelled  # an inflected form only the withdrawn section had
    assert "detention" in spelled
    assert "police" in spelled  # a word the withdrawn section shares with others stays


def test_the_deleted_sections_leave_every_file_and_their_numbers_stay_holes(
    docs: list[dict[str, Any]], tmp_path: Path
) -> None:
    before = write(tmp_path / "before", docs, fast=True)
    before.close()
    written = index_bytes(tmp_path / "before")
    assert all(term.encode() in written for term in SECRET_TERMS)  # the check can fail
    ix = purge(tmp_path / "ix", docs, in_place)
    held = index_bytes(tmp_path / "ix")
    for term in SECRET_TERMS:
        assert term.encode() not in held, term
    assert b"doc-withdrawn" in written and b"doc-withdrawn" not in held  # its keys, ids, URL
    with ix.reader() as reader:
        leaf = reader.leaf_readers()[0][0]
        assert not any(("key", key.encode()) in leaf for key in deleted_keys(docs))
        holes = sorted(leaf.segment().deleted_docs())
        assert len(holes) == len(deleted_keys(docs)) and holes[0] == 0
        assert all(leaf.stored_fields(d) == {} for d in holes)
        assert not any(leaf.doc_field_length(d, "body") for d in holes)  # no length (None)
        assert whoosh_internals.holes(leaf.segment()) == len(holes)
        assert not whoosh_internals.pending_deletions(leaf.segment())


def test_searches_find_the_same_sections_in_both(docs: list[dict[str, Any]], tmp_path: Path) -> None:
    mine = purge(tmp_path / "mine", docs, in_place)
    theirs = purge(tmp_path / "theirs", docs, renumbered)
    words = ["police", "detention", "移民", "แรงงาน", '"the police"', "migr*", "Kessandrawati", "polise~"]
    found_any = 0
    for words_asked in words:
        request = SearchRequest(q=words_asked, limit=50)
        with mine.searcher() as one, theirs.searcher() as other:
            a = search(tmp_path / "unused", request, searcher=one)
            b = search(tmp_path / "unused", request, searcher=other)
        assert a["total"] == b["total"], words_asked
        assert sorted(h["id"] for h in a["hits"]) == sorted(h["id"] for h in b["hits"]), words_asked
        found_any += a["total"] > 0
    assert found_any >= 5


def test_scores_are_those_of_the_segment_rewritten_without_its_holes(
    docs: list[dict[str, Any]], tmp_path: Path
) -> None:
    """The holes a purge in place leaves are not counted in the statistics BM25F divides by (the
    number of documents, the average field length): every score equals the one the segment
    rewritten renumbered gives (Whoosh's own count made them differ by about 2% here)."""
    mine = purge(tmp_path / "mine", docs, in_place)
    theirs = purge(tmp_path / "theirs", docs, renumbered)
    compared = 0
    for words_asked in ["police", "detention", "移民", "แรงงาน", '"the police"', "migr*", "border OR law"]:
        request = SearchRequest(q=words_asked, limit=50)
        with (
            mine.searcher(weighting=LIVE_BM25F) as one,
            theirs.searcher(weighting=LIVE_BM25F) as other,
        ):
            assert one.doc_count() == other.doc_count() < one.doc_count_all()
            a = search(tmp_path / "unused", request, searcher=one)
            b = search(tmp_path / "unused", request, searcher=other)
        scores = {h["id"]: h["score"] for h in b["hits"]}
        for hit in a["hits"]:
            assert hit["score"] == pytest.approx(scores[hit["id"]], abs=1e-4), (words_asked, hit["id"])
            compared += 1
    assert compared > 30


def shrink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Segments of 120 sections that an update treats as large, so that it purges them in place."""
    monkeypatch.setattr(index_module, "SEGMENT_RECORDS", 120)
    monkeypatch.setattr(index_module, "SMALL_SEGMENT", 30)


def test_updates_purge_in_place_then_rewrite_once_the_holes_pass_their_share(
    lines: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shrink(monkeypatch)
    folder = tmp_path / "ix"
    now = list(lines)
    corpus = write_lines(tmp_path / "corpus.jsonl", now)
    build_index(corpus, folder, incremental=False)
    before = len(whoosh_internals.segments(open_index(folder)))
    assert before >= 3

    def drop(doc_id: str) -> Any:
        now[:] = [r for r in now if r["id"] != doc_id]
        write_lines(corpus, now)
        whoosh_internals.reset_counters()
        return build_index(corpus, folder)

    report = drop("doc-withdrawn")
    assert report.deleted == len(WITHDRAWN) and report.engine["holes"] == len(WITHDRAWN)
    assert (whoosh_internals.counters().purges_in_place, whoosh_internals.counters().fast_merges) == (1, 0)
    live = open_index(folder)
    assert len(whoosh_internals.segments(live)) == before  # the same segments, one of them purged
    assert sum(whoosh_internals.holes(s) for s in whoosh_internals.segments(live)) == len(WITHDRAWN)
    for term in SECRET_TERMS:
        assert term.encode() not in index_bytes(folder / report.generation), term
    # Withdraw documents of the first segment until its holes pass HOLES_SHARE: then it is
    # rewritten renumbered (no holes left).
    rewritten = purged = 0
    for doc_id in list(dict.fromkeys(r["id"] for r in now[:120]))[:4]:
        drop(doc_id)
        rewritten += whoosh_internals.counters().fast_merges
        purged += whoosh_internals.counters().purges_in_place
    assert rewritten >= 1 and purged >= 1
    with open_index(folder).searcher() as searcher:
        assert searcher.doc_count() == len(now)
        found = search(folder, SearchRequest(q="police", limit=50), searcher=searcher)
    expected = {r["id"] for r in now if "police" in r["text"].lower()}
    assert expected and {h["id"] for h in found["hits"]} == expected


def test_an_update_leaves_nothing_to_the_cycle_collector(
    lines: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What an update made (its writer, the purge's term table, the records and keys it read) is
    freed as it returns: a reference cycle kept it all, the frames of the run included, until the
    cycle collector ran (tens of milliseconds at 10,000 documents)."""
    shrink(monkeypatch)
    corpus = write_lines(tmp_path / "corpus.jsonl", lines)
    build_index(corpus, tmp_path / "ix", incremental=False)
    write_lines(corpus, [r for r in lines if r["id"] != "doc-withdrawn"])
    whoosh_internals.reset_counters()
    gc.collect()
    gc.disable()
    try:
        report = build_index(corpus, tmp_path / "ix")
        left = gc.collect()
    finally:
        gc.enable()
    assert report.deleted == len(WITHDRAWN) and whoosh_internals.counters().purges_in_place == 1
    assert left == 0


def test_a_purge_declines_when_the_fast_paths_are_off(tmp_path: Path, docs: list[dict[str, Any]]) -> None:
    """None, and no file written: the caller then rewrites the segment renumbered."""
    ix = write(tmp_path / "ix", docs[:50], fast=True)
    writer = whoosh_internals.fast_writer(ix)
    writer.delete_by_term("key", docs[3]["key"])
    declined: list[Any] = []

    def policy(writer: Any, segments: list[Any]) -> list[Any]:
        files = sorted(path.name for path in (tmp_path / "ix").iterdir())
        with whoosh_internals.fallback_only():
            declined.extend(whoosh_internals.purge_in_place(writer, segment) for segment in segments)
        assert sorted(path.name for path in (tmp_path / "ix").iterdir()) == files
        for segment in segments:
            whoosh_internals.add_live_segment(writer, segment)
        return []

    writer.commit(mergetype=policy)
    assert declined == [None]
    assert whoosh_index.open_dir(str(tmp_path / "ix")).doc_count() == 49


def test_a_purged_term_table_has_the_hash_tables_its_records_make(
    docs: list[dict[str, Any]], tmp_path: Path
) -> None:
    """The buckets that held a term the purge took out are built again, the others copied with
    their positions moved: each of the 256 tables is the one its keys make in record order (two
    slots per key, linear probing)."""
    ix = purge(tmp_path / "ix", docs, in_place)
    with ix.reader() as reader:
        ((leaf, _),) = list(reader.leaf_readers())
        records = whoosh_internals._Records(leaf._terms._tindex)
    entries: list[list[tuple[int, int]]] = [[] for _ in range(256)]
    for hashval, at in zip(records.hash.tolist(), records.at.tolist(), strict=True):
        entries[hashval & 255].append((hashval, records.base + at))
    assert len(records.tables) == 256
    for bucket, table in enumerate(records.tables):
        slots = 2 * len(entries[bucket])
        hashes, places = [0] * slots, [0] * slots
        for hashval, position in entries[bucket]:
            slot = (hashval >> 8) % slots
            while places[slot]:
                slot = (slot + 1) % slots
            hashes[slot], places[slot] = hashval, position
        assert (table["h"].tolist(), table["p"].tolist()) == (hashes, places), bucket


def test_the_hash_tables_are_written_as_whoosh_writes_them(tmp_path: Path) -> None:
    """The same keys through Whoosh's OrderedHashWriter, with its own hash-table writer and with
    ours: the same bytes (keys colliding in their buckets included)."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.filedb.filetables import OrderedHashReader, OrderedHashWriter

    storage = FileStorage(str(tmp_path))
    keys = sorted({f"{n * 7919 % 100003:06d}-{'x' * (n % 5)}".encode() for n in range(5000)})
    written = []
    for name, ours in (("theirs", False), ("ours", True)):
        table = OrderedHashWriter(storage.create_file(name))
        if ours:
            table._write_hashes = MethodType(whoosh_internals._write_hash_tables, table)
        for n, key in enumerate(keys):
            table.add(key, n.to_bytes(4, "big"))
        table.close()
        written.append((tmp_path / name).read_bytes())
    assert written[0] == written[1]
    reader = OrderedHashReader.open(storage, "ours")
    assert all(reader[key] == n.to_bytes(4, "big") for n, key in enumerate(keys))


def spelling_words(ix: Any, spell: str = "spell_body") -> set[bytes]:
    """Every segment's spelling words of one field (what fuzzy words and patterns read)."""
    with ix.reader() as reader:
        return {word for leaf, _ in reader.leaf_readers() for word in leaf.lexicon(spell)}


def test_runs_that_only_add_never_merge_a_segment_with_holes_through_whoosh(
    lines: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoosh's own merge policy (MERGE_SMALL, the default of a commit) merges through
    ``add_reader``, which files every spelling word under document 0 of the segment and so drops
    them all when document 0 is a hole: after enough runs that only add documents it took the
    purged segment along, and every word only that segment gave was lost to fuzzy words and
    patterns."""
    shrink(monkeypatch)
    folder, now = tmp_path / "ix", [r for r in lines if r["id"] != "doc-withdrawn"]
    corpus = write_lines(tmp_path / "corpus.jsonl", now)
    build_index(corpus, folder, incremental=False)
    now = [r for r in now if r["id"] != now[0]["id"]]  # document 0 of the first segment: a hole
    build_index(write_lines(corpus, now), folder)
    assert whoosh_internals.holes(whoosh_internals.segments(open_index(folder))[0]) > 0
    for run in range(8):  # runs that only add: 25 sections each
        doc = {**now[0], "id": f"added-{run}", "text": f"Addedword{run}"}
        now += [{**doc, "anchor": f"s{k}", "section": f"S{k}"} for k in range(25)]
        build_index(write_lines(corpus, now), folder)
    build_index(corpus, tmp_path / "fresh", incremental=False)
    assert spelling_words(open_index(folder)) == spelling_words(open_index(tmp_path / "fresh"))


def test_a_thai_word_whose_folded_form_cuts_otherwise_keeps_its_spelling_word(tmp_path: Path) -> None:
    """A spelling word the word breaker cuts otherwise when it meets it alone (Thai ทำงาน, when
    folding still decomposed SARA AM: ทํา, งาน) is looked up as one token and as itself too: the
    live section giving it holds that term, and a deleted section holding งาน does not make the
    word look given by no live section."""
    english = [
        {"id": f"doc-{n}", "url": f"documents/doc-{n}.html", "title": "Report", "text": f"Police {n}."}
        for n in range(40)
    ]
    thai = [
        {"id": "withdrawn", "url": "documents/w.html", "title": "Withdrawn", "text": "งานเลี้ยง แรงงานทำงาน"},
        {"id": "kept", "url": "documents/k.html", "title": "Kept", "text": "ผู้หญิงทำงานหนัก"},
    ]
    docs = read_corpus(write_lines(tmp_path / "corpus.jsonl", [*english[:20], *thai, *english[20:]]))
    ix = write(tmp_path / "ix", docs, fast=True)
    writer = whoosh_internals.fast_writer(ix)
    writer.delete_by_term("id", "withdrawn")
    writer.commit(mergetype=lambda writer, segments: [in_place(writer, s) for s in segments])
    words = spelling_words(whoosh_index.open_dir(str(tmp_path / "ix")))
    assert "ทำงาน".encode() in words  # the word folded, as spelling words are
    assert not {"งาน".encode(), "เลี้ยง".encode(), "แรงงาน".encode()} & words  # only the withdrawn section's


def test_indexing_a_value_with_options_leaves_the_next_plain_indexing_alone() -> None:
    """The purge indexes spelling words as one token (``tokenize=False``); the field's memo of the
    last value indexed must not hand those postings to the next plain indexing of that value."""
    field = make_schema()["body"]
    typed = "ผู้หญิงทำงาน"  # women work: three words, or one token
    plain = list(field.index(typed))
    assert [term for term, *_ in field.index(typed, tokenize=False)] == ["ผู้หญิงทำงาน".encode()]
    assert list(field.index(typed)) == plain
    assert [term for term, *_ in plain] == ["ผู้".encode(), "หญิง".encode(), "ทำงาน".encode()]


def test_a_purged_block_is_written_as_the_writer_writes_its_postings_left(
    docs: list[dict[str, Any]], tmp_path: Path
) -> None:
    """A purge takes a block's deleted documents out column by column (no tuple per posting):
    the block it writes is the one the writer makes of the postings left, and the weight taken
    out the deleted postings' weights, for every block of a segment and any documents deleted."""
    rng = random.Random(5)
    ix = write(tmp_path / "ix", docs, fast=True)
    checked = 0
    with ix.reader() as reader:
        ((leaf, _),) = reader.leaf_readers()
        terms = leaf._terms
        for fieldname in ("title", "section", "body", "id", "key"):
            field = leaf.schema[fieldname]
            fixed = field.format.fixed_value_size()
            lengths = whoosh_internals._field_lengths(leaf._perdoc, fieldname)
            for btext in list(leaf.lexicon(fieldname))[::7]:
                info = terms._tindex.get(terms._keycoder(fieldname, btext))
                offset, length = whoosh_internals._EXTENT.unpack_from(info, whoosh_internals._TERMINFO.size)
                data = terms._postfile.get(offset, length)
                for header, body in whoosh_internals._block_spans(data, 0, length, fieldname):
                    decoded = whoosh_internals._block_data_of(header, body)
                    held = whoosh_internals._held([decoded], field, 0, None)
                    ids, weights, values = whoosh_internals._columns(decoded, fixed)
                    assert list(zip(ids, weights, values, strict=True)) == held
                    dead = {docnum for docnum, *_ in held if rng.random() < 0.3}
                    left = [posting for posting in held if posting[0] not in dead]
                    if not left:
                        continue
                    live = [docnum not in dead for docnum in ids]
                    columns = [tuple(compress(column, live)) for column in (ids, weights, values)]
                    made = whoosh_internals._encode_columns(*columns, lengths, fixed, 3)
                    assert made == whoosh_internals._encode_block(left, lengths, fixed, 3)
                    checked += 1
    assert checked > 200
