"""Queries over the domain's documents: by country, theme, type, language, session, route, relation."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from crossings.catalog import Route, Vocabularies
from crossings.languages import collation_key
from crossings.sphinx.domain import Entry

MAX_RELATED = 5


@dataclass
class ArchiveView:
    """The documents of one build, indexed for the browse pages, panels and lists."""

    entries: list[Entry]
    vocab: Vocabularies
    lang: str = "en"
    by_id: dict[str, Entry] = field(init=False)
    by_docname: dict[str, Entry] = field(init=False)
    place: dict[str, int] = field(init=False)  # a document's place in title order
    postings: dict[str, list[Entry]] = field(init=False)
    families: dict[str, list[Entry]] = field(init=False)

    def __post_init__(self) -> None:
        by_title = collation_key(self.lang)  # the interface language's order, then id
        self.entries = sorted(self.entries, key=lambda e: (by_title(e.meta.title), e.meta.id))
        self.by_id = {e.meta.id: e for e in self.entries}
        self.by_docname = {e.docname: e for e in self.entries}
        self.place = {e.docname: number for number, e in enumerate(self.entries)}
        # Inverted index "country:TH" / "theme:x" -> documents, so related() need not scan everything.
        self.postings = {}
        self.families = {}
        for entry in self.entries:
            for key in _keys(entry):
                self.postings.setdefault(key, []).append(entry)
            self.families.setdefault(entry.family, []).append(entry)

    def where(
        self,
        *,
        country: Iterable[str] = (),
        theme: Iterable[str] = (),
        type: str = "",
        language: str = "",
        event: str = "",
        session: str = "",
    ) -> list[Entry]:
        """Documents matching every given filter (lists: all of the values)."""
        countries, themes = set(country), set(theme)
        found = []
        for entry in self.entries:
            meta = entry.meta
            if countries - set(meta.countries) or themes - set(meta.themes):
                continue
            if (type and meta.type != type) or (language and meta.language != language):
                continue
            if (event and meta.event != event) or (session and meta.session != session):
                continue
            found.append(entry)
        return found

    def counts(self, attribute: str) -> Counter[str]:
        """How many documents name each value of a list or text field."""
        counter: Counter[str] = Counter()
        for entry in self.entries:
            value = getattr(entry.meta, attribute)
            counter.update(value if isinstance(value, tuple) else [value] if value else [])
        return counter

    def routes(self) -> dict[Route, list[Entry]]:
        """Every route with the documents describing it, in route order."""
        found: dict[Route, list[Entry]] = {}
        for entry in self.entries:
            for route in entry.meta.routes:
                found.setdefault(route, []).append(entry)
        return dict(sorted(found.items(), key=lambda item: item[0].stops))

    def routes_of(self, country: str) -> dict[Route, list[Entry]]:
        """Routes that start, pass through or end in *country*."""
        return {route: docs for route, docs in self.routes().items() if country in route.stops}

    def related(self, entry: Entry, limit: int = MAX_RELATED) -> list[Entry]:
        """Documents sharing countries or themes with *entry*, most shared first (then by title)."""
        scores: Counter[str] = Counter()
        for key in _keys(entry):
            scores.update(other.docname for other in self.postings.get(key, ()))
        ranked = []
        for docname, score in scores.items():
            other = self.by_docname[docname]
            if other.family != entry.family:
                ranked.append((-score, self.place[docname], docname))
        return [self.by_docname[docname] for _s, _k, docname in heapq.nsmallest(limit, ranked)]

    def translations(self, entry: Entry) -> list[Entry]:
        """The other documents of *entry*'s family (the original and its translations)."""
        return [e for e in self.families.get(entry.family, ()) if e.docname != entry.docname]

    def label(self, vocabulary: str, term: str) -> str:
        """The label of *term* in the build's language."""
        vocab = getattr(self.vocab, vocabulary)
        label: str = vocab.label(term, self.lang)
        return label

    def sessions_of(self, event: str) -> list[str]:
        """Session ids of *event* in their order (the ``order`` column)."""
        sessions = [t for t in self.vocab.sessions if t.attrs.get("event") == event]
        sessions.sort(key=lambda t: (_number(t.attrs.get("order", "")), t.id))
        return [t.id for t in sessions]


def _keys(entry: Entry) -> set[str]:
    """The posting keys of a document: its countries and themes."""
    return {f"country:{c}" for c in entry.meta.countries} | {f"theme:{t}" for t in entry.meta.themes}


def _number(text: str) -> float:
    """A sort key from an order column; blanks last."""
    try:
        return float(text)
    except ValueError:
        return float("inf")


def affected_by(before: Entry | None, after: Entry | None, entries: Iterable[Entry]) -> set[str]:
    """Docnames whose related or translation lists may change when *before* becomes *after*."""
    keys_countries: set[str] = set()
    keys_themes: set[str] = set()
    families = set()
    for entry in (before, after):
        if entry is not None:
            keys_countries.update(entry.meta.countries)
            keys_themes.update(entry.meta.themes)
            families.add(entry.family)
    touched = set()
    for other in entries:
        meta = other.meta
        if keys_countries & set(meta.countries) or keys_themes & set(meta.themes) or other.family in families:
            touched.add(other.docname)
    return touched
