"""Escaped HTML snippets with ``<mark>`` around the matched words, at most three per hit.

Match offsets come from the body field's stored character positions, read for the page's hits
only and for the query's terms expanded once (prefix and fuzzy words included): no per-hit
re-analysis and no term recording while every hit is scored.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from whoosh.analysis import Token
from whoosh.highlight import FIRST, BasicFragmentScorer, Formatter, Fragment, PinpointFragmenter, get_text
from whoosh.highlight import top_fragments as whoosh_top_fragments

FIELD = "body"
MAX_FRAGMENTS = 3
FRAGMENT_CHARS = 200
SURROUND = 60
LEAD_CHARS = 240


class MarkFormatter(Formatter):  # type: ignore[misc]
    """Escapes all text and wraps each match in <mark>."""

    between = " … "

    def _text(self, text: str) -> str:
        """Plain text between matches, escaped."""
        return html.escape(text, quote=False)

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        """One matched word, escaped and marked."""
        return "<mark>" + html.escape(get_text(text, token, replace), quote=False) + "</mark>"


FRAGMENTER = PinpointFragmenter(maxchars=FRAGMENT_CHARS, surround=SURROUND)
FORMATTER = MarkFormatter()
SCORER = BasicFragmentScorer()


def query_terms(q: Any, reader: Any) -> list[bytes]:
    """The body terms *q* can match, expanded once (prefix, wildcard) against the index."""
    # Not Query.existing_terms(): in Whoosh 2.7.4 its loop variable overwrites the fieldname
    # filter, so it drops the terms of every field but the first leaf's.
    found: set[bytes] = set()
    field = reader.schema[FIELD]
    for leaf in q.leaves():
        for fieldname, text in leaf.expanded_terms(reader, phrases=True):
            if fieldname != FIELD:
                continue
            btext = text if isinstance(text, bytes) else field.to_bytes(text)
            if (FIELD, btext) in reader:
                found.add(btext)
    return sorted(found)


def snippets(reader: Any, hits: Iterable[tuple[int, str]], terms: list[bytes]) -> dict[int, str]:
    """The snippet of each (docnum, body text), matches located through the stored offsets."""
    pairs = sorted(hits)
    if not reader.schema[FIELD].supports("characters"):
        return {docnum: snippet(text, _analysed(reader, text, terms)) for docnum, text in pairs}
    spans: dict[int, list[Token]] = {docnum: [] for docnum, _ in pairs}
    for leaf, offset, docnums in _by_segment(reader, [docnum for docnum, _ in pairs]):
        for btext in terms:
            if (FIELD, btext) not in leaf:
                continue
            matcher = leaf.postings(FIELD, btext)  # this segment's postings only, not a matcher per segment
            word = btext.decode("utf-8")
            for docnum in docnums:
                local = docnum - offset
                if matcher.is_active() and matcher.id() < local:
                    matcher.skip_to(local)
                if not matcher.is_active():
                    break
                if matcher.id() == local:
                    spans[docnum] += [
                        Token(text=word, pos=pos, startchar=start, endchar=end, matched=True)
                        for pos, start, end in matcher.value_as("characters")
                    ]
    return {docnum: snippet(text, spans[docnum]) for docnum, text in pairs}


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


def _analysed(reader: Any, text: str, terms: list[bytes]) -> list[Token]:
    """Matched tokens found by analysing *text* again (for a body field without stored offsets)."""
    words = {t.decode("utf-8") for t in terms}
    analyzer = reader.schema[FIELD].analyzer
    return [t.copy() for t in analyzer(text, chars=True, mode="index", removestops=False) if t.text in words]


def snippet(text: str, tokens: list[Token]) -> str:
    """At most three fragments of *text* around *tokens*, escaped; the lead when nothing matched."""
    if not tokens:
        return lead(text)
    tokens = _longest_at_each_start(tokens)
    fragments = whoosh_top_fragments(FRAGMENTER.fragment_matches(text, tokens), MAX_FRAGMENTS, SCORER, FIRST)
    return str(FORMATTER.format([_trim(f) for f in _merge(fragments)])) or lead(text)


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


def _longest_at_each_start(tokens: list[Token]) -> list[Token]:
    """Tokens in text order without overlaps (a bigram and its unigram mark the same place once)."""
    ordered = sorted(tokens, key=lambda t: (t.startchar, -t.endchar))
    kept: list[Token] = []
    for token in ordered:
        if kept and token.startchar < kept[-1].endchar:
            continue
        kept.append(token)
    return kept


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
