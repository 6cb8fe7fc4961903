"""Read built HTML with a real parser: links, meta tags, elements by class, loaded resources."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

# Elements and attributes through which a page loads something (not plain navigation links).
LOADING = {
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("iframe", "src"),
    ("source", "src"),
    ("source", "srcset"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("image", "href"),
    ("use", "href"),
}
LOADING_LINK_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "modulepreload",
    "manifest",
}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")


class Element:
    """One start tag with its attributes and the text inside it."""

    def __init__(self, tag: str, attrs: dict[str, str], parents: list[Element]) -> None:
        self.tag, self.attrs, self.parents, self.text = tag, attrs, list(parents), ""

    @property
    def classes(self) -> set[str]:
        """The element's classes."""
        return set(self.attrs.get("class", "").split())

    def inside(self, css: str) -> bool:
        """True when an ancestor has class *css*."""
        return any(css in p.classes for p in self.parents)


VOID = {
    "meta",
    "link",
    "img",
    "br",
    "hr",
    "input",
    "source",
    "area",
    "base",
    "col",
    "embed",
    "wbr",
    "use",
    "path",
    "polygon",
    "ellipse",
    "polyline",
}


class Page(HTMLParser):
    """Every element of a page, in document order."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.stack: list[Element] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.stack)
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}, self.stack))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text += data

    def find(self, tag: str, css: str = "") -> list[Element]:
        """Elements with *tag* (and class *css*)."""
        return [e for e in self.elements if e.tag == tag and (not css or css in e.classes)]

    def meta(self, name: str) -> list[str]:
        """Contents of <meta name=...>."""
        return [e.attrs.get("content", "") for e in self.find("meta") if e.attrs.get("name") == name]

    def loads(self) -> list[str]:
        """URLs the page makes the browser fetch."""
        urls = [
            e.attrs[attr] for e in self.elements for tag, attr in LOADING if e.tag == tag and attr in e.attrs
        ]
        urls += [
            e.attrs.get("href", "")
            for e in self.find("link")
            if set(e.attrs.get("rel", "").lower().split()) & LOADING_LINK_RELS
        ]
        urls += [e.attrs.get("xlink:href", "") for e in self.elements if e.tag in {"image", "use"}]
        return [u for u in urls if u]


def read(path: Path) -> Page:
    """Parse a built page."""
    return Page(path.read_text(encoding="utf-8"))


def target(page: str, href: str) -> str:
    """The output-relative path a relative *href* on *page* points at (no fragment)."""
    href = href.split("#", 1)[0]
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href))


def documents_listed(out: Path, page: str, css: str = "crossings-documents") -> set[str]:
    """Docnames linked from the document lists (class *css*) of *page*."""
    parsed = read(out / page)
    found = set()
    for a in parsed.find("a"):
        if a.inside(css):
            path = target(page, a.attrs["href"])
            found.add(path.removesuffix(".html"))
    return found


def external(url: str) -> bool:
    """True for a URL on another site."""
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.IGNORECASE))


def css_urls(text: str) -> list[str]:
    """url(...) and @import targets of a stylesheet."""
    return CSS_URL.findall(text)
