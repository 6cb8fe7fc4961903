"""A small real-parser view of built pages: elements with attributes and their text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"meta", "link", "img", "br", "hr", "input", "source", "area", "base", "col", "embed", "wbr"}


@dataclass
class Element:
    """One element: tag, attributes and all the text inside it."""

    tag: str
    attrs: dict[str, str]
    text: str = ""
    ancestors: list[Element] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        """The element's classes."""
        return set(self.attrs.get("class", "").split())


class Page(HTMLParser):
    """Every element of a page in document order."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, ancestors=list(self._open))
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data

    def find(self, tag: str, **attrs: str) -> list[Element]:
        """Elements with *tag* whose attributes include *attrs* (class_ matches one class)."""
        found = []
        for element in self.elements:
            if element.tag != tag:
                continue
            wanted = dict(attrs)
            css = wanted.pop("class_", None)
            if css is not None and css not in element.classes:
                continue
            if all(element.attrs.get(k) == v for k, v in wanted.items()):
                found.append(element)
        return found


def page(path: Path) -> Page:
    """Parse a built page."""
    return Page(path.read_text(encoding="utf-8"))
