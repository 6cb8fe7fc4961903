"""The crossings domain: every document's metadata, kept per document for -j and incremental builds."""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain, Index, IndexEntry
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation

from crossings.catalog import DocumentMeta, Location, Problem, Vocabulary, parse_front_matter, validate
from crossings.catalog.frontmatter import field_lines, split
from crossings.languages import collation_key
from crossings.sphinx.frontmatter import front_matter, is_archive_document
from crossings.sphinx.vocab import ui_language, vocabularies
from crossings.sphinx.warnings import Warn, warn

_ = get_translation("crossings")


@dataclass(frozen=True)
class Entry:
    """One document as the domain keeps it."""

    docname: str
    meta: DocumentMeta
    translation_of: str = ""

    @property
    def family(self) -> str:
        """The id shared by a document and its translations."""
        return self.meta.family(self.translation_of)


class CrossingsDomain(Domain):
    """Per-document metadata of the archive's documents and the pages that embed lists."""

    name = "crossings"
    label = "Crossings"
    initial_data: ClassVar[dict[str, Any]] = {"documents": {}, "lists": {}}
    data_version = 1

    @property
    def documents(self) -> dict[str, Entry]:
        """Entries by docname."""
        docs: dict[str, Entry] = self.data.setdefault("documents", {})
        return docs

    @property
    def before(self) -> dict[str, Entry]:
        """The entries as they were when this build started reading (crossings.sphinx.outdated)."""
        entries: dict[str, Entry] = self.data.setdefault("before", {})
        return entries

    @before.setter
    def before(self, entries: dict[str, Entry]) -> None:
        """Keep *entries* until the documents of this build are read ({} once they are)."""
        self.data["before"] = entries

    @property
    def lists(self) -> dict[str, bool]:
        """Docnames holding a crossings-list directive."""
        holders: dict[str, bool] = self.data.setdefault("lists", {})
        return holders

    def clear_doc(self, docname: str) -> None:
        """Forget what *docname* said."""
        self.documents.pop(docname, None)
        self.lists.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take the entries a parallel reader collected for *docnames*."""
        for docname, entry in otherdata["documents"].items():
            if docname in docnames:
                self.documents[docname] = entry
        for docname in otherdata["lists"]:
            if docname in docnames:
                self.lists[docname] = True

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """Parse and validate the front matter of an archive document, once."""
        if not is_archive_document(env, docname):
            return
        raw = front_matter(env, docname)
        if raw is None or "id" not in raw:
            return
        entry = read_entry(env, docname, raw)
        if entry is not None:
            self.documents[docname] = entry

    def note_list(self, docname: str) -> None:
        """Remember that *docname* embeds a generated list."""
        self.lists[docname] = True

    def check_consistency(self) -> None:
        """Warn about two documents with one id."""
        seen: dict[str, str] = {}
        for docname, entry in sorted(self.documents.items()):
            first = seen.setdefault(entry.meta.id, docname)
            if first != docname:
                warn(
                    Warn.ID,
                    _("duplicate document id %r (also in %s)"),
                    entry.meta.id,
                    first,
                    location=docname,
                )

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """Documents as inventory objects (name, dispname, type, docname, anchor, priority)."""
        for docname, entry in sorted(self.documents.items()):
            yield entry.meta.id, entry.meta.title, "document", docname, "", 1

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[tuple[str, nodes.reference]]:
        """The domain has no roles of its own to resolve."""
        return []


def read_entry(env: BuildEnvironment, docname: str, raw: dict[str, Any]) -> Entry | None:
    """Parse, validate and warn; return the entry unless the metadata is unusable."""
    path = str(env.doc2path(docname))
    where = Location(path, line=1)
    meta, problems = parse_front_matter(raw, where)
    if meta is not None:
        vocab = vocabularies(env.config)
        problems += validate(meta, vocab, where)
        stem = docname.rsplit("/", 1)[-1]
        if meta.id != stem:
            problems.append(where.problem("id", f"id {meta.id!r} differs from the file name {stem}.md"))
    if problems:
        _warn(problems, docname, path)
    if meta is None:
        return None
    return Entry(docname, meta, str(raw.get("translation_of") or "").strip())


def _warn(problems: list[Problem], docname: str, path: str) -> None:
    """Report problems as Sphinx warnings on the line of the field at fault."""
    try:
        head, _body = split(Path(path).read_text(encoding="utf-8"))
    except OSError:
        head = None
    lines = dict(field_lines(head)) if head else {}
    for problem in problems:
        field = problem.field or ""
        line = lines.get(field)
        warn(Warn.for_field(field), "%s", problem.message, location=(docname, line) if line else docname)


class _VocabularyIndex(Index):
    """A domain index of documents grouped by a vocabulary's terms."""

    field = ""  # a DocumentMeta field that is also the name of its vocabulary

    def terms(self, entry: Entry) -> tuple[str, ...]:
        """The terms of *entry* this index groups by."""
        values: tuple[str, ...] = getattr(entry.meta, self.field)
        return values

    def label(self, term: str, lang: str) -> str:
        """The label of *term* in the vocabulary named like the field."""
        vocab: Vocabulary = getattr(vocabularies(self.domain.env.config), self.field)
        return vocab.label(term, lang)

    def generate(
        self, docnames: Iterable[str] | None = None
    ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        """Terms in label order, each with its documents as sub-entries."""
        domain = self.domain
        assert isinstance(domain, CrossingsDomain)
        wanted = set(docnames) if docnames is not None else None
        lang = ui_language(domain.env.config)
        groups: dict[str, list[Entry]] = {}
        for entry in domain.documents.values():
            if wanted is None or entry.docname in wanted:
                for term in self.terms(entry):
                    groups.setdefault(term, []).append(entry)
        content: dict[str, list[IndexEntry]] = {}
        key = collation_key(lang)
        for term in sorted(groups, key=lambda t: key(self.label(t, lang))):
            label = self.label(term, lang)
            rows = content.setdefault(label[:1].upper(), [])
            rows.append(IndexEntry(label, 1, "", "", "", "", str(len(groups[term]))))
            for entry in sorted(groups[term], key=lambda e: key(e.meta.title)):
                rows.append(IndexEntry(entry.meta.title, 2, entry.docname, "", "", "", ""))
        return sorted(content.items(), key=lambda item: key(item[0])), True


class CountryIndex(_VocabularyIndex):
    """Documents by country."""

    name = "countries"
    localname = _("Documents by country")
    shortname = _("countries")
    field = "countries"


class ThemeIndex(_VocabularyIndex):
    """Documents by theme."""

    name = "themes"
    localname = _("Documents by theme")
    shortname = _("themes")
    field = "themes"


CrossingsDomain.indices = [CountryIndex, ThemeIndex]


def get_domain(env: BuildEnvironment) -> CrossingsDomain:
    """The crossings domain of *env*."""
    domain = env.domains["crossings"]
    assert isinstance(domain, CrossingsDomain)
    return domain
