"""Migration-route diagrams: Graphviz DOT source, rendered to inline SVG (cached by content)."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Protocol

from crossings.catalog import Route
from crossings.errors import CrossingsError

# A CJK font first (Han in every variant), then Thai, then anything: fontconfig/pango read the list.
FONTNAME = "Noto Sans CJK SC,Noto Sans CJK TC,Loma,Garuda,DejaVu Sans,sans-serif"
DOT_TIMEOUT = 60
_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _quote(text: str) -> str:
    """A DOT double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


class Described(Protocol):
    """Anything naming the document that describes a route (a site entry, a book document)."""

    @property
    def docname(self) -> str: ...


def hop_counts(routes: Mapping[Route, Iterable[Described]]) -> Counter[tuple[str, str]]:
    """How many documents describe each hop (origin to next stop) of *routes*.

    The one count of the site's diagrams and the book's: a document counts once for a hop, however
    many of its routes pass there, and a route several documents describe counts each of them.
    """
    described: dict[tuple[str, str], set[str]] = {}
    for route, documents in routes.items():
        names = {document.docname for document in documents}
        for hop in zip(route.stops, route.stops[1:], strict=False):
            described.setdefault(hop, set()).update(names)
    return Counter({hop: len(names) for hop, names in described.items()})


def route_dot(
    routes: Mapping[Route, Iterable[Described]],
    label: Callable[[str], str],
    url: Callable[[str], str],
    title: str,
    highlight: str = "",
) -> str:
    """DOT source of *routes* (each with the documents describing it): one node per country, one
    edge per hop, labelled by its count of documents (hop_counts) when more than one."""
    hops = hop_counts(routes)
    countries: set[str] = {stop for route in routes for stop in route.stops}
    lines = [
        f"digraph routes {{\n  graph [rankdir=LR, bgcolor=transparent, tooltip={_quote(title)}, "
        f"fontname={_quote(FONTNAME)}];",
        f'  node [shape=box, style="rounded,filled", fillcolor="#f3f3f6", fontname={_quote(FONTNAME)}, '
        "fontsize=12];",
        f'  edge [fontname={_quote(FONTNAME)}, fontsize=10, color="#555555"];',
    ]
    for code in sorted(countries):
        extra = ', fillcolor="#ffe9b3", penwidth=2' if code == highlight else ""
        lines.append(
            f"  {code} [label={_quote(label(code))}, URL={_quote(url(code))}, "
            f"tooltip={_quote(label(code))}, target=_top{extra}];"
        )
    for (start, end), count in sorted(hops.items()):
        weight = f", label={_quote(str(count))}, penwidth={min(1 + count / 2, 4):.1f}" if count > 1 else ""
        lines.append(f"  {start} -> {end} [{weight.lstrip(', ')}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _digest(dot_source: str) -> str:
    """The cache key of a graph."""
    return hashlib.sha256(dot_source.encode("utf-8")).hexdigest()[:24]


def run_dot(dot_source: str, *args: str) -> bytes:
    """Run Graphviz once on one or more graphs (default: SVG); return its output."""
    dot = shutil.which("dot")
    if dot is None:
        raise CrossingsError("Graphviz `dot` is not installed; install the graphviz package to draw routes")
    try:
        done = subprocess.run(
            [dot, *(args or ("-Tsvg",))],
            input=dot_source.encode("utf-8"),
            capture_output=True,
            timeout=DOT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise CrossingsError(f"Graphviz `dot` took more than {DOT_TIMEOUT} s drawing the routes") from exc
    if done.returncode != 0:
        raise CrossingsError(f"Graphviz `dot` failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout


def _run_dot(dot_source: str) -> str:
    """Run Graphviz once on one or more graphs; return its SVG output."""
    return run_dot(dot_source).decode("utf-8")


def render_many(sources: list[str], cache: Path) -> dict[str, str]:
    """Inline SVG for each DOT source; uncached graphs are drawn by one `dot` process (start-up is slow)."""
    found = {}
    missing = []
    for source in dict.fromkeys(sources):
        cached = cache / f"{_digest(source)}.svg"
        if cached.is_file():
            found[source] = cached.read_text(encoding="utf-8")
        else:
            missing.append(source)
    if not missing:
        return found
    output = _run_dot("".join(missing))
    drawn = [part + "</svg>" for part in output.split("</svg>")[:-1]]
    if len(drawn) != len(missing):
        raise CrossingsError(f"Graphviz drew {len(drawn)} graphs for {len(missing)} route diagrams")
    cache.mkdir(parents=True, exist_ok=True)
    for source, svg in zip(missing, drawn, strict=True):
        found[source] = clean_svg(svg)
        (cache / f"{_digest(source)}.svg").write_text(found[source], encoding="utf-8")
    return found


def prune_cache(cache: Path, sources: list[str]) -> None:
    """Delete cached drawings of graphs this build no longer has."""
    if not cache.is_dir():
        return
    keep = {f"{_digest(source)}.svg" for source in sources}
    for path in cache.glob("*.svg"):
        if path.name not in keep:
            path.unlink()


def render_svg(dot_source: str, cache: Path) -> str:
    """Inline SVG for one DOT source (cached by content)."""
    return render_many([dot_source], cache)[dot_source]


def clean_svg(svg: str) -> str:
    """The <svg> element alone (no XML prologue, doctype or comments), labelled for screen readers."""
    svg = _COMMENT.sub("", _PROLOGUE.sub("", svg, count=1)).strip()
    return svg.replace("<svg ", '<svg role="img" class="crossings-routes-svg" ', 1)
