"""Positions and character offsets written as typed arrays (crossings.search.engine.formats).

Every value is compared with what Whoosh's own ``Positions`` and ``Characters`` formats give for
the same places (their encoding decoded by them), on random places that need each width: small
numbers (uint16), large ones (uint32) and a start before the previous one (int32). A block's
values read at once (``block_positions``) equal the values read one by one, and an exact phrase
answers the same from an index written with Whoosh's pickled formats (read value by value) as
from one written with the packed arrays (read a block at a time).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.formats import Characters, Positions

from crossings.search.engine import formats, whoosh_internals
from crossings.search.engine.formats import PackedCharacters, PackedPositions, block_positions
from crossings.search.engine.phrases import phrase_docs
from crossings.search.engine.schema import make_schema, new_segment
from crossings.search.indexing.records import read_corpus, whoosh_fields
from tests.search.conftest import record, write_corpus


def random_places(rng: random.Random, count: int, top: int) -> list[tuple[int, int, int]]:
    """*count* occurrences at ascending positions under *top*, with plausible character spans."""
    positions = sorted(rng.sample(range(top), count))
    places = []
    for pos in positions:
        start = pos * 3 + rng.randrange(3)
        places.append((pos, start, start + rng.randrange(1, 40)))
    return places


def cases() -> list[list[tuple[int, int, int]]]:
    """Places of every width: small, past uint16, a start moving back (overlapping bigrams)."""
    rng = random.Random(17)
    found = [random_places(rng, rng.randrange(1, 30), 2000) for _ in range(200)]
    found += [random_places(rng, rng.randrange(1, 5), 5_000_000) for _ in range(50)]
    found.append([(0, 0, 2), (1, 1, 3), (2, 2, 4)])  # 哈哈哈: bigrams overlapping, starts ascending
    found.append([(0, 10, 12), (1, 4, 6)])  # a later position starting earlier: int32
    found.append([(70_000, 300_000, 300_002)])
    return found


@pytest.mark.parametrize("boost", [1.0, 2.5])
def test_packed_values_give_whoosh_s_answers(boost: float) -> None:
    mine, theirs = PackedCharacters(field_boost=boost), Characters(field_boost=boost)
    mine_pos, theirs_pos = PackedPositions(field_boost=boost), Positions(field_boost=boost)
    widths = set()
    for places in cases():
        value, whoosh_value = mine.encode(places), theirs.encode(places)
        widths.add(value[0])
        assert mine.decode_characters(value) == theirs.decode_characters(whoosh_value) == places
        assert mine.decode_positions(value) == theirs.decode_positions(whoosh_value)
        assert mine.decode_frequency(value) == theirs.decode_frequency(whoosh_value) == len(places)
        assert mine.decode_weight(value) == theirs.decode_weight(whoosh_value)
        positions = [pos for pos, _, _ in places]
        value = mine_pos.encode(positions)
        assert mine_pos.decode_positions(value) == theirs_pos.decode_positions(theirs_pos.encode(positions))
        assert mine_pos.decode_frequency(value) == len(positions)
        assert mine_pos.decode_weight(value) == theirs_pos.decode_weight(theirs_pos.encode(positions))
    assert widths == {formats.U16, formats.U32, formats.I32}


def test_combined_values_hold_every_place() -> None:
    chars = PackedCharacters()
    combined = chars.combine([chars.encode([(1, 5, 9), (4, 20, 24)]), chars.encode([(1, 4, 8), (7, 30, 31)])])
    assert chars.decode_characters(combined) == [(1, 4, 9), (4, 20, 24), (7, 30, 31)]
    positions = PackedPositions()
    combined = positions.combine([positions.encode([1, 5]), positions.encode([3, 5, 9])])
    assert positions.decode_positions(combined) == [1, 3, 5, 9]


def test_a_value_that_is_not_packed_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="not a packed posting value"):
        PackedPositions().decode_positions(Positions().encode([1, 2]))


@pytest.mark.parametrize("stride", [1, 3])
def test_a_block_read_at_once_equals_its_values_read_one_by_one(stride: int) -> None:
    rng = random.Random(stride)
    fmt = PackedCharacters() if stride == 3 else PackedPositions()
    every = cases()
    for trial in range(60):
        chosen = rng.sample(every, rng.randrange(1, 40))
        if trial % 2:  # half the blocks hold small numbers only: the one-pass path
            chosen = [places for places in chosen if max(end for *_, end in places) < 60_000] or [every[0]]
        values = [fmt.encode(places if stride == 3 else [p for p, _, _ in places]) for places in chosen]
        raw, ends = whoosh_internals._joined(values)
        asked = np.array(sorted(rng.sample(range(len(values)), rng.randrange(1, len(values) + 1))))
        counts, positions = block_positions(raw, ends, asked, stride)
        expected = [fmt.decode_positions(values[i]) for i in asked.tolist()]
        assert counts.tolist() == [len(found) for found in expected]
        assert positions.tolist() == [pos for found in expected for pos in found]


def index_of(folder: Path, docs: list[dict[str, Any]], packed: bool) -> Any:
    """A one-segment index of *docs*, its text fields in the packed formats or in Whoosh's own."""
    schema = make_schema()
    if not packed:
        for name in schema.names():
            fmt = getattr(schema[name], "format", None)
            if isinstance(fmt, PackedPositions):
                plain = Characters if fmt.stride == 3 else Positions
                schema[name].format = plain(field_boost=fmt.field_boost)
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), schema)
    writer = whoosh_internals.fast_writer(ix, 64)
    new_segment()
    for doc in docs:
        writer.add_document(**whoosh_fields(doc))
    writer.commit(merge=False)
    return whoosh_index.open_dir(str(folder))


def test_a_phrase_answers_the_same_from_pickled_and_packed_values(tmp_path: Path) -> None:
    """An index written before the packed formats is still searched (value by value), and a
    phrase of common words, of a repeated word and of Chinese bigrams finds the same documents."""
    rng = random.Random(5)
    words = "the police visa workers that its health border law 移民 工作 性工作者".split()
    texts = [" ".join(rng.choice(words) for _ in range(rng.randrange(5, 400))) for _ in range(300)]
    docs = read_corpus(
        write_corpus(tmp_path / "corpus.jsonl", [record(f"d{n}", t) for n, t in enumerate(texts)])
    )
    packed, plain = index_of(tmp_path / "packed", docs, True), index_of(tmp_path / "plain", docs, False)
    phrases = [
        ["that", "its"],
        ["the", "the"],
        ["polic", "visa", "worker"],
        ["移民", "工作"],
        ["its", "nothing"],
    ]
    with packed.reader() as fast, plain.reader() as slow:
        leaf = next(iter(fast.leaf_readers()))[0]
        assert formats.packed_stride(leaf.schema["body"].format) == 3
        assert formats.packed_stride(next(iter(slow.leaf_readers()))[0].schema["body"].format) is None
        found = 0
        for phrase in phrases:
            q = wq.Phrase("body", phrase)
            whoosh_internals.reset_counters()
            mine = phrase_docs(fast, q)
            assert whoosh_internals.counters().value_reads > 0 or not mine
            assert mine == phrase_docs(slow, q), phrase
            with packed.searcher() as searcher:  # Whoosh's own span matcher over the packed values
                assert mine == {hit.docnum for hit in searcher.search(q, limit=None)}, phrase
            found += len(mine)
        assert found > 100
