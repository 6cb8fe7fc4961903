"""Escaped HTML snippets with ``<mark>`` around what matched, at most three fragments each.

Match offsets come from the body field's stored positions and character offsets, read for the
shown sections only and for the query's words expanded once (prefix and fuzzy words included):
no per-hit re-analysis and no term recording while every hit is scored. A word is marked
wherever it occurs; a phrase only where its words follow one another (within its slop), as one
mark from its first word to its last; overlapping marks (the character pairs of a Chinese
word) are joined.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.analysis import Token
from whoosh.highlight import FIRST, BasicFragmentScorer, Formatter, Fragment, PinpointFragmenter, get_text

from crossings.search.engine.postings import DECODED, segments_holding
from crossings.search.engine.queries import EdgePhrase, Slots, slots_of
from crossings.search.engine.whoosh_internals import fast_enabled, term_values
from crossings.search.request.budget import Budget

FIELD = "body"
MAX_FRAGMENTS = 3
FRAGMENT_CHARS = 200
SURROUND = 60
LEAD_CHARS = 240

# One occurrence of a word in a text: (position, start character, end character).
Occurrence = tuple[int, int, int]


@dataclass(frozen=True)
class Highlight:
    """What to mark in a body: words wherever they occur, phrases where their words follow
    one another (each place with the words allowed there, and the phrase's slop: 1 for
    adjacent words)."""

    words: frozenset[bytes]
    phrases: tuple[tuple[Slots, int], ...] = ()

    def terms(self) -> list[bytes]:
        """Every word to look up, sorted."""
        return sorted(self.words | {w for slots, _ in self.phrases for slot in slots for w in slot})


class MarkFormatter(Formatter):  # type: ignore[misc]
    """Escapes all text and wraps each match in <mark>."""

    between = " … "

    def _text(self, text: str) -> str:
        """Plain text between matches, escaped."""
        return html.escape(text, quote=False)

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        """One matched span, escaped and marked."""
        return "<mark>" + html.escape(get_text(text, token, replace), quote=False) + "</mark>"


FRAGMENTER = PinpointFragmenter(maxchars=FRAGMENT_CHARS, surround=SURROUND)
FORMATTER = MarkFormatter()
SCORER = BasicFragmentScorer()


def highlight(q: Any, reader: Any) -> Highlight:
    """The body words and phrases *q* can match (its negated parts left out), as indexed."""
    # Not Query.existing_terms(): in Whoosh 2.7.4 its loop variable overwrites the fieldname
    # filter, so it drops the terms of every field but the first leaf's.
    words: set[bytes] = set()
    phrases: list[tuple[Slots, int]] = []
    _gather(q, reader.schema[FIELD], words, phrases)
    present = {w for w in words if segments_holding(reader, FIELD, w)}
    kept = [(slots, slop) for slots, slop in phrases if all(_holds(reader, slot) for slot in slots)]
    return Highlight(frozenset(present), tuple(dict.fromkeys(kept)))


def _holds(reader: Any, slot: tuple[bytes, ...]) -> bool:
    """True when the index holds a word of *slot*."""
    return any(segments_holding(reader, FIELD, w) for w in slot)


def _gather(q: Any, field: Any, words: set[bytes], phrases: list[tuple[Slots, int]]) -> None:
    """Add the body words and phrases of *q* that a match holds."""
    kind = type(q)
    if kind is wq.Not:
        return
    if isinstance(q, wq.AndNot):
        _gather(q.a, field, words, phrases)
        return
    if getattr(q, "fieldname", None) == FIELD:
        if kind in (wq.Phrase, EdgePhrase):
            slots = slots_of(q, field)
            if len(slots) > 1:
                phrases.append((slots, max(1, int(q.slop))))
            else:
                words.update(slots[0])
            return
        if getattr(q, "flat", False):
            words.update(q.words)
            return
        if kind is wq.Term:
            words.add(q.text if isinstance(q.text, bytes) else field.to_bytes(q.text))
            return
    for sub in q.children():
        _gather(sub, field, words, phrases)


def snippets(
    reader: Any, hits: Iterable[tuple[int, str]], marks: Highlight, budget: Budget | None = None
) -> tuple[dict[int, str], bool]:
    """The snippet of each (docnum, body text), and whether the budget ran out first (the
    sections not reached then show their lead)."""
    pairs = sorted(hits)
    found: dict[int, str] = {}
    if reader.schema[FIELD].supports("characters"):
        places = _stored(reader, [docnum for docnum, _ in pairs], marks.terms())
    else:
        places = None
    for docnum, text in pairs:
        if budget is not None and budget.spent():
            return {**{d: lead(t) for d, t in pairs}, **found}, True
        where = places[docnum] if places is not None else _analysed(reader, text, marks.terms())
        found[docnum] = snippet(text, _marked(where, marks))
    return found, False


def _stored(reader: Any, docnums: list[int], terms: list[bytes]) -> dict[int, dict[bytes, list[Occurrence]]]:
    """Each document's occurrences of *terms*, from the stored positions and offsets."""
    places: dict[int, dict[bytes, list[Occurrence]]] = {docnum: {} for docnum in docnums}
    holding = {btext: {offset for _, offset in segments_holding(reader, FIELD, btext)} for btext in terms}
    for leaf, offset, mine in _by_segment(reader, docnums):
        for btext in terms:
            if offset not in holding[btext]:  # the word is not in this segment's term table
                continue
            asked = _holding(leaf, btext, [docnum - offset for docnum in mine])
            if asked is None:
                asked = [docnum - offset for docnum in mine]
            if not asked:
                continue
            fast = term_values(leaf, FIELD, btext, asked, "characters")
            if fast is not None:
                for local, where in fast.items():
                    places[offset + local][btext] = where
                continue
            matcher = leaf.postings(FIELD, btext)  # this segment's postings only, not a matcher per segment
            for local in asked:
                docnum = offset + local
                if matcher.is_active() and matcher.id() < local:
                    matcher.skip_to(local)
                if not matcher.is_active():
                    break
                if matcher.id() == local:
                    places[docnum][btext] = list(matcher.value_as("characters"))
    return places


def _holding(leaf: Any, btext: bytes, docnums: list[int]) -> list[int] | None:
    """The segment-local *docnums* (sorted) that hold *btext*, by the document ids matching
    decoded and kept (DECODED); None when they are not kept. Most words a Thai word or a pattern
    stands for are in none of the documents shown: their characters are not read."""
    decoded = DECODED.get(leaf, FIELD, btext) if fast_enabled() else None
    if decoded is None:
        return None
    ids = decoded[0]
    if not len(ids):
        return []
    asked = np.asarray(docnums, dtype=np.int64)
    at = np.minimum(np.searchsorted(ids, asked), len(ids) - 1)
    held: list[int] = asked[ids[at] == asked].tolist()
    return held


def _by_segment(reader: Any, docnums: list[int]) -> list[tuple[Any, int, list[int]]]:
    """(segment reader, its offset, the sorted *docnums* it holds) for each segment holding some."""
    leaves = list(reader.leaf_readers())
    out = []
    for i, (leaf, offset) in enumerate(leaves):
        end = leaves[i + 1][1] if i + 1 < len(leaves) else float("inf")
        mine = [docnum for docnum in docnums if offset <= docnum < end]
        if mine:
            out.append((leaf, offset, mine))
    return out


def _analysed(reader: Any, text: str, terms: list[bytes]) -> dict[bytes, list[Occurrence]]:
    """Occurrences found by analysing *text* again (for a body field without stored offsets)."""
    wanted = {t.decode("utf-8"): t for t in terms}
    places: dict[bytes, list[Occurrence]] = {}
    analyzer = reader.schema[FIELD].analyzer
    for token in analyzer(text, chars=True, positions=True, mode="index"):
        if token.text in wanted:
            places.setdefault(wanted[token.text], []).append((token.pos, token.startchar, token.endchar))
    return places


def _marked(places: dict[bytes, list[Occurrence]], marks: Highlight) -> list[Token]:
    """The spans to mark: every occurrence of a word, each occurrence of a phrase as one span."""
    spans = [(start, end) for word in marks.words for _, start, end in places.get(word, [])]
    for slots, slop in marks.phrases:
        spans += _phrase_spans([[o for word in slot for o in places.get(word, [])] for slot in slots], slop)
    return [Token(text="", startchar=a, endchar=b, matched=True) for a, b in _joined(spans)]


def _phrase_spans(occurrences: list[list[Occurrence]], slop: int) -> list[tuple[int, int]]:
    """(start, end) of each place the words follow one another: word i within *slop* - 1
    positions of where it would stand in an exact phrase."""
    if not all(occurrences):
        return []
    at = [{pos: (start, end) for pos, start, end in found} for found in occurrences]
    spans = []
    for pos, start, end in occurrences[0]:
        last = end
        for i, places in enumerate(at[1:], start=1):
            near = [p for p in range(pos + i - slop + 1, pos + i + slop) if p in places]
            if not near:
                break
            last = max(last, places[near[0]][1])
        else:
            spans.append((start, last))
    return spans


def _joined(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans in text order, overlapping or touching ones joined."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def snippet(text: str, tokens: list[Token]) -> str:
    """At most three fragments of *text* around *tokens* (in order, not overlapping), escaped;
    the lead when nothing matched."""
    if not tokens:
        return lead(text)
    for token in tokens:
        token.text = text[token.startchar : token.endchar]
    fragments = _top_fragments(FRAGMENTER.fragment_matches(text, tokens))
    return str(FORMATTER.format([_trim(f) for f in _merge(fragments)])) or lead(text)


def _top_fragments(fragments: Iterable[Fragment]) -> list[Fragment]:
    """The MAX_FRAGMENTS best-scored fragments in text order. Whoosh's own top_fragments breaks
    ties between equal scores by the fragments' memory addresses (``Fragment.__lt__``), so the
    same request could show different snippets; here the earlier fragment wins a tie."""
    scored = sorted(((SCORER(f), f) for f in fragments), key=lambda pair: (-pair[0], pair[1].startchar))
    return sorted((f for score, f in scored[:MAX_FRAGMENTS] if score >= 1), key=FIRST)


def _trim(fragment: Fragment) -> Fragment:
    """Cut a fragment's cut-off words at either end (not at the ends of the text, nor into a match)."""
    text, start, end = fragment.text, fragment.startchar, fragment.endchar
    if start > 0 and not text[start - 1].isspace():
        space = text.find(" ", start, fragment.matches[0].startchar if fragment.matches else end)
        start = space + 1 if space >= 0 else start
    if end < len(text) and not text[end].isspace():
        space = text.rfind(" ", fragment.matches[-1].endchar if fragment.matches else start, end)
        end = space if space >= 0 else end
    fragment.startchar, fragment.endchar = start, end
    return fragment


def _merge(fragments: list[Fragment]) -> list[Fragment]:
    """Join fragments that overlap, so no text is shown twice."""
    merged: list[Fragment] = []
    for fragment in sorted(fragments, key=lambda f: f.startchar):
        if merged and fragment.startchar <= merged[-1].endchar:
            last = merged[-1]
            matches = last.matches + [m for m in fragment.matches if m.startchar >= last.endchar]
            joined = Fragment(last.text, matches, last.startchar, max(last.endchar, fragment.endchar))
            merged[-1] = joined
        else:
            merged.append(fragment)
    return merged


def lead(text: str) -> str:
    """The escaped start of *text*, cut at a word boundary when one is near."""
    if len(text) <= LEAD_CHARS:
        return html.escape(text, quote=False)
    cut = text.rfind(" ", LEAD_CHARS - 40, LEAD_CHARS)
    return html.escape(text[: cut if cut > 0 else LEAD_CHARS], quote=False) + " …"
