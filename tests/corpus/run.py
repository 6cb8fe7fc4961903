"""Ingest the real-world corpus as an editor would and measure what became of every file.

``python -m tests.corpus.run [--update]`` prints the score; ``--update`` rewrites the measured
columns of ``expected.csv`` (review the diff: the expected outcome is a judgement, not a record
of whatever the code did). The slow test ``tests/corpus/test_corpus.py`` runs the same steps.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from crossings.catalog.csvfile import write_catalog
from crossings.catalog.frontmatter import split
from crossings.ingest.docprops import people_properties
from crossings.ingest.scripts import check_script
from crossings.init import create_archive
from tests.corpus.fetch import DONE, ensure_corpus

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "expected.csv"
COLUMNS = ("file", "language", "encoding", "outcome", "reason", "words", "tables", "footnotes")
CROSSINGS = Path(sys.executable).with_name("crossings")
# The languages an editor adds to vocabularies/languages.csv for this corpus (id, script, English label).
EXTRA_LANGUAGES = (
    ("ar", "Arab", "Arabic"), ("bg", "Cyrl", "Bulgarian"), ("cs", "Latn", "Czech"),
    ("da", "Latn", "Danish"), ("el", "Grek", "Greek"), ("eo", "Latn", "Esperanto"),
    ("es", "Latn", "Spanish"), ("et", "Latn", "Estonian"), ("fi", "Latn", "Finnish"),
    ("fr", "Latn", "French"), ("ga", "Latn", "Irish"), ("he", "Hebr", "Hebrew"),
    ("hr", "Latn", "Croatian"), ("hu", "Latn", "Hungarian"), ("it", "Latn", "Italian"),
    ("lt", "Latn", "Lithuanian"), ("lv", "Latn", "Latvian"), ("mt", "Latn", "Maltese"),
    ("pl", "Latn", "Polish"), ("pt", "Latn", "Portuguese"), ("ro", "Latn", "Romanian"),
    ("ru", "Cyrl", "Russian"), ("sk", "Latn", "Slovak"), ("sl", "Latn", "Slovenian"),
    ("sv", "Latn", "Swedish"), ("tr", "Latn", "Turkish"), ("uk", "Cyrl", "Ukrainian"),
)  # fmt: skip
# Refusal reasons grouped into classes an expected outcome can name.
REASON_CLASSES = (
    ("encrypted", re.compile(r"password|encrypted|rights-protected|permission", re.I)),
    ("not-a-document", re.compile(r"this is (a|an) ", re.I)),
    ("empty", re.compile(r"the file is empty|no text", re.I)),
    ("encoding", re.compile(r"encoding uncertain|not valid|encoding column", re.I)),
    ("damaged", re.compile(r"damaged|truncated|could not read|be unpacked|incomplete|malformed", re.I)),
    ("unsafe", re.compile(r"unsafe|zip bomb", re.I)),
)
# The personal-name warning of crossings.ingest.docprops.
NAME_WARNING = "property) is named"
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f\uac00-\ud7af]")
_TABLE_ROW = re.compile(r"^\|.*\|\s*$")
_FOOTNOTE = re.compile(r"^\[\^[^\]]+\]:", re.M)


@dataclass
class Entry:
    """One corpus file as the catalog describes it, and what became of it."""

    file: str
    language: str
    encoding: str = ""
    outcome: str = ""
    reason: str = ""
    words: int = 0
    tables: int = 0
    footnotes: int = 0
    garbage: str = ""
    message: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def as_row(self) -> dict[str, str]:
        """The expected.csv row."""
        return {
            "file": self.file, "language": self.language, "encoding": self.encoding,
            "outcome": self.outcome, "reason": self.reason, "words": str(self.words),
            "tables": str(self.tables), "footnotes": str(self.footnotes),
        }  # fmt: skip


def load_expected(path: Path = EXPECTED) -> list[Entry]:
    """The corpus catalog and expected outcomes, one Entry per file."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Entry(
                r["file"],
                r["language"],
                r["encoding"],
                r["outcome"],
                r["reason"],
                int(r["words"] or 0),
                int(r["tables"] or 0),
                int(r["footnotes"] or 0),
            )
            for r in csv.DictReader(handle)
        ]


def save_expected(entries: list[Entry], path: Path = EXPECTED) -> None:
    """Write expected.csv sorted by file."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        for entry in sorted(entries, key=lambda e: e.file):
            writer.writerow(entry.as_row())


def doc_id(number: int) -> str:
    """The catalog id of the n-th corpus file."""
    return f"c{number:04d}"


def make_archive(root: Path, files: Path, entries: list[Entry]) -> None:
    """An archive whose reports/ holds every corpus file and whose catalog describes each."""
    create_archive(root, "Real-world corpus")
    rows = []
    for number, entry in enumerate(entries):
        target = root / "reports" / entry.file
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(files / entry.file, target)
        rows.append(
            {
                "file": entry.file,
                "id": doc_id(number),
                "title": f"Corpus file {number}",
                "type": "other",
                "language": entry.language,
                "access": "public",
                "encoding": entry.encoding,
            }
        )
    write_catalog(root / "reports" / "catalog.csv", rows)
    _add_languages(root / "vocabularies" / "languages.csv")


def _add_languages(path: Path) -> None:
    """Append the corpus's languages to the archive's languages.csv, as an editor would."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    known = {row["id"] for row in rows}
    header = list(rows[0])
    for code, script, label in EXTRA_LANGUAGES:
        if code not in known:
            rows.append(dict.fromkeys(header, "") | {"id": code, "script": script, "en": label})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def ingest(root: Path, jobs: int = 2) -> tuple[dict[str, object], str, float]:
    """Run ``crossings ingest --json`` on the archive: the report, stderr and the seconds it took."""
    started = time.perf_counter()
    done = subprocess.run(
        [str(CROSSINGS), "ingest", "--archive", str(root), "--jobs", str(jobs), "--json"],
        capture_output=True, text=True, timeout=3600, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1) or not done.stdout.strip():
        raise RuntimeError(f"crossings ingest exited {done.returncode}: {done.stderr[-2000:]}")
    return json.loads(done.stdout), done.stderr, seconds


def reason_class(reason: str) -> str:
    """The class of a refusal reason ("other" when none fits)."""
    return next((name for name, pattern in REASON_CLASSES if pattern.search(reason)), "other")


def counts(body: str) -> tuple[int, int, int]:
    """Words (a CJK or Thai character counts as one), tables and footnotes of a converted body."""
    text = re.sub(r"\{lang\}`+|<[a-zA-Z-]+>`+|`+\{lang\}[^\n]*", " ", body)
    words = len(_WORD.findall(_CJK.sub(" ", text))) + len(_CJK.findall(text))
    tables = body.count("{list-table}")
    in_table = False
    for line in body.splitlines():
        row = bool(_TABLE_ROW.match(line.strip()))
        tables += row and not in_table
        in_table = row
    return words, tables, len(_FOOTNOTE.findall(body))


def measure(root: Path, entries: list[Entry], report: dict[str, object]) -> list[Entry]:
    """What became of every entry: outcome, reason class, counts and any garbage."""
    documents = {str(d["id"]): d for d in report["documents"]}  # type: ignore[attr-defined]
    measured = []
    for number, entry in enumerate(entries):
        doc = documents.get(doc_id(number), {})
        got = Entry(entry.file, entry.language, entry.encoding)
        if doc.get("status") == "converted":
            text = (root / "source" / "documents" / f"{doc_id(number)}.md").read_text(encoding="utf-8")
            body = split(text)[1]
            got.outcome = "converted"
            got.words, got.tables, got.footnotes = counts(body)
            got.garbage = garbage(body, entry.language, root)
        else:
            got.outcome = "refused"
            got.message = str(doc.get("reason", "no outcome reported"))
            got.reason = reason_class(got.message)
        measured.append(got)
    return measured


def garbage(body: str, language: str, root: Path) -> str:
    """Why the converted text is not in the catalogued language's script ("" when it is)."""
    from crossings.catalog.vocab import Vocabularies
    from crossings.ingest.scripts import script_for

    if "\x00" in body:
        return "it holds NUL characters (a UTF-16 reading of UTF-32)"
    script = script_for(language, Vocabularies.load(root / "vocabularies").languages)
    words = counts(body)[0]
    if words < 30:
        return ""  # too little text for a verdict either way
    verdict = check_script(body, language, script)
    return verdict.problem


def matches(expected: Entry, got: Entry) -> bool:
    """True when the file ended as expected: refused for the same class, or converted with its
    content (words within 3% or 5 words, the same tables and footnotes) and no garbage."""
    if expected.outcome != got.outcome:
        return False
    if got.outcome == "refused":
        return expected.reason == got.reason
    close = abs(got.words - expected.words) <= max(5, expected.words * 0.03)
    return close and got.tables == expected.tables and got.footnotes == expected.footnotes and not got.garbage


def corpus_files() -> Path:
    """The extracted corpus (fetched when missing)."""
    return ensure_corpus()


def listed(files: Path) -> list[str]:
    """Every corpus file, relative to *files*."""
    return sorted(p.relative_to(files).as_posix() for p in files.rglob("*") if p.is_file() and p.name != DONE)


def former_name_warnings(archive: Path, entries: list[Entry]) -> int:
    """Warnings the rule before issue 19 gave: one per non-empty author-like property (docx, odt)."""
    count = 0
    for entry in entries:
        kind = Path(entry.file).suffix.lower().lstrip(".")
        try:
            with zipfile.ZipFile(archive / "reports" / entry.file) as package:
                count += len(people_properties(package, kind))
        except (zipfile.BadZipFile, OSError, ValueError):
            continue
    return count


def name_warnings(report: dict[str, object]) -> int:
    """Personal-name warnings of one ingest report."""
    documents = report.get("documents", [])
    assert isinstance(documents, list)
    return sum(NAME_WARNING in str(w) for doc in documents for w in doc.get("warnings", []))


def main(argv: list[str]) -> int:
    """Run the corpus; print mismatches and the score; with --update rewrite expected.csv."""
    import tempfile

    files = corpus_files()
    entries = load_expected()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "archive"
        make_archive(root, files, entries)
        report, _stderr, seconds = ingest(root)
        measured = measure(root, entries, report)
    right = 0
    for want, got in zip(entries, measured, strict=True):
        if matches(want, got):
            right += 1
            continue
        print(
            f"{got.file}: expected {want.outcome} {want.reason or want.words}, got {got.outcome} "
            f"{got.reason or got.words} t{got.tables} f{got.footnotes} {got.garbage} {got.message[:200]}"
        )
    print(f"{right}/{len(entries)} right ({right / len(entries):.1%}), {len(entries) / seconds:.1f} files/s")
    if "--update" in argv:
        for want, got in zip(entries, measured, strict=True):
            if want.outcome == "refused" and got.outcome == "refused":
                continue  # a judged refusal stays as judged
            if "--all" in argv or want.outcome in ("", got.outcome):
                want.outcome, want.reason = got.outcome, got.reason
                want.words, want.tables, want.footnotes = got.words, got.tables, got.footnotes
        save_expected(entries)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
