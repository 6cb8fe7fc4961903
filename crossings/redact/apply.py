"""Replace redacted names in a staged document, and log where (never what)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from crossings.redact.names import ROLE_RE, RedactedName

MARKERS = {
    "en": "[name withheld]",
    "zh-Hant": "［姓名已隱去］",
    "zh-Hans": "［姓名已隐去］",
    "th": "[สงวนชื่อ]",
}


@dataclass(frozen=True)
class RedactionLogEntry:
    """One replacement: which document, which line, which kind of mark; not the name."""

    document: str
    line: int
    kind: str
    rule: str


def marker_for(lang: str) -> str:
    """The visible marker in the build's language (English when there is none)."""
    return MARKERS.get(lang) or MARKERS.get(lang.split("-")[0], MARKERS["en"])


def _name_pattern(name: str) -> re.Pattern[str]:
    """A pattern for *name* that survives line wrapping and case changes."""
    parts = [re.escape(part) for part in name.split()]
    body = r"\s+".join(parts)
    # Latin names must match whole words; CJK and Thai names have no word spaces around them.
    if re.match(r"\w", name[0], re.ASCII) and re.match(r"\w", name[-1], re.ASCII):
        body = rf"(?<!\w){body}(?!\w)"
    return re.compile(body, re.IGNORECASE)


def file_pattern(name: str) -> re.Pattern[str]:
    """*name* as it may appear in a file name: parts joined by spaces, hyphens, dots or underscores."""
    parts = [re.escape(part) for part in re.split(r"[\s\-_.]+", name) if part]
    body = r"[\s\-_.]*".join(parts)
    if re.match(r"\w", name[0], re.ASCII) and re.match(r"\w", name[-1], re.ASCII):
        body = rf"(?<![0-9A-Za-z]){body}(?![0-9A-Za-z])"  # underscores and hyphens do separate words here
    return re.compile(body, re.IGNORECASE)


def redact_file_name(name: str, doc_id: str, names: list[RedactedName]) -> str:
    """A media file name with every withheld name replaced by ``withheld``."""
    for entry in names:
        if entry.applies_to(doc_id):
            name = file_pattern(entry.name).sub("withheld", name)
    return name


def _line_of(text: str, offset: int) -> int:
    """The 1-based line of *offset* in *text*."""
    return text.count("\n", 0, offset) + 1


def redact_text(
    text: str, doc_id: str, names: list[RedactedName], *, public: bool, lang: str = "en"
) -> tuple[str, list[RedactionLogEntry]]:
    """Redact *text* of document *doc_id*.

    Public edition: every {redact} role and every listed name becomes the marker.
    Internal edition: listed names become {redact} roles, so the site shows them marked.
    """
    log: list[RedactionLogEntry] = []
    marker = marker_for(lang)

    def role(match: re.Match[str]) -> str:
        log.append(RedactionLogEntry(doc_id, _line_of(text, match.start()), "role", "{redact}"))
        return marker if public else match.group(0)

    out = ROLE_RE.sub(role, text)
    for entry in names:
        if not entry.applies_to(doc_id):
            continue
        pattern = _name_pattern(entry.name)
        rule = f"redactions.csv row {entry.number}"
        log += [
            RedactionLogEntry(doc_id, _line_of(out, m.start()), "list", rule) for m in pattern.finditer(out)
        ]
        out = pattern.sub(marker, out) if public else _mark_outside_roles(out, pattern)[0]
        if public:  # spellings left over, such as file names in links: Mali_Sample-Srisuk.png
            leftover = file_pattern(entry.name)
            log += [
                RedactionLogEntry(doc_id, _line_of(out, m.start()), "file", rule)
                for m in leftover.finditer(out)
            ]
            out = leftover.sub("withheld", out)
    return out, log


def _mark_outside_roles(text: str, pattern: re.Pattern[str]) -> tuple[str, int]:
    """Wrap matches of *pattern* in {redact} roles, leaving existing roles alone."""
    pieces: list[str] = []
    count = 0
    last = 0
    for role in ROLE_RE.finditer(text):
        chunk, n = pattern.subn(
            lambda m: "{redact}`" + " ".join(m.group(0).split()) + "`", text[last : role.start()]
        )
        pieces += [chunk, role.group(0)]
        count += n
        last = role.end()
    chunk, n = pattern.subn(lambda m: "{redact}`" + " ".join(m.group(0).split()) + "`", text[last:])
    return "".join([*pieces, chunk]), count + n
