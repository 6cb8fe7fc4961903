"""What the printed and e-book proceedings add to each document: byline, metadata line, index entries.

Index entries are added when a document is read (the general index of names and places needs
them in the environment); the byline and metadata line only for the latex and epub builders, at
``doctree-resolved``, so the HTML site keeps its own metadata panel.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective

from crossings.catalog import DocumentMeta, Vocabularies
from crossings.languages import BY_TAG, LANGUAGES, collation_key, find, sphinx_language
from crossings.settings import Settings
from crossings.sphinx import catalogs
from crossings.sphinx.catalogs import N_
from crossings.sphinx.domain import get_domain
from crossings.sphinx.vocab import ui_language, vocabularies

# A target whose label every book document carries, so indices can point at its first page.
DOC_TARGET = "crossings-doc"
# Ids starting with "index-" get no LaTeX label of their own (the \index command marks the page).
INDEX_TARGET = "index-crossings-meta"
# The kinds of index a book prints, each from its {crossings-book-index} placeholder.
INDEX_KINDS = ("countries", "themes", "names")
# What replaces a withheld name in any language: never a name to index.
MARKERS = tuple(language.marker for language in LANGUAGES)


# Headings of the generated parts; their translations are in crossings/locale/*/crossings.po.
WORDS: dict[str, str] = {
    "proceedings": N_("Proceedings"),
    "sessions": N_("Sessions"),
    "countries": N_("Country reports"),
    "closing": N_("Handbook and closing statement"),
    "handbook": N_("Handbook"),
    "statement": N_("Closing statement"),
    "other": N_("Other papers"),
    "appendix": N_("Appendix"),
    "routes": N_("Migration routes"),
    "route": N_("Route"),
    "counted": N_("The number on an arrow is how many documents describe that hop (a document counts once)."),
    "documents": N_("Documents"),
    "index-countries": N_("Index of countries"),
    "index-themes": N_("Index of themes"),
    "index-names": N_("Index of names and places"),
    "contents": N_("Contents"),
    "part": N_("Part"),
    "organisers": N_("Organised by"),
    "publisher": N_("Published by"),
    "no-region": N_("Other countries"),
    "cover": N_("Cover"),
    "edition-public": N_("Public edition"),
    "edition-internal": N_("Internal edition"),
    "cite-as": N_("Cite as"),
    "online-at": N_("Online at"),
    "licence": N_("Licence"),
}


def word(key: str, lang: str) -> str:
    """A generated heading in the interface language *lang* (a BCP 47 tag), from the tool's
    catalogue (English when it has no translation)."""
    return catalogs.translate(WORDS[key], sphinx_language(lang))


def first_section(tree: nodes.Element) -> nodes.section | None:
    """The first section of a document (the one holding its title)."""
    for node in tree.findall(nodes.section):
        return node
    return None


def withheld(name: str) -> bool:
    """Whether *name* is, or holds, the marker of a withheld name (in any language)."""
    return any(marker in name for marker in MARKERS)


def names_of(meta: DocumentMeta, vocab: Vocabularies, lang: str) -> list[str]:
    """The names a document is indexed under: its countries (places), authors and organisations,
    each once, none of them a withheld name's marker."""
    names = [vocab.countries.label(code, lang) for code in meta.countries]
    names += list(meta.authors) + list(meta.organisations)
    seen: list[str] = []
    for name in names:
        # "!" and "@" are makeindex syntax; an entry is a name, never a sub-entry.
        clean = name.replace("!", "").replace("@", "").strip()
        if clean and clean not in seen and not withheld(clean):
            seen.append(clean)
    return seen


def index_entries(
    meta: DocumentMeta, vocab: Vocabularies, lang: str
) -> list[tuple[str, str, str, str, None]]:
    """General-index entries of a document: its countries (places), authors and organisations."""
    return [("single", name, INDEX_TARGET, "", None) for name in names_of(meta, vocab, lang)]


def add_index_entries(app: Sphinx, doctree: nodes.document) -> None:
    """Put a document's names and places into the general index, at its title."""
    docname = app.env.docname
    entry = get_domain(app.env).documents.get(docname)
    section = first_section(doctree)
    if entry is None or section is None:
        return
    entries = index_entries(entry.meta, vocabularies(app.config), ui_language(app.config))
    if entries:
        target = nodes.target("", "", ids=[INDEX_TARGET])
        index = addnodes.index(entries=entries, inline=False)
        section.insert(1, [target, index])


def byline(meta: DocumentMeta) -> list[nodes.paragraph]:
    """Authors, then organisations, under the title (one line each)."""
    lines = []
    if meta.authors:
        people = ", ".join(meta.authors)
        lines.append(nodes.paragraph("", "", nodes.strong(people, people), classes=["crossings-authors"]))
    if meta.organisations:
        groups = ", ".join(meta.organisations)
        lines.append(
            nodes.paragraph("", "", nodes.emphasis(groups, groups), classes=["crossings-organisations"])
        )
    return lines


def metadata_line(meta: DocumentMeta, vocab: Vocabularies, lang: str, era: bool = False) -> nodes.paragraph:
    """Countries | themes | date | language, in one compact line, the date written the way of *lang*.

    ASCII bars: xeCJK treats the middle dot and dashes as CJK punctuation and drops the spaces around them.
    """
    parts = [
        ", ".join(vocab.countries.label(c, lang) for c in meta.countries),
        ", ".join(vocab.themes.label(t, lang) for t in meta.themes),
        (find(lang) or BY_TAG["en"]).date(meta.date, era),
        vocab.languages.label(meta.language, lang),
    ]
    text = " | ".join(part for part in parts if part)
    return nodes.paragraph(text, text, classes=["crossings-metaline"])


def heading_nodes(meta: DocumentMeta, config: Config) -> list[nodes.Node]:
    """The nodes put under a document's title in the book: a label target, byline, metadata."""
    vocab, lang = vocabularies(config), ui_language(config)
    era = Settings.from_config(config).buddhist_era
    lines: list[nodes.Node] = [*byline(meta), metadata_line(meta, vocab, lang, era)]
    return [
        nodes.target("", "", ids=[DOC_TARGET]),
        nodes.container("", *lines, classes=["crossings-heading"]),
    ]


def decorate(app: Sphinx, tree: nodes.Element, docname: str) -> None:
    """Add the byline and metadata line under the title of archive document *docname*."""
    entry = get_domain(app.env).documents.get(docname)
    section = first_section(tree)
    if entry is None or section is None:
        return
    section.insert(1, heading_nodes(entry.meta, app.config))


class book_index(nodes.General, nodes.Element):  # type: ignore[misc]
    """Placeholder for the book's index of countries or of themes, filled per builder."""


def labels_of(meta: DocumentMeta, kind: str, vocab: Vocabularies, lang: str) -> Iterable[str]:
    """The entries a document has in the index of countries, of themes or of names and places."""
    if kind == "names":
        return names_of(meta, vocab, lang)
    if kind == "countries":
        return [vocab.countries.label(code, lang) for code in meta.countries]
    return [vocab.themes.label(slug, lang) for slug in meta.themes]


def grouped(app: Sphinx, kind: str, docnames: Iterable[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(label, [(docname, title)]) for every entry of an index, in the order of the book's
    language (its ICU collation: Thai dictionary order, Chinese by pinyin or strokes)."""
    vocab, lang = vocabularies(app.config), ui_language(app.config)
    key = collation_key(lang)
    wanted = set(docnames)
    groups: dict[str, list[tuple[str, str]]] = {}
    for docname, entry in get_domain(app.env).documents.items():
        if docname in wanted:
            for label in labels_of(entry.meta, kind, vocab, lang):
                if not withheld(label):
                    groups.setdefault(label, []).append((docname, entry.meta.title))
    return [(label, sorted(groups[label], key=lambda d: key(d[1]))) for label in sorted(groups, key=key)]


def index_title(kind: str, lang: str) -> str:
    """The heading of a book index."""
    return word(f"index-{kind}", lang)


def html_index(app: Sphinx, fromdoc: str, kind: str) -> nodes.Element:
    """The index as a definition list linking each document (EPUB and HTML)."""
    found = nodes.definition_list(classes=["crossings-book-index"])
    for label, docs in grouped(app, kind, app.env.found_docs):
        links = nodes.paragraph()
        for number, (docname, title) in enumerate(docs):
            if number:
                links += nodes.Text("; ")
            uri = app.builder.get_relative_uri(fromdoc, docname)
            links += nodes.reference(title, title, internal=True, refuri=uri)
        found += nodes.definition_list_item("", nodes.term(label, label), nodes.definition("", links))
    return found


class BookIndexDirective(SphinxDirective):
    """``{crossings-book-index} countries|themes|names``: where the book prints that index."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """A placeholder filled when the document is resolved for a builder."""
        kind = self.arguments[0]
        if kind not in INDEX_KINDS:
            raise self.error(f"crossings-book-index takes {', '.join(INDEX_KINDS)}, not {kind!r}")
        return [book_index(kind=kind)]


def resolve_indices(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill index placeholders the LaTeX side left (EPUB, HTML): linked lists of documents."""
    for node in list(doctree.findall(book_index)):
        node.replace_self(html_index(app, docname, node["kind"]))


def decorate_epub(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Byline and metadata line under each document's title in the e-book."""
    if app.builder.name == "epub":
        decorate(app, doctree, docname)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register what both book builders share (loaded by the latex and epub extensions)."""
    app.add_node(book_index)
    app.add_directive("crossings-book-index", BookIndexDirective)
    app.connect("doctree-read", add_index_entries)
    app.connect("doctree-resolved", decorate_epub)
    app.connect("doctree-resolved", resolve_indices, priority=600)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
