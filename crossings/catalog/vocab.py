"""Vocabularies: countries, regions, themes, types, languages, events and sessions.

Each is a CSV file with an ``id`` column, one label column per interface language
(``en``, ``zh-Hant``, ``zh-Hans``, ``th``...), optional ``description_<lang>`` columns and
any other attributes. The archive's ``vocabularies/`` folder holds its own copies; a file
missing there falls back to the defaults shipped with crossings.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from crossings.catalog.problems import Location, Problem
from crossings.languages import tags

UI_LANGUAGES = tags()  # every declared interface language has a label column
# The vocabularies every archive has (fields of Vocabularies); any other CSV crossings ships in
# crossings/data/vocabularies is loaded as well and found by name (Vocabularies.get), so a new
# vocabulary for a new facet is data only.
# A term's id names it wherever the archive hands it out: search filters (the form of a code in
# crossings.search.request.search_request.CODE), OAI-PMH setSpecs (``theme:<id>``: a space is not
# allowed there, a colon would make a set hierarchy the archive does not have), the books' index.
TERM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
CORE_VOCABULARIES = ("countries", "regions", "themes", "types", "languages", "events", "sessions")


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary, with its labels and other attributes."""

    id: str
    labels: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    attrs: dict[str, str] = field(default_factory=dict)
    # Where the term was read: its data row and line in the CSV (0 when not read from a file).
    row: int = field(default=0, compare=False)
    line: int = field(default=0, compare=False)

    def label(self, lang: str = "en") -> str:
        """The label in *lang*, else in a related language, else English, else the id."""
        return _pick(self.labels, lang) or self.id

    def label_column(self, lang: str = "en") -> str:
        """The column :meth:`label` reads for *lang* ('id' when no label column has text)."""
        return _pick_key(self.labels, lang) or "id"

    def description(self, lang: str = "en") -> str:
        """The one-line description in *lang* (with the same fallbacks), or ''."""
        return _pick(self.descriptions, lang)


def _pick(texts: dict[str, str], lang: str) -> str:
    """The text for *lang*: exact tag, then same-language tag, then English."""
    key = _pick_key(texts, lang)
    return texts[key] if key else ""


def _pick_key(texts: dict[str, str], lang: str) -> str:
    """The key of the text for *lang* (exact tag, then same-language tag, then English), or ''."""
    if texts.get(lang):
        return lang
    base = lang.split("-")[0].lower()
    for tag, text in texts.items():
        if text and tag.split("-")[0].lower() == base:
            return tag
    return "en" if texts.get("en") else ""


@dataclass
class Vocabulary:
    """The terms of one vocabulary, in file order."""

    name: str
    path: str
    terms: dict[str, Term] = field(default_factory=dict)

    def __contains__(self, term_id: object) -> bool:
        return term_id in self.terms

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms.values())

    def __len__(self) -> int:
        return len(self.terms)

    def __getitem__(self, term_id: str) -> Term:
        return self.terms[term_id]

    def label(self, term_id: str, lang: str = "en") -> str:
        """The label of *term_id*, or the id itself when it is unknown."""
        term = self.terms.get(term_id)
        return term.label(lang) if term else term_id


@dataclass
class Vocabularies:
    """Every vocabulary an archive uses, with the problems found reading them."""

    countries: Vocabulary
    regions: Vocabulary
    themes: Vocabulary
    types: Vocabulary
    languages: Vocabulary
    events: Vocabulary
    sessions: Vocabulary
    problems: list[Problem] = field(default_factory=list)
    others: dict[str, Vocabulary] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path | None = None) -> Vocabularies:
        """Read the archive's vocabularies from *folder*, falling back to the defaults."""
        problems: list[Problem] = []
        loaded = {}
        own = sorted(p.stem for p in folder.glob("*.csv")) if folder is not None and folder.is_dir() else []
        for name in dict.fromkeys([*vocabulary_names(), *own]):
            path = folder / f"{name}.csv" if folder is not None else None
            if path is not None and path.is_file():
                loaded[name] = read_vocabulary(name, path.read_bytes(), str(path), problems)
            else:
                data = default_file(name).read_bytes()
                loaded[name] = read_vocabulary(name, data, f"<crossings>/{name}.csv", problems)
        return cls._of(loaded, problems)

    @classmethod
    def _of(cls, loaded: dict[str, Vocabulary], problems: list[Problem]) -> Vocabularies:
        core = {name: loaded[name] for name in CORE_VOCABULARIES}
        others = {name: vocab for name, vocab in loaded.items() if name not in core}
        return cls(**core, problems=problems, others=others)

    def get(self, name: str) -> Vocabulary:
        """The vocabulary called *name* (a file name of vocabularies/ without .csv)."""
        if name in CORE_VOCABULARIES:
            vocab: Vocabulary = getattr(self, name)
            return vocab
        if name in self.others:
            return self.others[name]
        raise KeyError(
            f"no vocabulary {name!r}; add vocabularies/{name}.csv and crossings/data/vocabularies/{name}.csv"
        )

    def with_text(self, change: Callable[[str], str]) -> Vocabularies:
        """A copy with every label, description and attribute passed through *change* (ids kept)."""

        def term(old: Term) -> Term:
            return Term(
                old.id,
                {k: change(v) for k, v in old.labels.items()},
                {k: change(v) for k, v in old.descriptions.items()},
                {k: change(v) for k, v in old.attrs.items()},
                row=old.row,
                line=old.line,
            )

        copies = {
            name: Vocabulary(vocab.name, vocab.path, {i: term(t) for i, t in vocab.terms.items()})
            for name, vocab in ((name, self.get(name)) for name in (*CORE_VOCABULARIES, *self.others))
        }
        return Vocabularies._of(copies, list(self.problems))


def vocabulary_names() -> tuple[str, ...]:
    """Every vocabulary: the core ones, then any other CSV crossings ships, by name."""
    shipped = resources.files("crossings") / "data" / "vocabularies"
    extra = sorted(
        entry.name.removesuffix(".csv")
        for entry in shipped.iterdir()
        if entry.name.endswith(".csv") and entry.name.removesuffix(".csv") not in CORE_VOCABULARIES
    )
    return (*CORE_VOCABULARIES, *extra)


def default_file(name: str) -> resources.abc.Traversable:
    """The default vocabulary file shipped with crossings."""
    return resources.files("crossings") / "data" / "vocabularies" / f"{name}.csv"


def read_vocabulary(name: str, data: bytes, where: str, problems: list[Problem]) -> Vocabulary:
    """Parse one vocabulary CSV, appending problems (bad encoding, no id, duplicates)."""
    vocab = Vocabulary(name, where)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(where, f"not UTF-8 (byte {exc.start}); save it as UTF-8 CSV"))
        return vocab
    reader = csv.DictReader(text.splitlines())
    folded: dict[str, Term] = {}  # each id case-folded: ids are told apart regardless of case
    if not reader.fieldnames or "id" not in reader.fieldnames:
        problems.append(Problem(where, "the first line must be a header with an id column", line=1))
        return vocab
    for row_number, row in enumerate(reader, start=1):
        line = reader.line_num
        term_id = (row.get("id") or "").strip()
        at = Location(where, line=line, row=row_number)
        if not term_id:
            problems.append(at.problem("id", "empty id"))
            continue
        if not TERM_ID.fullmatch(term_id):
            problems.append(
                at.problem(
                    "id",
                    f"id {term_id[:70]!r} must be at most 64 letters, digits, '-', '_' or '.', "
                    "starting with a letter or digit (no space, colon or other sign): it names the "
                    "term in search filters and OAI-PMH sets; rename it here and wherever "
                    "reports/catalog.csv uses it",
                )
            )
            continue
        if term_id in vocab.terms:
            problems.append(at.problem("id", f"duplicate id {term_id!r}"))
            continue
        same = folded.get(term_id.casefold())
        if same is not None:
            problems.append(
                at.problem(
                    "id",
                    f"id {term_id!r} differs only in case from {same.id!r} (row {same.row}, line "
                    f"{same.line}): search filters and OAI-PMH sets would not tell the two apart "
                    f"(one set listed twice); merge this row into {same.id!r}, or rename it here and "
                    "wherever reports/catalog.csv uses it",
                )
            )
            continue
        vocab.terms[term_id] = folded[term_id.casefold()] = _term(term_id, row, row_number, line)
    return vocab


def _term(term_id: str, row: dict[str, str | None], row_number: int = 0, line: int = 0) -> Term:
    """Split a vocabulary row into labels, descriptions and other attributes."""
    labels, descriptions, attrs = {}, {}, {}
    for column, raw in row.items():
        if column is None or column == "id":
            continue
        value = (raw or "").strip()
        if column.startswith("description_"):
            descriptions[column.removeprefix("description_")] = value
        elif _is_language_column(column):
            labels[column] = value
        else:
            attrs[column] = value
    return Term(term_id, labels, descriptions, attrs, row=row_number, line=line)


def _is_language_column(column: str) -> bool:
    """True for label columns: BCP 47 tags such as en, th, zh-Hant."""
    head = column.split("-")[0]
    return 2 <= len(head) <= 3 and head.isalpha() and head.islower() and column not in {"end", "order"}
