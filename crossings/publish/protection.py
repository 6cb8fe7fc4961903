"""Outputs built before a withdrawal or a new redaction are removed, in every language and format.

Each language and format of the public edition is built on its own (`crossings build html`
builds English only), so a document withdrawn today would stay in yesterday's Thai site, PDF
and search index. Every public build therefore records the *protection state* its output was
built under: which pages were withheld, redactions.csv, and every {redact} mark. When a build
finds another output of the edition recorded under an older state, that output may show what
is now withheld: it is removed (its pages, book, staged sources and doctrees), and its search
index is emptied so that a running server stops answering from it at once. The operator is
told what to rebuild. The search index of the language being built is brought up to date.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from crossings import atomic
from crossings.archive import Archive
from crossings.catalog.access import Decision
from crossings.redact.names import role_names

RECORD = "protection.json"


def state(archive: Archive, decisions: dict[Path, Decision]) -> str:
    """A fingerprint of what the public edition withholds (pages, listed names, marked names)."""
    digest = hashlib.sha256()
    for relative, decision in sorted(decisions.items()):
        if not decision.held:
            digest.update(b"withheld\0" + relative.as_posix().encode() + b"\0")
    if archive.redactions.is_file():
        digest.update(b"redactions\0" + archive.redactions.read_bytes())
    marked: set[str] = set()
    for relative in decisions:
        marked.update(role_names((archive.source / relative).read_text(encoding="utf-8", errors="replace")))
    for catalogue in sorted(archive.locales.rglob("*.po")) if archive.locales.is_dir() else []:
        marked.update(role_names(catalogue.read_text(encoding="utf-8", errors="replace")))
    for name in sorted(marked):
        digest.update(b"marked\0" + name.encode() + b"\0")
    return digest.hexdigest()


@dataclass
class Record:
    """The protection state each output of an edition was built under ("html/en", "search/th")."""

    path: Path
    outputs: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, edition_dir: Path) -> Record:
        """The record of an edition's folder (empty when there is none or it cannot be read)."""
        path = edition_dir / RECORD
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        outputs = {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
        return cls(path, outputs)

    def write(self) -> None:
        """Save the record atomically."""
        atomic.write_text(self.path, json.dumps(self.outputs, indent=1, sort_keys=True))


def _remove(path: Path) -> bool:
    """Delete a file or folder; True when there was one."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
        return True
    if path.exists() or path.is_symlink():
        path.unlink()
        return True
    return False


def purge_stale(archive: Archive, edition: str, current: str, building: str) -> list[str]:
    """Remove every other output of *edition* built under another protection state; say which.

    *building* is the output being built now ("html/en"); its own files are handled by the build.
    """
    base = archive.edition_dir(edition)
    record = Record.read(base)
    removed = []
    stale_languages = set()
    changed = any(
        recorded != current for key, recorded in record.outputs.items() if not key.startswith("search/")
    )
    for key, recorded in sorted(record.outputs.items()):
        kind, _, folder = key.partition("/")
        if key == building or recorded == current or kind == "search":
            continue
        touched = [_remove(base / kind / folder), _remove(base / "doctrees" / kind / folder)]
        if kind == "html":
            touched.append(_remove(base / "corpus" / f"{folder}.jsonl"))
            touched.append(_remove(base / "oai" / f"{folder}.json"))
        else:  # older versions wrote an e-book's search corpus beside it (build/public/epub/corpus)
            touched.append(_remove(base / kind / "corpus" / f"{folder}.jsonl"))
        del record.outputs[key]
        if folder != building.partition("/")[2]:
            stale_languages.add(folder)
        if any(touched):
            removed.append(f"{kind}/{folder}")
    for folder in sorted(stale_languages):
        _remove(base / "src" / folder)  # re-staged by the next build of that language
    if changed:  # what was handed out under the old state holds what it no longer allows
        for handed_out in ("export", "bundle"):
            if _remove(base / handed_out):
                removed.append(handed_out)
    record.write()
    return removed


def remember(archive: Archive, edition: str, output: str, current: str) -> None:
    """Record that *output* ("html/en", "search/en") now holds what *current* allows."""
    record = Record.read(archive.edition_dir(edition))
    record.outputs[output] = current
    record.write()


def refresh_indexes(archive: Archive, edition: str, current: str, built: str) -> list[str]:
    """Bring the search indexes in line after an html build of language folder *built*.

    That language's index is updated from the corpus the build just wrote; the index of any
    other language built under another protection state is emptied (its site was removed).
    Returns the languages whose index was emptied.
    """
    from crossings.search.indexing.index import build_index
    from crossings.search.indexing.paths import corpus_path, index_path
    from crossings.search.text.config import index_options, load_settings

    options = index_options(load_settings(archive.search_settings))
    emptied = []
    record = Record.read(archive.edition_dir(edition))
    search = archive.edition_dir(edition) / "search"
    for folder in (
        sorted(p.name for p in search.iterdir() if (p / "CURRENT").is_file()) if search.is_dir() else []
    ):
        if record.outputs.get(f"search/{folder}") == current:
            continue
        target = index_path(archive, edition, folder)
        if folder == built:
            build_index(corpus_path(archive, edition, folder), target, incremental=True, **options)
            remember(archive, edition, f"search/{folder}", current)
            continue
        empty = archive.edition_dir(edition) / "corpus" / f".empty-{folder}.jsonl"
        empty.parent.mkdir(parents=True, exist_ok=True)
        empty.write_text("", encoding="utf-8")
        try:
            build_index(empty, target, incremental=True, **options)
        finally:
            empty.unlink(missing_ok=True)
        emptied.append(folder)
        record = Record.read(archive.edition_dir(edition))
        record.outputs.pop(f"search/{folder}", None)
        record.write()
    return emptied
