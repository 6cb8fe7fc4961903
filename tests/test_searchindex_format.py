"""crossings.searchindex reads and writes ``searchindex.js`` as Sphinx does, without Sphinx."""

from __future__ import annotations

import pytest
from sphinx.search import js_index

from crossings import searchindex

SAMPLE = {
    "docnames": ["index", "documents/pier", "documents/東京"],
    "filenames": ["index.md", "documents/pier.md", "documents/東京.md"],
    "titles": ["Home", "Pier — “quoted”", "東京\u200b</script>"],
    "terms": {"westward": 1, "port": [0, 1], "ตำรวจ": 2},
    "titleterms": {"pier": 1},
    "alltitles": {"Pier": [[1, None]]},
    "indexentries": {},
    "objects": {},
    "envversion": {"sphinx": 64},
}


def test_written_as_sphinx_writes_it() -> None:
    assert searchindex.dumps(SAMPLE) == js_index.dumps(SAMPLE)


def test_read_as_sphinx_reads_it() -> None:
    text = js_index.dumps(SAMPLE)
    assert searchindex.loads(text) == js_index.loads(text) == SAMPLE


@pytest.mark.parametrize(
    "text", ["", "Search.setIndex()", "Search.setIndex({}", "{}", "window.x=1;Search.setIndex({})"]
)
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        searchindex.loads(text)
