"""One real request goes down the search's layers once, with no layer calling back up.

Each request below runs through ``search()`` under ``sys.setprofile``, over a real index of
English, Chinese and Thai sections. Every call of a search function is placed in its layer
(crossings.search.LAYERS); a call from other code (Whoosh, numpy, the standard library) counts
for the nearest search function below it on the stack, so that Whoosh calling a method of a
higher layer while a lower one runs it (a callback) counts as that lower layer calling up.
Two things must hold: no call goes from a layer to one above it, and ``search()`` enters the
layers one after the other in the order of crossings.search.REQUEST_PATH, never returning to one
it has left (but indexing, which closes the index it opened once the answer is made). The
watcher itself is tested on made-up calls and on a real callback, so that it is known to fail.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from whoosh import query as wq
from whoosh.matching import ListMatcher

import crossings.search
from crossings.search import LAYERS, REQUEST_PATH
from crossings.search.api import search
from crossings.search.engine.collect import collect_all
from crossings.search.indexing.index import LiveSearcher, build_index, open_index
from crossings.search.request.budget import Budget
from crossings.search.request.search_request import SearchRequest
from crossings.search.text.config import index_options, load_settings

from .conftest import CORPUS, record, write_corpus

ROOT = Path(crossings.search.__file__).parent
RECORDS = [
    *CORPUS,
    record("zh-doc", "香港警察掃蕩移民性工作者。", title="警察掃蕩", language="zh-Hant", countries=["HK"]),
    record("th-doc", "พนักงานบริการข้ามชาติและตำรวจในกรุงเทพ", title="รายงานประเทศไทย", language="th"),
]
# Every stage of the language and the plan: words, phrases (with slop: Whoosh's collector),
# patterns, fuzzy words, fields, ranges, NOT, synonyms, one Han character, a Thai word inside a
# longer one, filters, date order, browsing, no hit (the suggestion).
REQUESTS = [
    {"q": "police"},
    {"q": '"police raids"'},
    {"q": '"police deportation"~5'},
    {"q": "migra* AND NOT hong"},
    {"q": "polise~", "country": ["TH", "HK"]},
    {"q": "title:law OR year:[1999 TO 2000]"},
    {"q": "sex worker"},
    {"q": "警"},
    {"q": "ตำรวจ"},
    {"q": "", "theme": ["police-and-violence"], "sort": "date"},
    {"q": "deportaton"},
]


class PathWatch:
    """Follows calls between the search's layers (see the module's docstring)."""

    def __init__(self, layers: Sequence[str]) -> None:
        self.rank = {layer: number for number, layer in enumerate(layers)}
        self.stack: list[str | None] = []  # the layer of each frame entered since watching began
        self.upward: list[str] = []  # calls from a layer into one above it
        self.entered: list[str] = []  # the layers search() called, in order, repeats joined
        self.calls: dict[str, int] = {}  # calls seen per layer

    def call(self, layer: str | None, where: str) -> None:
        """A function of *layer* (None: not the search's) was entered."""
        caller = next((entry for entry in reversed(self.stack) if entry is not None), None)
        if layer is not None:
            self.calls[layer] = self.calls.get(layer, 0) + 1
        if layer is not None and caller is not None:
            if self.rank[layer] > self.rank[caller]:
                self.upward.append(f"{caller} called up into {layer}: {where}")
            if caller == "api" and layer != "api" and self.entered[-1:] != [layer]:
                self.entered.append(layer)
        self.stack.append(layer)

    def back(self) -> None:
        """The function entered last returned (or yielded)."""
        if self.stack:
            self.stack.pop()

    def returns_to_layers_left(self) -> list[str]:
        """The layers search() entered again after it had gone on to another."""
        return [layer for number, layer in enumerate(self.entered) if layer in self.entered[:number]]

    def off_path(self, path: Sequence[str]) -> bool:
        """True when the layers search() entered, in order, are not a part of *path* (one
        entered out of order, or entered again where *path* does not say so)."""
        remaining = iter(path)
        return not all(layer in remaining for layer in self.entered)


def layer_of_file(filename: str) -> str | None:
    """The search layer of a source file (None: not a module of crossings.search)."""
    try:
        parts = Path(filename).relative_to(ROOT).parts
    except ValueError:
        return None
    if len(parts) > 1:
        return parts[0]
    return None if parts[0] == "__init__.py" else Path(parts[0]).stem


def watched(run: Callable[[], Any], layer_of: Callable[[str], str | None] = layer_of_file) -> PathWatch:
    """Run *run* under a profiler that tells a PathWatch of every Python call and return
    (*layer_of*: the layer of a source file)."""
    watch = PathWatch(LAYERS)
    layers: dict[str, str | None] = {}

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        if event == "call":
            code = frame.f_code
            if code.co_filename not in layers:
                layers[code.co_filename] = layer_of(code.co_filename)
            watch.call(layers[code.co_filename], f"{code.co_filename}:{frame.f_lineno} {code.co_name}")
        elif event == "return":
            watch.back()

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return watch


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """An index of English, Chinese and Thai sections with the shipped search settings."""
    root = tmp_path_factory.mktemp("path")
    settings = load_settings(root / "search")  # no folder: the shipped defaults (synonyms too)
    build_index(write_corpus(root / "c.jsonl", RECORDS), root / "ix", **index_options(settings))
    return root / "ix", settings


@pytest.mark.parametrize("params", REQUESTS, ids=lambda p: p["q"] or "browse")
def test_a_request_goes_down_the_layers_once(indexed: tuple[Path, Any], params: dict[str, Any]) -> None:
    index_dir, settings = indexed
    request = SearchRequest.from_params(params)
    search(index_dir, request, settings=settings)  # the caches of the reader, outside the watch
    answers: list[dict[str, Any]] = []
    watch = watched(lambda: answers.append(search(index_dir, request, settings=settings)))
    assert set(watch.calls) >= {"request", "engine", "language", "plan", "results"}, watch.calls
    assert params["q"] == "" or "text" in watch.calls  # the analyzer, for any words
    assert watch.upward == []
    assert not watch.off_path(REQUEST_PATH), watch.entered
    assert watch.entered == list(REQUEST_PATH)
    assert watch.returns_to_layers_left() == ["indexing"]  # closing the index it opened
    assert answers[0]["query"] == params["q"]


def test_the_requests_reach_every_stage(indexed: tuple[Path, Any]) -> None:
    """The requests above find something, walk Whoosh's collector, and suggest (so the watch saw
    those paths), and a long-lived searcher's request skips opening the index."""
    index_dir, settings = indexed
    answers = {p["q"]: search(index_dir, SearchRequest.from_params(p), settings=settings) for p in REQUESTS}
    assert all(answer["total"] for q, answer in answers.items() if q != "deportaton")
    assert answers["deportaton"]["suggestion"] == "deportation"
    assert answers["sex worker"]["total"] >= 2  # the synonyms: the Chinese and Thai sections too
    live = LiveSearcher(index_dir)
    try:
        searcher = live.get()
        watch = watched(lambda: search(index_dir, SearchRequest("police"), searcher=searcher))
    finally:
        live.close()
    assert watch.upward == [] and watch.returns_to_layers_left() == []
    assert watch.entered == ["request", "language", "plan", "engine", "results"]


def test_the_watch_sees_a_callback_up_and_a_return_to_a_layer_left() -> None:
    """Made-up calls: Whoosh (None) calling the plan while the engine runs it is a call up; the
    entry going back to the language after the engine is a return to a layer it had left."""
    watch = PathWatch(LAYERS)
    for layer, back in [
        ("api", 0),
        ("request", 1),
        ("language", 1),
        ("engine", 0),
        (None, 0),
        ("plan", 3),
        ("language", 1),
        ("results", 1),
    ]:
        watch.call(layer, str(layer))
        for _ in range(back):
            watch.back()
    assert watch.upward == ["engine called up into plan: plan"]
    assert watch.entered == ["request", "language", "engine", "language", "results"]
    assert watch.returns_to_layers_left() == ["language"]
    assert watch.off_path(REQUEST_PATH)
    assert not watch.off_path(["request", "language", "plan", "engine", "language", "results"])


def test_a_real_callback_up_is_seen(indexed: tuple[Path, Any]) -> None:
    """The callback the layers removed, rebuilt: a pattern query whose matcher belongs to the plan
    (as FlatPattern's did when it lived with the parser) run by the engine's collector, through
    Whoosh. This test file stands for the plan layer here."""
    index_dir, _ = indexed

    class PlannedPattern(wq.Wildcard):  # type: ignore[misc]
        """A pattern whose matcher Whoosh's collector calls."""

        def matcher(self, searcher: Any, context: Any = None) -> Any:
            return ListMatcher([0, 1], all_weights=1.0)

    def this_file_is_the_plan(filename: str) -> str | None:
        return "plan" if filename == __file__ else layer_of_file(filename)

    ix = open_index(index_dir)
    with ix.searcher() as s:
        query = PlannedPattern("body", "pol*")
        watch = watched(lambda: collect_all(s, query, None, Budget.starting_now()), this_file_is_the_plan)
    ix.close()
    assert watch.upward and all(problem.startswith("engine called up into plan:") for problem in watch.upward)
    assert any(" matcher" in problem for problem in watch.upward)
