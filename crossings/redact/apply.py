"""Replace redacted names in a staged document, and log where (never what).

Names are matched on their skeleton (crossings.redact.skeleton): whatever the spelling, markup,
escapes or encoding, a withheld name is found. A name marked once with ``{redact}`` is withheld
everywhere in that document; a name of redactions.csv everywhere in its scope.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from crossings import languages
from crossings.catalog.vocab import Vocabularies
from crossings.redact.markdown import escape_marker, replace_matches
from crossings.redact.names import ROLE_RE, RedactedName, name_orders, role_names
from crossings.redact.skeleton import Pattern, find

ROLE_RULE = "{redact} elsewhere in the document"
FILE_NAME_MARK = "withheld"


@dataclass(frozen=True)
class RedactionLogEntry:
    """One replacement: which document, which line, which kind of mark; not the name."""

    document: str
    line: int
    kind: str
    rule: str


def marker_for(lang: str) -> str:
    """The visible marker in the build's language (English when crossings does not declare it)."""
    return languages.marker(lang)


def patterns_for(
    doc_id: str, names: list[RedactedName], marked: Sequence[str] = (), family: str = ""
) -> list[Pattern]:
    """The patterns withheld in *doc_id*: its redactions.csv names and the names it marks itself.

    *family* is the id the document shares with its translations (a scope covers them all).
    """
    patterns = [
        Pattern.of(order, entry)
        for entry in names
        if entry.applies_to(doc_id, family)
        for order in name_orders(entry.name)
    ]
    for name in marked:
        try:
            patterns += [Pattern.of(order, ROLE_RULE) for order in name_orders(name)]
        except ValueError:
            continue  # a one-letter mark is withheld where it is marked, and nowhere else
    return patterns


def _rule(pattern: Pattern) -> str:
    """How a pattern is named in the log: its redactions.csv row, or the role rule."""
    tag = pattern.tag
    return f"redactions.csv row {tag.number}" if isinstance(tag, RedactedName) else str(tag)


def withhold_plain(text: str, patterns: list[Pattern], replacement: str) -> tuple[str, int]:
    """Plain *text* (metadata, an attribute, a file name) with every match replaced; and how many."""
    matches = find(text, patterns)
    for match in reversed(matches):
        text = text[: match.start] + replacement + text[match.end :]
    return text, len(matches)


def every_name(names: list[RedactedName]) -> list[Pattern]:
    """Patterns of every listed name whatever its scope: for text shared by all documents."""
    return [Pattern.of(order, entry) for entry in names for order in name_orders(entry.name)]


def withhold_vocabularies(vocab: Vocabularies, names: list[RedactedName], lang: str) -> Vocabularies:
    """*vocab* without any listed name, whatever its scope: labels reach every page and book."""
    patterns = every_name(names)
    marker = marker_for(lang)
    return vocab.with_text(lambda text: withhold_plain(text, patterns, marker)[0]) if patterns else vocab


def redact_file_name(name: str, doc_id: str, names: list[RedactedName]) -> str:
    """A media file or folder name with every withheld name replaced by ``withheld``.

    *doc_id* is the document whose media folder holds it ('' for shared media: every name).
    """
    patterns = patterns_for(doc_id, names) if doc_id else every_name(names)
    return withhold_plain(name, patterns, FILE_NAME_MARK)[0]


def _line_of(text: str, offset: int) -> int:
    """The 1-based line of *offset* in *text*."""
    return text.count("\n", 0, offset) + 1


def redact_text(
    text: str,
    doc_id: str,
    names: list[RedactedName],
    *,
    public: bool,
    lang: str = "en",
    family: str = "",
    marked: Sequence[str] = (),
) -> tuple[str, list[RedactionLogEntry]]:
    """Redact the Markdown *text* of document *doc_id*.

    Public edition: every {redact} role, every other spelling of a name a role marks (in *text*
    or in *marked*, the marks of the rest of the file), and every listed name becomes the marker
    (``withheld`` inside URLs and file names). Internal edition: listed names become {redact}
    roles, so the site shows them marked. *family* is the id shared with translations.
    """
    if not public:
        return _mark_internal(text, doc_id, names)
    log: list[RedactionLogEntry] = []
    marker = marker_for(lang)
    marked = [*role_names(text), *marked]

    def role(match: re.Match[str]) -> str:
        log.append(RedactionLogEntry(doc_id, _line_of(text, match.start()), "role", "{redact}"))
        return escape_marker(marker)

    out = ROLE_RE.sub(role, text)
    patterns = patterns_for(doc_id, names, marked, family)
    out, replaced = replace_matches(out, find(out, patterns), marker)
    log += [
        RedactionLogEntry(doc_id, r.line, "file" if r.in_url else "list", _rule(r.match.pattern))
        for r in replaced
    ]
    return out, sorted(log, key=lambda entry: entry.line)


def _name_pattern(name: str) -> re.Pattern[str]:
    """A pattern for *name* that survives line wrapping and case changes (internal marking)."""
    parts = [re.escape(part) for part in name.split()]
    body = r"\s+".join(parts)
    # Latin names must match whole words; CJK and Thai names have no word spaces around them.
    if re.match(r"\w", name[0], re.ASCII) and re.match(r"\w", name[-1], re.ASCII):
        body = rf"(?<!\w){body}(?!\w)"
    return re.compile(body, re.IGNORECASE)


def _mark_internal(text: str, doc_id: str, names: list[RedactedName]) -> tuple[str, list[RedactionLogEntry]]:
    """The internal edition: listed names wrapped in {redact} roles, so the site marks them."""
    log: list[RedactionLogEntry] = []
    out = text
    for entry in names:
        if not entry.applies_to(doc_id):
            continue
        pattern = _name_pattern(entry.name)
        rule = f"redactions.csv row {entry.number}"
        log += [
            RedactionLogEntry(doc_id, _line_of(out, m.start()), "list", rule) for m in pattern.finditer(out)
        ]
        out = _mark_outside_roles(out, pattern)
    return out, log


def _mark_outside_roles(text: str, pattern: re.Pattern[str]) -> str:
    """Wrap matches of *pattern* in {redact} roles, leaving existing roles alone."""
    pieces: list[str] = []
    last = 0

    def wrap(match: re.Match[str]) -> str:
        return "{redact}`" + " ".join(match.group(0).split()) + "`"

    for role in ROLE_RE.finditer(text):
        pieces += [pattern.sub(wrap, text[last : role.start()]), role.group(0)]
        last = role.end()
    return "".join([*pieces, pattern.sub(wrap, text[last:])])
