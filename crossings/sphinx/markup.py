"""Small escaped-HTML builders for the generated browse pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from crossings.sphinx.domain import Entry


def link(href: str, text: str, **attrs: str) -> str:
    """An <a> element."""
    extra = "".join(f' {escape(k.rstrip("_"))}="{escape(v)}"' for k, v in attrs.items())
    return f'<a href="{escape(href)}"{extra}>{escape(text)}</a>'


def heading(level: int, text: str, anchor: str = "") -> str:
    """A heading inside a section (furo styles section headings)."""
    ident = f' id="{escape(anchor)}"' if anchor else ""
    return f"<h{level}{ident}>{escape(text)}</h{level}>\n"


def section(anchor: str, content: str) -> str:
    """A section element wrapping *content*."""
    return f'<section id="{escape(anchor)}">\n{content}</section>\n'


def items(rows: Iterable[str], css: str = "") -> str:
    """A bullet list of already-escaped rows ('' when there are none)."""
    rows = list(rows)
    if not rows:
        return ""
    cls = f' class="{escape(css)}"' if css else ""
    return f"<ul{cls}>\n" + "".join(f"<li>{row}</li>\n" for row in rows) + "</ul>\n"


def paragraph(text: str, css: str = "") -> str:
    """A paragraph of plain text."""
    cls = f' class="{escape(css)}"' if css else ""
    return f"<p{cls}>{escape(text)}</p>\n"


def document_item(entry: Entry, href: str, note: str = "") -> str:
    """One document in a list: its title linked, its date and an optional note."""
    parts = [link(href, entry.meta.title, lang=entry.meta.language)]
    if entry.meta.date:
        parts.append(f'<span class="crossings-date">{escape(entry.meta.date)}</span>')
    if note:
        parts.append(f'<span class="crossings-note">{escape(note)}</span>')
    return " ".join(parts)


def document_list(entries: Iterable[Entry], uri: Callable[[str], str]) -> str:
    """A list of documents, each linked through *uri(docname)*."""
    return items((document_item(e, uri(e.docname)) for e in entries), "crossings-documents")


def table(head: Iterable[str], rows: Iterable[Iterable[str]], css: str = "") -> str:
    """A table of already-escaped cells with a plain-text header row."""
    cls = f' class="{escape(css)}"' if css else ""
    head_html = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>\n" for row in rows)
    return (
        f'<div class="table-wrapper"><table{cls}>\n<thead><tr>{head_html}</tr></thead>\n'
        f"<tbody>\n{body}</tbody>\n</table></div>\n"
    )
