"""What an update's purge saves (issue 17: a one-document update of a 10,000-document index): each
saving gives what the plain way gave, and is taken.

- A purged posting list finds the data of the blocks it decodes only: the blocks copied as they
  are are not split from their headers, and the list written is the same.
- A variable-length column's offsets are summed at once, the numbers Whoosh's reader derives.
- A live section read again for its spelling words is folded, not stemmed, and each section's
  record is read once for the three spelling fields.
"""

from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Any

import pytest
from whoosh.columns import VarBytesColumn
from whoosh.fields import FieldType
from whoosh.filedb.structfile import BufferFile, StructFile

from crossings.search.engine import whoosh_internals
from crossings.search.engine.schema import make_schema
from crossings.search.text import analysis
from tests.search.test_fast_writer import write
from tests.search.test_purge_in_place import docs, lines  # noqa: F401 (fixtures)
from tests.search.test_spelling_words import SPELLED


def _list_of(leaf: Any, fieldname: str, btext: bytes) -> tuple[Any, tuple[Any, ...]]:
    """One term's posting list bytes and its term info (without its extent)."""
    terms = leaf._terms
    info = terms._tindex.get(terms._keycoder(fieldname, btext))
    offset, length = whoosh_internals._EXTENT.unpack_from(info, whoosh_internals._TERMINFO.size)
    return terms._postfile.get(offset, length), tuple(whoosh_internals._TERMINFO.unpack_from(info))


def _held(data: Any, field: Any) -> list[tuple[Any, ...]]:
    """The postings of posting list *data*, as the purge's reference reads them."""
    decoded = [
        whoosh_internals._block_data_of(info, body)
        for info, body in whoosh_internals._block_spans(data, 0, len(data), "test")
    ]
    return whoosh_internals._held(decoded, field, 0, None)


def test_a_purged_list_decodes_only_the_blocks_that_may_hold_a_deleted_document(
    docs: list[dict[str, Any]],  # noqa: F811 (a fixture)
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A long list loses documents from its first block, from all but its last, from its last
    only, and at random: the list written holds exactly the postings left, with the first and
    last documents, count and weight they give; and the data of a block is found past its header
    only for the blocks that may hold a deleted document (the last block's alone when only it
    does), not for every block the purge walks."""
    twice = [*docs, *({**doc, "key": doc["key"] + "-again"} for doc in docs)]  # lists of many blocks
    ix = write(tmp_path / "ix", twice, fast=True)
    found: list[int] = []
    real = whoosh_internals._block_data_at

    def counted(*args: Any) -> Any:
        found.append(args[2])
        return real(*args)

    monkeypatch.setattr(whoosh_internals, "_block_data_at", counted)
    with ix.reader() as reader:
        ((leaf, _),) = reader.leaf_readers()
        field = leaf.schema["body"]
        lengths = whoosh_internals._field_lengths(leaf._perdoc, "body")
        btext = max(leaf.lexicon("body"), key=lambda term: leaf.doc_frequency("body", term))
        data, stats = _list_of(leaf, "body", btext)
        monkeypatch.setattr(whoosh_internals, "_block_data_at", real)
        held = _held(data, field)
        headers = list(whoosh_internals._block_headers(data, 0, len(data), "test"))
        assert len(headers) >= 3
        ids = [posting[0] for posting in held]
        per_block = [info[0] for info, _, _ in headers]
        first_block, last_block = set(ids[: per_block[0]]), set(ids[-per_block[-1] :])
        rng = random.Random(17)
        cases = {
            "first block": first_block,
            "all but the last block": set(ids) - last_block,
            "one in the last block": {ids[-2]},
            "at random": {docnum for docnum in ids if rng.random() < 0.3},
        }
        monkeypatch.setattr(whoosh_internals, "_block_data_at", counted)
        for name, dead in cases.items():
            found.clear()
            purged = whoosh_internals._purged_list(data, stats, sorted(dead), dead, field, lengths, 3)
            assert purged is not None and purged[0] is not None, name
            if name == "one in the last block":
                assert found == [headers[-1][1]], "only the last block's data is found"
            monkeypatch.setattr(whoosh_internals, "_block_data_at", real)
            left = [posting for posting in held if posting[0] not in dead]
            assert _held(purged[0], field) == left, name
            new = whoosh_internals._TERMINFO.unpack(purged[1])
            assert (new[2], new[6], new[7]) == (len(left), left[0][0], left[-1][0]), name
            assert new[1] == pytest.approx(stats[1] - sum(p[1] for p in held if p[0] in dead)), name
            monkeypatch.setattr(whoosh_internals, "_block_data_at", counted)


def test_offsets_summed_at_once_are_those_whoosh_derives() -> None:
    """A variable-length column of few enough documents stores no offsets: the reader sums them
    from the lengths (at once), the same numbers in the same array type as Whoosh's reader, the
    same values; a column that stores them is read as Whoosh reads it."""
    rng = random.Random(11)
    for count in (0, 1, 7, 3000, 40000):
        column = VarBytesColumn()
        raw = io.BytesIO()
        writer = column.writer(StructFile(raw))
        for docnum in range(count):
            writer.add(docnum, rng.randbytes(rng.randrange(0, 300 if count < 10000 else 4)))
        writer.finish(count)
        buffer = BufferFile(raw.getvalue())
        whoosh_reader = column.reader(buffer, 0, len(raw.getvalue()), count)
        ours = whoosh_internals.var_bytes_reader(column, buffer, 0, len(raw.getvalue()), count)
        assert type(ours) is whoosh_internals._VarBytesReader
        assert ours._offsets == whoosh_reader._offsets and ours._lengths == whoosh_reader._lengths, count
        assert ours._offsets.typecode == whoosh_reader._offsets.typecode, count
        assert ours.had_stored_offsets == whoosh_reader.had_stored_offsets == (count > 2**15)
        assert list(ours) == list(whoosh_reader), count


def test_spelling_words_read_again_are_folded_not_stemmed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A live section read again for its spelling words gives Whoosh's ``spellable_words`` with
    no stemming at all (a spelling word is the unstemmed form), its pieces kept apart from the
    indexing pass's table of stemmed terms."""
    schema = make_schema()
    expected = {
        (name, text): set(FieldType.spellable_words(schema[name], text))
        for name in ("title", "body")
        for text in SPELLED
    }
    monkeypatch.setattr(analysis, "_WORD_TABLES", {})
    monkeypatch.setattr(analysis, "_SPELLED_TABLES", {}, raising=False)  # (a fresh table)

    def no_stemming(word: str) -> str:
        raise AssertionError(f"stemmed {word!r}")

    monkeypatch.setattr(analysis, "_stem", no_stemming)
    for (name, text), words in expected.items():
        assert schema[name].spelling_words(text) == words, text
    assert all(not table for _, _, table in analysis._WORD_TABLES.values())  # (none stemmed there)


def test_a_purge_reads_each_section_once_for_all_its_spelling_fields(
    docs: list[dict[str, Any]],  # noqa: F811 (a fixture)
    tmp_path: Path,
) -> None:
    """The spelling words a purge looks for (three spelling fields) read each section's record
    once, deleted or live: a record holds every field; the words found are those read field by
    field."""
    ix = write(tmp_path / "ix", docs, fast=True)
    pending = [number for number, doc in enumerate(docs) if doc["id"] == "doc-withdrawn"] + [0, 40]
    with ix.reader() as reader:
        ((leaf, _),) = reader.leaf_readers()
        read: list[int] = []
        real = leaf.stored_fields

        def counted(docnum: int) -> Any:
            read.append(docnum)
            return real(docnum)

        leaf.stored_fields = counted
        unused = whoosh_internals._unused_spellings(leaf, leaf.schema, pending, set(pending))
        assert len(read) == len(set(read)) > len(pending)
        assert unused["spell_body"]  # (the withdrawn sections' own words)
