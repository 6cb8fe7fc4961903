"""The search's layers depend only downward, and without cycles.

Every module of crossings/search/ is read with ``ast`` (imports inside functions included) and
placed in its layer: its folder, or ``api`` and ``registry`` at the top of the package. A module
may import from its own layer and the layers before it in ``crossings.search.LAYERS`` (lowest
first), never from one after it. The checker is itself tested on a copy of the package with one
wrong import and on a made-up graph with a cycle, so that it is known to fail when it should.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import crossings.search
from crossings.search import LAYERS, REQUEST_PATH

PACKAGE = "crossings.search"
ROOT = Path(crossings.search.__file__).parent


@dataclass(frozen=True)
class Import:
    """One import of one search module by another: where it is written, and what it names."""

    module: str  # the importing module, e.g. crossings.search.engine.rank
    target: str  # the imported module, e.g. crossings.search.engine.postings
    where: str  # file:line


def module_name(path: Path, root: Path) -> str:
    """The dotted name of the module at *path* of the package whose folder is *root*."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([PACKAGE, *parts])


def imports_of(path: Path, root: Path) -> list[Import]:
    """The search modules the file at *path* imports, anywhere in it."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        where = f"{path.relative_to(root.parent.parent)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module or "", node.level, package)
            # ``from crossings.search.engine import rank`` names a module; ``from x import f`` does not.
            targets = [
                f"{base}.{alias.name}" if _is_module(f"{base}.{alias.name}", root) else base
                for alias in node.names
            ]
        else:
            continue
        found += [
            Import(name, target, where)
            for target in dict.fromkeys(targets)
            if target == PACKAGE or target.startswith(PACKAGE + ".")
        ]
    return found


def _absolute(module: str, level: int, package: str) -> str:
    """The absolute name of a (possibly relative) ``from`` import."""
    if not level:
        return module
    base = package.split(".")[: len(package.split(".")) - level + 1]
    return ".".join([*base, module] if module else base)


def _is_module(name: str, root: Path) -> bool:
    """True when *name* is a module or package of the search."""
    relative = Path(*name.split(".")[2:]) if name.count(".") > 1 else Path()
    return (root / relative).with_suffix(".py").is_file() or (root / relative / "__init__.py").is_file()


def import_graph(root: Path) -> list[Import]:
    """Every import between the modules of the package in *root*."""
    return [found for path in sorted(root.rglob("*.py")) for found in imports_of(path, root)]


def layer_of(module: str) -> str | None:
    """The layer of a search module: its folder, or its own name at the top (None: the package)."""
    parts = module.split(".")
    return parts[2] if len(parts) > 2 else None


def upward(graph: Iterable[Import], layers: Sequence[str]) -> list[str]:
    """What *graph* imports from a layer above the importer's, one message each."""
    rank = {layer: number for number, layer in enumerate(layers)}
    problems = []
    for item in graph:
        mine, theirs = layer_of(item.module), layer_of(item.target)
        if mine is None or theirs is None or mine == theirs:
            continue
        if rank[theirs] > rank[mine]:
            problems.append(
                f"{item.where}: {item.module} imports {item.target}, but {mine} may not import from "
                f"{theirs}, a layer above it ({' < '.join(layers)})"
            )
    return problems


def cycles(edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The groups of nodes that reach each other through *edges* (strongly connected, 2 or more)."""
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        if a != b:
            graph.setdefault(a, set()).add(b)
            graph.setdefault(b, set())
    order: list[str] = []
    seen: set[str] = set()
    for start in sorted(graph):  # first pass: nodes by the time their search finished
        if start in seen:
            continue
        seen.add(start)
        stack = [(start, iter(sorted(graph[start])))]
        while stack:
            node, following = stack[-1]
            nxt = next((n for n in following if n not in seen), None)
            if nxt is None:
                order.append(node)
                stack.pop()
            else:
                seen.add(nxt)
                stack.append((nxt, iter(sorted(graph[nxt]))))
    reverse: dict[str, set[str]] = {node: set() for node in graph}
    for a, targets in graph.items():
        for b in targets:
            reverse[b].add(a)
    groups: list[list[str]] = []
    placed: set[str] = set()
    for start in reversed(order):  # second pass, on the reversed edges: one group per search
        if start in placed:
            continue
        group, todo = [], [start]
        placed.add(start)
        while todo:
            node = todo.pop()
            group.append(node)
            for prev in reverse[node] - placed:
                placed.add(prev)
                todo.append(prev)
        if len(group) > 1:
            groups.append(sorted(group))
    return sorted(groups)


def layer_edges(graph: Iterable[Import]) -> list[tuple[str, str]]:
    """The layers that import one another in *graph* (the package itself left out)."""
    return [
        (mine, theirs)
        for item in graph
        if (mine := layer_of(item.module)) is not None and (theirs := layer_of(item.target)) is not None
    ]


def test_every_module_is_in_a_declared_layer() -> None:
    """Each folder and top module of the search is a layer of LAYERS, and each layer exists."""
    present = {path.stem for path in ROOT.glob("*.py") if path.name != "__init__.py"}
    present |= {path.parent.name for path in ROOT.glob("*/__init__.py")}
    assert present == set(LAYERS), "declare each layer in crossings.search.LAYERS, lowest first"
    loose = [str(p) for p in ROOT.glob("*/*.py") if not (p.parent / "__init__.py").is_file()]
    assert loose == []
    assert set(REQUEST_PATH) <= set(LAYERS)


def test_no_module_imports_from_a_layer_above_it() -> None:
    graph = import_graph(ROOT)
    assert len(graph) > 100  # the reader found the imports (110 today)
    assert upward(graph, LAYERS) == []


def test_no_cycle_between_layers_nor_between_modules() -> None:
    graph = import_graph(ROOT)
    assert cycles(layer_edges(graph)) == []
    assert cycles((item.module, item.target) for item in graph if item.target != PACKAGE) == []


def test_the_checker_finds_a_wrong_import_in_a_copy_of_the_package(tmp_path: Path) -> None:
    """A lower layer that imports from a higher one, at the top of a module or inside a
    function, relatively or not, is named with its file and line."""
    copy = tmp_path / "crossings" / "search"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    rank = copy / "engine" / "rank.py"
    rank.write_text(
        rank.read_text(encoding="utf-8")
        + "\n\ndef _later() -> None:\n    from ..results import snippets\n"
        + "\n\nfrom crossings.search.plan.prepare import prepare\n",
        encoding="utf-8",
    )
    found = sorted(upward(import_graph(copy), LAYERS), key=lambda problem: int(problem.split(":")[1]))
    assert len(found) == 2, found
    assert all(problem.startswith("crossings/search/engine/rank.py:") for problem in found)
    assert "crossings.search.results.snippets" in found[0]
    assert "engine may not import from results" in found[0]
    assert "crossings.search.plan.prepare" in found[1]
    assert cycles(layer_edges(import_graph(copy))) == [["engine", "language", "plan", "results"]]


def test_the_checker_finds_a_cycle_and_an_upward_import_in_a_made_up_graph() -> None:
    graph = [
        Import("crossings.search.language.parse", "crossings.search.engine.schema", "a:1"),
        Import("crossings.search.engine.schema", "crossings.search.text.analysis", "b:1"),
        Import("crossings.search.text.analysis", "crossings.search.language.syntax", "c:1"),
        Import("crossings.search.results.answer", "crossings.search.engine.facets", "d:1"),
    ]
    assert cycles(layer_edges(graph)) == [["engine", "language", "text"]]
    assert upward(graph, LAYERS) == [
        "c:1: crossings.search.text.analysis imports crossings.search.language.syntax, but text may not "
        f"import from language, a layer above it ({' < '.join(LAYERS)})"
    ]
    assert cycles([("a", "b"), ("b", "c"), ("c", "d")]) == []
    assert cycles([("a", "b"), ("b", "a"), ("c", "d"), ("d", "c"), ("d", "e")]) == [["a", "b"], ["c", "d"]]
