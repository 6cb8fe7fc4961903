"""The bundle's offline search (its script, run by Node, over an index made by
crossings.bundle.index) with words that are also names of JavaScript's own object properties."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.bundle.agreement import offline_results
from crossings.bundle.index import build_offline_index

# Words a reader may type (or a paper on software may hold) that every JavaScript object answers to.
OBJECT_WORDS = ["constructor", "__proto__", "prototype", "valueof", "tostring", "hasownproperty", "length"]


@pytest.fixture
def index_js(tmp_path: Path) -> Path:
    """The offline index of two documents: one holding those words, one not."""
    if shutil.which("node") is None:
        pytest.fail("node is missing: `make setup-test` installs it (scripts/test-packages.txt)")
    records = [
        {"id": "software", "url": "documents/software.html", "title": "Software", "language": "en",
         "text": "The outreach app: " + " ".join(OBJECT_WORDS) + " and condoms."},
        {"id": "outreach", "url": "documents/outreach.html", "title": "Outreach", "language": "en",
         "text": "Outreach workers hand out condoms."},
    ]  # fmt: skip
    script = tmp_path / "offline-index.js"
    script.write_text(build_offline_index(records, "en", None).script(), "utf-8")
    return script


def test_words_javascript_objects_answer_to_are_looked_up_as_words(index_js: Path) -> None:
    """Each such word finds the document holding it (and only it), alone or with another word,
    instead of stopping the script or finding what the object itself holds."""
    queries = OBJECT_WORDS + [f"{word} condoms" for word in OBJECT_WORDS] + ["condoms"]
    found = offline_results(index_js, queries, "en")
    for query, ids in zip(queries, found, strict=True):
        expected = ["outreach", "software"] if query == "condoms" else ["software"]
        assert sorted(ids) == expected, query


def test_words_javascript_objects_answer_to_find_nothing_where_absent(tmp_path: Path) -> None:
    """In an archive without them they find nothing, without an error."""
    if shutil.which("node") is None:
        pytest.fail("node is missing: `make setup-test` installs it (scripts/test-packages.txt)")
    records = [{"id": "a", "url": "documents/a.html", "title": "A", "language": "en", "text": "condoms"}]
    script = tmp_path / "offline-index.js"
    script.write_text(build_offline_index(records, "en", None).script(), "utf-8")
    assert offline_results(script, OBJECT_WORDS, "en") == [[] for _ in OBJECT_WORDS]


def test_a_minus_sign_excludes_as_the_service_s_not(tmp_path: Path) -> None:
    """``-police`` leaves out the documents holding the word (the script used to drop the sign
    and find exactly those); a hyphen inside a word is no minus sign."""
    if shutil.which("node") is None:
        pytest.fail("node is missing: `make setup-test` installs it (scripts/test-packages.txt)")
    texts = {
        "a": "Police raids and visa rules.",
        "b": "Visa and health co-operation.",
        "c": "A health clinic.",
    }
    records = [
        {"id": key, "url": f"documents/{key}.html", "title": key.upper(), "language": "en", "text": text}
        for key, text in texts.items()
    ]
    script = tmp_path / "offline-index.js"
    script.write_text(build_offline_index(records, "en", None).script(), "utf-8")
    queries = {
        "visa -police": ["b"],
        "-police": ["b", "c"],
        '-"police raids"': ["b", "c"],
        "health -clinic -nosuchword": ["b"],
        "(visa -police)": ["b"],
        "co-operation": ["b"],
        "visa - police": ["a"],
        "visa \u2013police": ["b"],  # an en dash, a minus sign and "!" are NOT too, as in the service
        "visa \u2212police": ["b"],
        "visa !police": ["b"],
        "co\u2010operation": ["b"],
    }
    found = offline_results(script, list(queries), "en")
    for (query, expected), ids in zip(queries.items(), found, strict=True):
        assert sorted(ids) == expected, query
