"""Where redacted names come from: redactions.csv and the {redact} role in documents."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from crossings.errors import CrossingsError
from crossings.redact.skeleton import skeleton_text

# The redact role as MyST writes it ({redact}`Name`, {redact}``Name``) and as rST does inside
# {eval-rst} (:redact:`Name`); the name may wrap across lines, never across paragraphs.
ROLE_RE = re.compile(r"(?:\{redact\}|:redact:)(`+)((?:(?!\n[ \t]*\n)[^`])+?)\1(?!`)")
HEADER = ("name", "documents", "note")
# What separates the words of a name in a spaced script: spaces and every kind of hyphen.
_NAME_PARTS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")


def name_orders(name: str) -> list[str]:
    """*name* and the same name with its words in another order, as catalogs and references write
    them ("Srisuk, Mali Sample" or "Sample-Srisuk, Mali" for "Mali Sample-Srisuk"): every
    rotation of its words, so that family-name-first and "Family, Given" forms are withheld too.
    A name of one word (as Chinese, Japanese, Korean or Thai names are written) has one order."""
    words = [word for word in _NAME_PARTS.split(name.strip()) if word]
    orders = [name]
    for cut in range(1, len(words)):
        orders.append(" ".join(words[cut:]) + ", " + " ".join(words[:cut]))
    return orders


@dataclass(frozen=True)
class RedactedName:
    """A name to withhold, everywhere or only in some documents."""

    name: str
    documents: tuple[str, ...] = ()
    number: int = 0
    line: int = field(default=0, compare=False)

    def applies_to(self, doc_id: str, family: str = "") -> bool:
        """True when the name is withheld in *doc_id* (an empty list means every document).

        A scope covers a document's translations too: the family is the id they share
        (``talk`` for ``talk-th``), and a scope naming one member names them all.
        """
        if not self.documents or doc_id in self.documents:
            return True
        family = family or doc_id
        return family in self.documents or any(
            scoped.rsplit("-", 1)[0] == family for scoped in self.documents
        )


def load_redactions(path: Path) -> list[RedactedName]:
    """Read redactions.csv (name,documents,note); a missing file means no names.

    A mistake here would withhold nothing without a word, so every doubtful row stops the
    command with its line: an unclosed quote, more cells than the header, a name too short.
    """
    if not path.is_file():
        return []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CrossingsError(f"{path.name}: not UTF-8 (byte {exc.start}); save it as UTF-8 CSV") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return _names(reader, path.name)
    except csv.Error as exc:
        raise CrossingsError(
            f"{path.name}:{reader.line_num + 1}: {exc}; a quote is probably not closed: "
            "close it and save again"
        ) from exc


def _names(reader: csv.DictReader[str], display: str) -> list[RedactedName]:
    """The rows of an open redactions.csv, checked one by one."""
    if reader.fieldnames is None or "name" not in reader.fieldnames:
        raise CrossingsError(f"{display}:1: the header must be {','.join(HEADER)}")
    names = []
    next_line = reader.line_num + 1
    for number, row in enumerate(reader, start=1):
        line, next_line = next_line, reader.line_num + 1
        where = f"{display}:{line}"
        raw = row.get("name") or ""
        if None in row:
            raise CrossingsError(
                f"{where}: more cells than the header ({','.join(HEADER)}); put a name holding a comma "
                'in double quotes ("N-Phorn, Wanida")'
            )
        if '"' in raw or "\n" in raw or "\r" in raw:
            raise CrossingsError(
                f"{where}: the name holds a quote or a line break, so a quote is probably not closed "
                "and later rows were swallowed into it; close the quote"
            )
        name = " ".join(raw.split())
        if not name:
            continue
        if len(skeleton_text(name)) < 2:
            raise CrossingsError(
                f"{where}: name {name!r} is too short to redact safely "
                "(it needs at least two letters or digits)"
            )
        documents = tuple(d.strip() for d in (row.get("documents") or "").split(";") if d.strip())
        names.append(RedactedName(name, documents, number, line=line))
    return names


def role_names(text: str) -> list[str]:
    """Every name marked with the {redact} role in *text*, whitespace normalised."""
    return [" ".join(match.group(2).split()) for match in ROLE_RE.finditer(text)]
