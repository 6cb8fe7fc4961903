"""Ingest one catalog row: decide whether to convert, convert safely, write the document atomically."""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from crossings import atomic
from crossings.archive import Archive
from crossings.catalog.model import DocumentMeta, Provenance
from crossings.catalog.originals import original_path
from crossings.ingest import pandoc
from crossings.ingest.docprops import metadata_warnings
from crossings.ingest.document import OnDisk, make_body, read_existing, render, with_catalog_fields
from crossings.ingest.errors import IngestError
from crossings.ingest.events import describe
from crossings.ingest.outcome import CONVERTED, EDITED, FAILED, METADATA, UNCHANGED, UPDATED, Outcome
from crossings.ingest.passages import mark_passages
from crossings.ingest.prepare import PandocInput, prepare
from crossings.ingest.verbatim import restore
from crossings.leftovers import ingest_scratch, scratch_prefix
from crossings.redact.media import strip_metadata

MAX_ORIGINAL_BYTES = 200 * 1024 * 1024
MEDIA_NAME = re.compile(r"^image-\d+\.(png|jpg|gif|bmp|tiff|webp|emf|wmf)$")


@dataclass(frozen=True)
class Job:
    """One document to ingest, with everything a worker process needs."""

    root: Path
    meta: DocumentMeta
    now: str
    force: bool = False
    limits: pandoc.Limits = pandoc.DEFAULT_LIMITS
    script: str = ""  # the ISO 15924 script of the document's language (languages.csv)


@dataclass(frozen=True)
class Converted:
    """A finished conversion waiting in the work folder."""

    body: str
    provenance: Provenance
    title: str
    warnings: list[str]
    media: Path


@dataclass(frozen=True)
class Pending:
    """A document whose input is prepared in its folder and waits for pandoc."""

    job: Job
    display: str
    data: bytes
    existing: OnDisk | None
    folder: Path
    source: PandocInput


def ingest_chunk(jobs: list[Job]) -> list[Outcome]:
    """Ingest documents (one pandoc process for all); every failure is a FAILED outcome naming its file."""
    if not jobs:
        return []
    archive = Archive(jobs[0].root)
    outcomes: dict[int, Outcome] = {}
    with _workdir(archive) as batch:
        pending: dict[int, Pending] = {}
        for index, job in enumerate(jobs):
            started = _guard(job, partial(_start, job, archive, batch / str(index)))
            if isinstance(started, Pending):
                pending[index] = started
            else:
                outcomes[index] = started
        items = [_item(batch, index, p) for index, p in pending.items()]
        results = pandoc.run_many(batch, items, jobs[0].limits) if items else []
        for (index, p), result in zip(pending.items(), results, strict=True):
            finished = _guard(p.job, partial(_finish, p, result, archive))
            assert isinstance(finished, Outcome)
            outcomes[index] = finished
    return [outcomes[index] for index in range(len(jobs))]


def _guard(job: Job, step: Callable[[], Outcome | Pending]) -> Outcome | Pending:
    """Run one step for one document, turning its errors into a FAILED outcome."""
    display = f"reports/{job.meta.file}"
    try:
        return step()
    except IngestError as exc:
        return Outcome(job.meta.id, display, FAILED, str(exc))
    except OSError as exc:
        return Outcome(job.meta.id, display, FAILED, f"{display}: could not read or write a file: {exc}")
    except Exception as exc:  # a file no check foresaw fails alone; the rest of the batch goes on
        reason = (
            f"{display}: internal error ({type(exc).__name__}: {exc}); the file was not converted. "
            "Open it in Word or LibreOffice, save it again and replace it, and report the error"
        )
        return Outcome(job.meta.id, display, FAILED, reason)


def _start(job: Job, archive: Archive, folder: Path) -> Outcome | Pending:
    """Decide from the hashes what to do; when converting, prepare the pandoc input in *folder*."""
    meta = job.meta
    display = f"reports/{meta.file}"
    data = _read_original(archive, meta.file, display)
    target = archive.documents / f"{meta.id}.md"
    existing = read_existing(target)
    output = f"source/documents/{meta.id}.md"
    if existing is not None and not job.force:
        if existing.edited:
            return _keep_edited(meta, existing, target, display, output)
        if existing.original_sha256 == hashlib.sha256(data).hexdigest():
            return _refresh(meta, existing, target, display, output)
    folder.mkdir()
    source = prepare(data, folder, display, declared=meta.encoding, language=meta.language, script=job.script)
    return Pending(job, display, data, existing, folder, source)


def _item(batch: Path, index: int, pending: Pending) -> pandoc.Item:
    """The runner's view of a prepared document."""
    meta = pending.job.meta
    return pandoc.Item(str(index), pending.source.reader, pending.source.name, meta.id, pending.display)


def _finish(p: Pending, result: pandoc.PandocResult | IngestError, archive: Archive) -> Outcome:
    """Assemble the document from pandoc's result and write it (media first, the text last)."""
    if isinstance(result, IngestError):
        raise result
    meta = p.job.meta
    converted = assemble(
        p.data, p.source, result, meta, now=p.job.now, media=p.folder / meta.id, script=p.job.script
    )
    target = archive.documents / f"{meta.id}.md"
    edited = p.existing is not None and p.existing.edited
    backup = _backup(archive, meta.id, p.existing, p.job.now) if p.existing is not None and edited else ""
    _install_media(converted.media, archive.documents / meta.id, p.display)
    atomic.write_text(
        target, render(replace(meta, title=converted.title), converted.body, converted.provenance)
    )
    output = f"source/documents/{meta.id}.md"
    return Outcome(meta.id, p.display, CONVERTED, warnings=converted.warnings, output=output, backup=backup)


def _refresh(meta: DocumentMeta, existing: OnDisk, target: Path, display: str, output: str) -> Outcome:
    """Same original, untouched body: only bring the front matter in line with the catalog."""
    meta = replace(meta, title=meta.title or existing.title)
    text = with_catalog_fields(existing, meta)
    if text == existing.text:
        return Outcome(meta.id, display, UNCHANGED, output=output)
    atomic.write_text(target, text)
    return Outcome(meta.id, display, UPDATED, output=output)


def _keep_edited(meta: DocumentMeta, existing: OnDisk, target: Path, display: str, output: str) -> Outcome:
    """An edited document keeps its body; the catalog's fields (access first) still reach its front matter."""
    if existing.head is None:
        raise IngestError(
            f"{output}: its front matter cannot be read (not a --- YAML block of fields); fix it by hand "
            f"or re-convert with crossings ingest --force {meta.id}. Until then it is left out of the public "
            "edition"
        )
    text = with_catalog_fields(existing, meta)
    advice = f"crossings ingest --force {meta.id} re-converts it"
    if text == existing.text:
        return Outcome(
            meta.id, display, EDITED, f"{output} was edited by hand; kept ({advice})", output=output
        )
    atomic.write_text(target, text)
    reason = (
        f"{output} was edited by hand; body kept, front matter brought in line with the catalog ({advice})"
    )
    return Outcome(meta.id, display, METADATA, reason, output=output)


def _read_original(archive: Archive, name: str, display: str) -> bytes:
    """The original's bytes, read-only, refusing anything that resolves outside reports/."""
    reports = archive.reports.resolve()
    path = original_path(archive.reports, name).resolve()
    if not path.is_relative_to(reports):
        raise IngestError(f"{display}: the path leads outside reports/; keep originals inside reports/")
    if not path.is_file():
        raise IngestError(
            f"{display}: file not found (or not a regular file); check the catalog's file column"
        )
    size = path.stat().st_size
    if size > MAX_ORIGINAL_BYTES:
        raise IngestError(
            f"{display}: {size // 2**20} MB is more than ingest accepts ({MAX_ORIGINAL_BYTES // 2**20} MB)"
        )
    if size == 0:
        raise IngestError(f"{display}: the file is empty; ask the contributor for the document again")
    with path.open("rb") as handle:
        return handle.read(MAX_ORIGINAL_BYTES + 1)


def convert(
    data: bytes,
    work: Path,
    display: str,
    meta: DocumentMeta,
    *,
    now: str,
    limits: pandoc.Limits = pandoc.DEFAULT_LIMITS,
    script: str = "",
) -> Converted:
    """Convert one original's bytes in *work* as a batch of one: body, provenance, warnings, media."""
    folder = work / "0"
    folder.mkdir()
    source = prepare(data, folder, display, declared=meta.encoding, language=meta.language, script=script)
    (result,) = pandoc.run_many(
        work, [pandoc.Item("0", source.reader, source.name, meta.id, display)], limits
    )
    if isinstance(result, IngestError):
        raise result
    return assemble(data, source, result, meta, now=now, media=folder / meta.id, script=script)


def assemble(
    data: bytes,
    source: PandocInput,
    result: pandoc.PandocResult,
    meta: DocumentMeta,
    *,
    now: str,
    media: Path,
    script: str = "",
) -> Converted:
    """Body (title heading, passages marked), provenance and warnings from pandoc's result."""
    if source.verbatim:  # the characters pandoc's CommonMark reader would have changed, put back
        result = pandoc.PandocResult(
            restore(result.markdown, source.verbatim),
            [restore(w, source.verbatim) for w in result.warnings],
            [(kind, restore(detail, source.verbatim)) for kind, detail in result.events],
        )
    own_title = next(
        (t for t in (*result.event_values("title"), *result.event_values("first-heading")) if t), ""
    )
    title = meta.title or own_title or meta.id
    has_h1 = any(count != "0" for count in result.event_values("h1"))
    # Passages in another script than the document language get {lang} markup (crossings.ingest.passages).
    body = make_body(mark_passages(result.markdown, meta.language, script), title, has_h1)
    provenance = Provenance(
        file=f"reports/{meta.file}" if meta.file else "",
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=source.encoding,
        converter=_converter(source),
        converted=now,
    )
    warnings = [*metadata_warnings(data, source.kind, result.markdown), *source.notes, *describe(result)]
    return Converted(body, provenance, title, warnings, media)


def _converter(source: PandocInput) -> str:
    """How the document was made, e.g. ``pandoc 3.9 (docx)`` or ``LibreOffice + pandoc 3.9 (docx)``."""
    reader = "plain text" if source.kind == "txt" else source.reader.split("-")[0]
    made = f"pandoc {pandoc.pandoc_version()} ({reader})"
    return f"{source.via} + {made}" if source.via else made


def _backup(archive: Archive, doc_id: str, existing: OnDisk, now: str) -> str:
    """Keep the editor's version in backups/, outside source/: nothing staged for an edition is there."""
    stamp = re.sub(r"[^0-9A-Za-z]", "", now)
    backup = archive.backups / f"{doc_id}.md.edited-{stamp}"
    atomic.write_text(backup, existing.text)
    backup.chmod(0o600)
    return backup.relative_to(archive.root).as_posix()


def _install_media(extracted: Path, media: Path, display: str) -> None:
    """Move the images pandoc extracted into the document's media folder; drop stale ones."""
    new = {p.name: p for p in extracted.iterdir()} if extracted.is_dir() else {}
    for name, path in new.items():
        if not MEDIA_NAME.match(name) or path.is_symlink() or not path.is_file():
            raise IngestError(f"{display}: pandoc extracted an unexpected file {name!r}; nothing installed")
    if media.is_dir():
        for old in media.iterdir():
            if MEDIA_NAME.match(old.name) and old.name not in new:
                old.unlink()
    for name, path in sorted(new.items()):
        path.write_bytes(strip_metadata(path.read_bytes()))  # a photo's GPS position never lands
        atomic.move_into(path, media / name)
    if media.is_dir() and not any(media.iterdir()):
        media.rmdir()


@contextmanager
def _workdir(archive: Archive) -> Iterator[Path]:
    """A private scratch folder under build/tmp, removed afterwards whatever happens."""
    parent = ingest_scratch(archive)
    parent.mkdir(parents=True, exist_ok=True)
    path: Path | None = None
    try:
        with atomic.signals_held():  # a Ctrl-C lands before the folder exists or once it is known
            path = Path(tempfile.mkdtemp(prefix=scratch_prefix(), dir=parent))  # mode 0700
        yield path
    finally:
        if path is not None:
            with atomic.signals_held():
                shutil.rmtree(path, ignore_errors=True)
