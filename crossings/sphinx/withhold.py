"""The public edition's second line of defence: withheld names matched in the rendered text.

Staging replaces names in the Markdown source (crossings.redact). What the source does not show
plainly is caught here, on the doctree, after translation: a name split by markup across inline
nodes is matched in the text of its whole paragraph (or heading, caption, table cell...), and
every attribute (link targets, image alt and title, ids, index entries) is matched too. Names
are those of redactions.csv in the document's scope and those the document marks with
``{redact}`` anywhere: one mark withholds the name everywhere in the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.transforms import SphinxTransform

from crossings.archive import Archive
from crossings.catalog.access import FrontMatter
from crossings.redact import load_redactions, marker_for, role_names
from crossings.redact.apply import FILE_NAME_MARK, patterns_for, withhold_plain
from crossings.redact.family import family_key, family_marks
from crossings.redact.names import RedactedName
from crossings.redact.skeleton import Pattern, find
from crossings.settings import Settings
from crossings.sphinx.frontmatter import front_matter

# Names marked with {redact} while a document was read, by docname: the role may run in a
# translation's own small document, so the marks are kept for the page, not on a doctree.
_MARKED: dict[str, list[str]] = {}
# Names marked by each family of pages (see family_marks), by archive; read once per build.
_FAMILY_MARKS: dict[str, dict[str, list[str]]] = {}
# Attributes that hold addresses or identifiers: a name there becomes a word, not a marker.
ADDRESS_KEYS = frozenset(
    {"refuri", "uri", "reftarget", "refid", "refname", "ids", "names", "dupnames", "backrefs", "candidates"}
)
SKIP_KEYS = frozenset({"classes", "source", "line", "translatable", "refdomain", "reftype", "refdoc"})


@lru_cache(maxsize=8)
def _redactions(path: str, mtime: float) -> tuple[RedactedName, ...]:
    """redactions.csv, read once per version of the file."""
    return tuple(load_redactions(Path(path)))


def archive_names(archive: str) -> list[RedactedName]:
    """The names of the archive's redactions.csv."""
    path = Path(archive) / "redactions.csv"
    if not path.is_file():
        return []
    return list(_redactions(str(path), path.stat().st_mtime))


def _unstaged_marks(archive: str, docname: str) -> list[str]:
    """Names the editor's own copy of the document marks (staging replaced the marks themselves)."""
    path = Path(archive) / "source" / f"{docname}.md"
    try:
        return role_names(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return []


def forget_family_marks(app: Sphinx) -> None:
    """Read the families' marks afresh in this build (a catalogue may have changed)."""
    _FAMILY_MARKS.clear()


def _marks_of_family(archive: str, docname: str, family: str) -> list[str]:
    """The names *docname*'s family marks (see family_marks), read once per build."""
    if archive not in _FAMILY_MARKS:
        _FAMILY_MARKS[archive] = family_marks(Archive(Path(archive)))
    return _FAMILY_MARKS[archive].get(family_key(docname, family), [])


def _blocks(node: nodes.Element) -> Iterator[nodes.Element]:
    """The outermost text elements (paragraphs, titles, cells' paragraphs...) under *node*."""
    for child in node.children:
        if isinstance(child, nodes.TextElement):
            yield child
        elif isinstance(child, nodes.Element):
            yield from _blocks(child)


def withhold_block(block: nodes.Element, patterns: list[Pattern], marker: str) -> int:
    """Replace names in the rendered text of *block* (matched across its inline nodes); how many."""
    texts = list(block.findall(nodes.Text))
    joined = "".join(texts)
    matches = find(joined, patterns)
    if not matches:
        return 0
    offset = 0
    for text in texts:
        low, high = offset, offset + len(text)
        offset = high
        out, position = [], low
        for match in matches:
            if match.end <= low or match.start >= high:
                continue
            out.append(joined[position : max(match.start, low)])
            if low <= match.start < high:
                out.append(marker)
            position = min(match.end, high)
        if position == low and not out:
            continue
        out.append(joined[position:high])
        text.parent.replace(text, nodes.Text("".join(out)))
    return len(matches)


def _withhold_value(value: Any, patterns: list[Pattern], replacement: str) -> Any:
    """An attribute value (text, or lists, tuples and dicts of text) with names replaced."""
    if isinstance(value, str):
        return withhold_plain(value, patterns, replacement)[0]
    if isinstance(value, list):
        return [_withhold_value(item, patterns, replacement) for item in value]
    if isinstance(value, tuple):
        return tuple(_withhold_value(item, patterns, replacement) for item in value)
    if isinstance(value, dict):
        return {key: _withhold_value(item, patterns, replacement) for key, item in value.items()}
    return value


def withhold_attributes(node: nodes.Element, patterns: list[Pattern], marker: str) -> None:
    """Replace names in every attribute of *node* and in its raw source."""
    for key, value in list(node.attributes.items()):
        if key in SKIP_KEYS:
            continue
        replacement = FILE_NAME_MARK if key in ADDRESS_KEYS else marker
        node.attributes[key] = _withhold_value(value, patterns, replacement)
    raw = getattr(node, "rawsource", "")
    if isinstance(raw, str) and raw:
        node.rawsource = withhold_plain(raw, patterns, marker)[0]


def _rekey(mapping: dict[str, Any], patterns: list[Pattern], values: bool = False) -> None:
    """Rename the keys (and text values) of one of the document's id or name tables in place."""
    items = list(mapping.items())
    mapping.clear()
    for key, value in items:
        new_key = withhold_plain(key, patterns, FILE_NAME_MARK)[0]
        if values and isinstance(value, str):
            value = withhold_plain(value, patterns, FILE_NAME_MARK)[0]
        mapping[new_key] = value


def withhold_document(document: nodes.document, patterns: list[Pattern], marker: str) -> None:
    """Replace every withheld name in *document*: text, attributes, and its id and name tables."""
    for block in _blocks(document):
        withhold_block(block, patterns, marker)
    for node in document.findall(nodes.Element):
        withhold_attributes(node, patterns, marker)
    _rekey(document.ids, patterns)
    _rekey(document.nameids, patterns, values=True)
    _rekey(document.nametypes, patterns)
    _rekey(document.refnames, patterns)
    _rekey(document.refids, patterns)


def withhold_standard_objects(domain: Domain, docname: str, patterns: list[Pattern], marker: str) -> None:
    """Rewrite what the standard domain registered for *docname* while parsing and translating
    (glossary terms, options, labels): it goes into objects.inv and the search index unchanged."""
    for key, table in list(domain.data.items()):
        if not isinstance(table, dict):
            continue
        rewritten = {}
        for name, value in table.items():
            ours = isinstance(value, tuple | list) and value and value[0] == docname
            if ours:
                name = _withhold_value(name, patterns, marker)
                value = (value[0], *_withhold_value(tuple(value[1:]), patterns, FILE_NAME_MARK))
            rewritten[name] = value
        domain.data[key] = rewritten


class WithholdNames(SphinxTransform):
    """Withhold names in the rendered text of a public-edition document."""

    default_priority = 800  # after translation, footnotes and smart quotes; before Sphinx collects

    def apply(self, **kwargs: object) -> None:
        """Match and replace; forget the names the {redact} role noted while the page was read."""
        docname = self.env.current_document.docname
        marked = _MARKED.pop(docname, [])
        chosen = Settings.from_config(self.config)
        if chosen.edition != "public":
            return
        archive = chosen.archive
        data = front_matter(self.env, docname) or {}
        doc_id = str(data.get("id") or docname.rsplit("/", 1)[-1])
        family = FrontMatter(data, True).family or doc_id
        listed = archive_names(archive) if archive else []
        marked += _unstaged_marks(archive, docname) if archive else []
        marked += _marks_of_family(archive, docname, family) if archive else []
        patterns = patterns_for(doc_id, listed, marked, family)
        if patterns:
            language = chosen.language or str(self.config.language or "en")
            marker = marker_for(language)
            withhold_document(self.document, patterns, marker)
            withhold_standard_objects(self.env.domains.standard_domain, docname, patterns, marker)


def note_marked(docname: str, name: str) -> None:
    """Remember a name marked with {redact} while *docname* is read, for the rest of the page."""
    _MARKED.setdefault(docname, []).append(" ".join(name.split()))
