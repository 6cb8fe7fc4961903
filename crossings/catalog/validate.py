"""Check a document's metadata against the archive's vocabularies."""

from __future__ import annotations

from crossings.catalog.model import DocumentMeta
from crossings.catalog.problems import Location, Problem
from crossings.catalog.vocab import Vocabularies, Vocabulary
from crossings.search.registry import facets

CHECKED_APART = ("session",)  # also against its event: see _check_session


def _unknown(vocab: Vocabulary, value: str, what: str) -> str:
    """The message for a value that is not in *vocab*."""
    return f"unknown {what} {value!r}; add it to vocabularies/{vocab.name}.csv or fix the spelling"


def validate(meta: DocumentMeta, vocab: Vocabularies, where: Location) -> list[Problem]:
    """Every way *meta* disagrees with the vocabularies, each naming its field: each facet's
    values (crossings.search.registry) against its vocabulary, routes, and the session."""
    problems = []
    for facet in facets():
        if not facet.vocabulary or facet.record in CHECKED_APART:
            continue
        terms: Vocabulary = vocab.get(facet.vocabulary)
        value = getattr(meta, facet.record)
        for item in value if isinstance(value, tuple) else (value,):
            if item and item not in terms:
                problems.append(where.problem(facet.record, _unknown(terms, str(item), facet.name)))
    for route in meta.routes:
        for code in route.stops:
            if code not in vocab.countries:
                problems.append(
                    where.problem("routes", f"route {route}: " + _unknown(vocab.countries, code, "country"))
                )
    if meta.session:
        problems += _check_session(meta, vocab, where)
    return problems


def _check_session(meta: DocumentMeta, vocab: Vocabularies, where: Location) -> list[Problem]:
    """A session must exist and belong to the document's event."""
    term = vocab.sessions.terms.get(meta.session)
    if term is None:
        return [where.problem("session", _unknown(vocab.sessions, meta.session, "session"))]
    owner = term.attrs.get("event", "")
    if not meta.event:
        return [
            where.problem("event", f"session {meta.session!r} is given but event is empty (it is {owner!r})")
        ]
    if owner and owner != meta.event:
        return [
            where.problem(
                "session", f"session {meta.session!r} belongs to event {owner!r}, not {meta.event!r}"
            )
        ]
    return []
