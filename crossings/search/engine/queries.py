"""The two kinds of query crossings adds to Whoosh's, which the plan makes and the engine runs.

A plan (crossings.search.plan) replaces each pattern word by a :class:`FlatPattern` over the
indexed words it stands for, and a phrase whose edge words may sit inside longer words of the
text by an :class:`EdgePhrase`. Their matchers and equality live here, in the engine, because
Whoosh calls them while it runs a query (the collector of crossings.search.engine.collect): the
engine never calls back into the layers above it.
"""

from __future__ import annotations

from typing import Any

from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher

# The indexed words allowed at each place of a phrase, in order.
Slots = tuple[tuple[bytes, ...], ...]


class EdgePhrase(wq.Phrase):  # type: ignore[misc]
    """An exact phrase whose places may each be one of several indexed words (*slots*); its
    ``words`` stay those typed (they score as the phrase's words do)."""

    def __init__(self, fieldname: str, words: list[str], slots: Slots, boost: float = 1.0) -> None:
        super().__init__(fieldname, words, boost=boost)
        self.slots = slots

    def __eq__(self, other: object) -> bool:
        return bool(super().__eq__(other)) and self.slots == getattr(other, "slots", None)

    def __hash__(self) -> int:
        return int(super().__hash__()) ^ hash(self.slots)


def slots_of(q: Any, field: Any) -> Slots:
    """The indexed words allowed at each place of phrase *q* (*field*: its schema field)."""
    slots = getattr(q, "slots", None)
    if slots is not None:
        return tuple(slots)
    return tuple((field.to_bytes(word),) for word in q.words)


class FlatPattern(wq.Wildcard):  # type: ignore[misc]
    """A pattern word matched as ONE list of documents, over the indexed words it stands for.

    Whoosh ORs one matcher per expanded term into a deep tree of unions that the collector
    walks (and re-balances) hit by hit, and expands the pattern again wherever the query is
    used; the words here are found once (crossings.search.language.patterns) and the union of
    their documents is a single flat list, scored as a constant (the word's boost).
    """

    flat = True  # crossings.search.engine.docsets and rank read the union of the expanded words

    def __init__(self, fieldname: str, text: str, words: tuple[bytes, ...], boost: float = 1.0) -> None:
        super().__init__(fieldname, text, boost=boost)
        self.words = words

    def __eq__(self, other: object) -> bool:
        return bool(super().__eq__(other)) and self.words == getattr(other, "words", None)

    def __hash__(self) -> int:
        return super().__hash__() ^ hash(self.words)  # type: ignore[no-any-return]

    def normalize(self) -> Any:
        """Stay as is (Whoosh would turn ``w*`` back into a Prefix that expands again)."""
        return self

    def _btexts(self, ixreader: Any) -> list[bytes]:
        """The expanded words this reader (or segment) holds."""
        return [btext for btext in self.words if (self.fieldname, btext) in ixreader]

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        """A ListMatcher over the live documents holding any of the expanded words."""
        reader = searcher.reader()
        ids: set[int] = set()
        for btext in self._btexts(reader):
            ids.update(
                d for d in reader.postings(self.fieldname, btext).all_ids() if not reader.is_deleted(d)
            )
        if not ids:
            return NullMatcher()
        return ListMatcher(sorted(ids), all_weights=self.boost)
