"""The spelling words (the unstemmed words patterns and fuzzy words are matched against) of an
index follow its live sections through incremental runs: a removed section's words leave the
files, and the other sections' words stay."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from whoosh.fields import FieldType

from crossings.search.api import search
from crossings.search.engine.schema import make_schema
from crossings.search.indexing.index import build_index, open_index
from crossings.search.request.search_request import SearchRequest
from crossings.search.text.analysis import unstemmed_words
from crossings.search.text.config import index_options, load_settings

from .conftest import record


def write(corpus: Path, records: list[dict[str, Any]]) -> None:
    """The records as the build's corpus file."""
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def spelling(index_dir: Path) -> set[bytes]:
    """The body's spelling words of the live generation."""
    ix = open_index(index_dir)
    with ix.reader() as reader:
        words = set(reader.lexicon("spell_body"))
    ix.close()
    return words


def three() -> list[dict[str, Any]]:
    """Three one-section documents, each with a word of its own."""
    return [
        record("first", "Alphaword and migrants."),
        record("second", "Secretname met the police."),
        record("third", "Gammaword about health."),
    ]


def test_a_removed_section_takes_its_spelling_words_out_of_the_files(tmp_path: Path) -> None:
    corpus, index_dir = tmp_path / "c.jsonl", tmp_path / "ix"
    records = three()
    write(corpus, records)
    build_index(corpus, index_dir, incremental=False)
    assert b"secretname" in spelling(index_dir)
    write(corpus, [records[0], records[2]])
    assert build_index(corpus, index_dir).deleted == 1
    words = spelling(index_dir)
    assert b"secretname" not in words and b"police" not in words
    assert {b"alphaword", b"gammaword", b"health", b"migrants"} <= words
    ix = open_index(index_dir)
    stored = b"".join(Path(ix.storage.folder).joinpath(name).read_bytes() for name in ix.storage.list())
    ix.close()
    assert b"secretname" not in stored.lower()  # not in any file of the generation (uncompressed terms)


def test_replacing_the_first_section_keeps_the_others_spelling_words(tmp_path: Path) -> None:
    corpus, index_dir = tmp_path / "c.jsonl", tmp_path / "ix"
    records = three()
    write(corpus, records)
    build_index(corpus, index_dir, incremental=False)
    records[0] = record("first", "Deltaword and migrants.")
    write(corpus, records)
    assert build_index(corpus, index_dir).updated == 1
    assert {b"secretname", b"police", b"gammaword", b"health", b"deltaword"} <= spelling(index_dir)
    assert b"alphaword" not in spelling(index_dir)
    hits = search(index_dir, SearchRequest.from_params({"q": "secretn*"}))["hits"]
    assert [hit["id"] for hit in hits] == ["second"]


def test_successive_updates_of_one_segment_keep_it_readable(tmp_path: Path) -> None:
    """A segment rewritten by one run is rewritten again by the next ones (each reads every
    posting of it, spelling postings included)."""
    corpus, index_dir = tmp_path / "c.jsonl", tmp_path / "ix"
    records = three()
    write(corpus, records)
    build_index(corpus, index_dir, incremental=False)
    for round_ in range(4):
        records[round_ % 3] = record(records[round_ % 3]["id"], f"Roundword{round_} and migrants.")
        write(corpus, records)
        assert build_index(corpus, index_dir).updated == 1
        ix = open_index(index_dir)
        with ix.reader() as reader:
            postings = list(reader.iter_postings())
        ix.close()
        assert postings and f"roundword{round_}".encode() in spelling(index_dir)
    assert {b"roundword1", b"roundword2", b"roundword3"} <= spelling(index_dir)
    assert b"roundword0" not in spelling(index_dir)  # its section was replaced in round 3
    hits = search(index_dir, SearchRequest.from_params({"q": "roundword*"}))["hits"]
    assert sorted(hit["id"] for hit in hits) == ["first", "second", "third"]


SPELLED = [
    "The police and the migrants were not there; they'd gone to the clinic's outreach office.",
    "Women migrate from northern Thailand through agents, debts and raids (2001-06-10).",
    "แรงงานข้ามชาติในประเทศไทยถูกตำรวจจับกุม ผู้หญิงทำงานหนัก งานเลี้ยง แรงงานทำงาน",
    "移民性工作者的权利和健康。香港警察掃蕩移民性工作者。",
    "Phụ nữ di cư làm mại dâm ở Đông Nam Á ngại đến khám.",
    "COVID-19 e-mail Ｆｕｌｌｗｉｄｔｈ café naïve STRASSE straße",
    "",
]


def test_a_sections_spelling_words_are_those_whoosh_gives(tmp_path: Path) -> None:
    """A purge reads live sections again for their spelling words (which stay, which leave):
    the one-loop reading gives exactly Whoosh's ``spellable_words``, with the archive's default
    analyzer and with one made from the shipped settings (stop words), in every script."""
    settings = load_settings(tmp_path / "search")  # missing folder: the shipped defaults
    for analyzer in (None, index_options(settings)["analyzer"]):
        schema = make_schema(analyzer)
        for name in ("title", "section", "body"):
            field = schema[name]
            assert unstemmed_words(field.analyzer, SPELLED[0]) is not None  # the one-loop reading
            for text in SPELLED:
                assert field.spelling_words(text) == set(FieldType.spellable_words(field, text)), text
