"""Highlight formatting that joins overlapping matches (the bigrams of one Chinese word).

Whoosh's formatters skip a match that starts inside the previous one, so 工作者 matched as the
bigrams 工作 + 作者 would come out as <b>工作</b>者. These formatters first merge overlapping
and touching matches into one span.
"""

from __future__ import annotations

from typing import Any

from whoosh.highlight import Fragment, HtmlFormatter, Token, UppercaseFormatter


def merged_matches(fragment: Fragment) -> list[Token]:
    """The fragment's matches sorted, overlapping or touching ones merged into one token."""
    spans: list[Token] = []
    for match in sorted(
        (m for m in fragment.matches if m.startchar is not None), key=lambda m: (m.startchar, m.endchar)
    ):
        if spans and match.startchar <= spans[-1].endchar:
            spans[-1].endchar = max(spans[-1].endchar, match.endchar)
            continue
        spans.append(Token(text=match.text, startchar=match.startchar, endchar=match.endchar))
    for span in spans:
        span.text = fragment.text[span.startchar : span.endchar]
    return spans


class _Merging:
    """Mixin: format a fragment from merged matches."""

    def format_fragment(self, fragment: Fragment, replace: bool = False) -> Any:
        """The fragment's text with each merged match formatted once."""
        spans = merged_matches(fragment)
        merged = Fragment(fragment.text, spans, fragment.startchar, fragment.endchar)
        return super().format_fragment(merged, replace)  # type: ignore[misc]


class MergingHtmlFormatter(_Merging, HtmlFormatter):  # type: ignore[misc]
    """Whoosh's HtmlFormatter (escapes text, wraps matches in a tag), overlaps merged."""


class MergingUppercaseFormatter(_Merging, UppercaseFormatter):  # type: ignore[misc]
    """Whoosh's UppercaseFormatter, overlaps merged (handy in tests and terminals)."""
