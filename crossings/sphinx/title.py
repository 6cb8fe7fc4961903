"""A document's title is its metadata's title: the H1, the page ``<title>``, search and the books follow it.

The catalog is the authority for the title (crossings.catalog.authority); an editor who corrects
it in reports/catalog.csv must see the correction on the page even when the body's own first
heading still says the old one, is empty or is missing. Runs before translation, so the title
is translated like any heading.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform

from crossings.ingest.document import heading_text
from crossings.sphinx.frontmatter import front_matter, is_archive_document

DOCUMENT_TITLE_ID = "document-title"


# What stays above the first heading: the front matter (a field list until docutils makes it docinfo).
_PREAMBLE = (nodes.docinfo, nodes.field_list, nodes.comment)


def _sole_section(document: nodes.document) -> nodes.section | None:
    """The one top-level section holding the whole text, if the document is shaped that way."""
    content = [c for c in document.children if not isinstance(c, (*_PREAMBLE, nodes.target))]
    if len(content) == 1 and isinstance(content[0], nodes.section):
        return content[0]
    return None


def _wrap(document: nodes.document) -> nodes.section:
    """Put everything after the front matter into one new top-level section."""
    children = list(document.children)
    lead = 0
    while lead < len(children) and isinstance(children[lead], _PREAMBLE):
        lead += 1
    section = nodes.section()
    section.source, section.line = document["source"], 1
    section.extend(children[lead:])
    document.children = []
    document.extend([*children[:lead], section])
    return section


def _title_node(text: str, document: nodes.document) -> nodes.title:
    """A title node for *text*, placed at the top of the document for translation and warnings."""
    node = nodes.title(heading_text(text), text)
    node.source, node.line = document["source"], 1
    return node


def _rename(document: nodes.document, section: nodes.section, text: str) -> None:
    """Give *section* the id and name of its new title (the old ones may hold the old title's words)."""
    for old in section["ids"]:
        document.ids.pop(old, None)
    for old in section["names"]:
        document.nameids.pop(old, None)
        document.nametypes.pop(old, None)
    name = nodes.fully_normalize_name(text)
    ident = nodes.make_id(text) or DOCUMENT_TITLE_ID
    if ident in document.ids:
        ident = DOCUMENT_TITLE_ID if DOCUMENT_TITLE_ID not in document.ids else f"{ident}-title"
    section["ids"], section["names"] = [ident], [name]
    document.ids[ident] = section
    document.nameids[name] = ident
    document.nametypes[name] = False


class TitleFromMetadata(SphinxTransform):
    """Set an archive document's first heading to the title of its metadata."""

    default_priority = 15  # before Locale (20): the translated title is looked up from this text

    def apply(self, **kwargs: object) -> None:
        """Replace the title text, or wrap the document in a section titled by its metadata."""
        docname = self.env.current_document.docname
        if not is_archive_document(self.env, docname):
            return
        data = front_matter(self.env, docname) or {}
        text = " ".join(str(data.get("title") or "").split())
        if "id" not in data or not text:
            return
        section = _sole_section(self.document)
        if section is None:
            section = _wrap(self.document)
            section.insert(0, _title_node(text, self.document))
            _rename(self.document, section, text)
            return
        title = section.next_node(nodes.title)
        if title is None or title.parent is not section:
            section.insert(0, _title_node(text, self.document))
        elif title.astext() != text:
            title.replace_self(_title_node(text, self.document))
        else:
            return
        _rename(self.document, section, text)
