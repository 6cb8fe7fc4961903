"""Build, update and open the Whoosh index of one edition and language.

Layout of an index folder (``build/<edition>/search/<lang>/``)::

    CURRENT          the name of the live generation, e.g. ``gen-000004`` (replaced atomically)
    gen-000004/      a complete Whoosh index, plus crossings.json (schema fingerprint, counts)
                     and crossings-keys.<n>.json (section keys and line hashes of commit n)
    .lock            held (flock) by the one index run allowed at a time

**Incremental runs** (the default) compare each section's record hash with the one stored in
the live generation and, in ONE writer and ONE commit, delete the sections that changed or
disappeared and add the new and changed ones. Whoosh commits atomically (a new TOC file), so a
reader sees either the old or the new state, never a mix; a long-lived searcher catches up by
opening the index again (``LiveSearcher``; Whoosh 2.7.4 drops deleted documents; a test pins it). Every
segment that holds deleted sections is rewritten in that commit (``purge_deleted``), so withdrawn
text leaves the files too, not only the live view. The stored keys and hashes come from the
generation's key file (:mod:`keys`, one per Whoosh commit), so only new or edited corpus lines are
decoded; without a key file for the live commit, the run reads Whoosh's key/hash columns instead.

**Full runs** (``--full``, no index yet, or a schema/settings change) write a new generation
folder under a temporary name (its segments written two at a time in worker processes,
:mod:`parallel`), rename it into place, then atomically replace ``CURRENT``.
``open_index()`` always opens what ``CURRENT`` names; a long-lived server compares
``current_generation()`` with the generation it opened and reopens when it differs
(``LiveSearcher`` does both checks, and prepares the new state beside the old one). Older
generations are deleted at once, since they may hold what was since withdrawn; readers that
have them open keep their files (POSIX), and a reader that loses the race reopens ``CURRENT``.
A crash at any point leaves ``CURRENT`` naming a complete index.

**Replicas** never read this folder: since an incremental run changes the live generation in
place, ``crossings ship`` copies one committed state into a replica's own index folder as a new
generation (:mod:`crossings.search.indexing.ship`), holding this folder's lock shared, so that no run
commits meanwhile (``locked``); the replica's server follows it as it follows a full run here.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.searching import Searcher

from crossings.atomic import next_numbered, sync_folder
from crossings.search.engine.rank import LIVE_BM25F
from crossings.search.engine.schema import make_schema, new_segment
from crossings.search.engine.whoosh_internals import (
    HOLES_SHARE,
    add_live_segment,
    engine_report,
    fast_writer,
    holes,
    pending_deletions,
    purge_in_place,
    segment_reader,
    segments,
)
from crossings.search.indexing.errors import IndexBusy, IndexMissing, IndexOutdated
from crossings.search.indexing.generations import POINTER as POINTER  # here too, as before
from crossings.search.indexing.generations import PREFIX as PREFIX
from crossings.search.indexing.generations import current_generation as current_generation
from crossings.search.indexing.keys import (
    Documents,
    KeyFile,
    KeyFileBroken,
    Keys,
    Tiling,
    changed_documents,
    entry,
    keys_of,
    keys_path,
    load_keys,
    pairs_of,
    read_tiled,
    save_keys,
)
from crossings.search.indexing.parallel import workers, write_segments
from crossings.search.indexing.records import whoosh_fields
from crossings.search.indexing.warm import warm

META = "crossings.json"
LOCK = ".lock"
# Bump when the fields change in a way the fingerprint below cannot see (4: the analyzer and field
# classes the stored schema names moved into the search's layer folders; 5: folding keeps Thai
# and Lao SARA AM one character, so those words' terms changed; 6: posting blocks packed with
# their ids and weights apart from their values, read several times faster; and a document's
# text writing Thai or Lao SARA AM as two characters is cut as the word typed, so a full run;
# 7: a section's record hash is a column only, no longer a term; 8: positions and character
# offsets written as typed arrays, crossings.search.engine.formats, no longer pickled; 9: stored
# fields compressed in groups of records, each with a dictionary of its own records,
# whoosh_internals.GroupedDictionaryColumn).
SCHEMA_VERSION = 9
WRITER_MB = 256
# A full run writes segments of about this many records (whole documents; as many segments per
# worker process, see _chunks). Fewer, larger segments answer faster (each query word is looked
# up, and its blocks decoded, once per segment) and take less disk (each segment has its own term
# table); an update purges the segments that held what it deleted in place, at the cost of the
# posting lists those sections were in, not of the segment's size. The writer holds a segment's
# postings in memory (about 0.75 million at 10,000 records, under WRITER_MB; a segment may hold
# up to half as many again, to give each process as many). Figures in BENCHMARKS.md (issue 17).
SEGMENT_RECORDS = 10_000
# Segments smaller than this are folded into the rewrite of an incremental run, so the small
# segments its additions leave behind do not pile up.
SMALL_SEGMENT = 500
# Seconds a request waits for a newer index state being opened before it answers from the
# previous one (a small archive's is ready in milliseconds; 10,000 documents take about 2 s).
SWAP_WAIT = 0.5
log = logging.getLogger("crossings.search")


@dataclass
class IndexReport:
    """What one index run did."""

    index_dir: str
    generation: str
    full: bool
    documents: int = 0
    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    changed_ids: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # bad corpus records left out, each with why
    engine: dict[str, Any] = field(default_factory=dict)  # whoosh_internals.engine_report of the result

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return asdict(self)


def open_index(index_dir: Path) -> Any:
    """The Whoosh index of the live generation; IndexMissing if none was built."""
    name = current_generation(index_dir)
    if name is None:
        raise IndexMissing(f"{index_dir}: no search index yet; run `crossings index`")
    return open_generation(index_dir / name)


def open_generation(gen_dir: Path) -> Any:
    """The Whoosh index in *gen_dir*; IndexOutdated when it was written by another SCHEMA_VERSION
    (its files may be in a layout this crossings does not read: schema 8's stored fields fail at
    the first record a search shows, a traceback instead of what to do) or when its stored schema
    names classes this crossings does not have (an index written before they moved): it must be
    built again."""
    written = str(_meta(gen_dir).get("fingerprint", "")).partition("|")[0]
    if written and written != f"v{SCHEMA_VERSION}":
        raise IndexOutdated(
            f"{gen_dir}: the search index was written by another version of crossings (index schema "
            f"{written.lstrip('v')}, this one reads {SCHEMA_VERSION}); run `crossings index --full`"
        )
    try:
        return whoosh_index.open_dir(str(gen_dir))
    except (ImportError, AttributeError) as exc:  # what unpickling a class that moved raises
        raise IndexOutdated(
            f"{gen_dir}: the search index was written by an older crossings ({exc}); "
            "run `crossings index --full`"
        ) from exc


@contextlib.contextmanager
def searching(index_dir: Path) -> Iterator[Searcher]:
    """A searcher over the live generation of *index_dir*, closed with its index afterwards."""
    ix = open_index(index_dir)
    searcher = ix.searcher(weighting=LIVE_BM25F)
    try:
        yield searcher
    finally:
        searcher.close()
        ix.close()


def schema_fingerprint(analyzer: Any = None, settings_key: str = "") -> str:
    """What must match for an incremental run: field types, analyzer classes, settings."""
    schema = make_schema(analyzer)
    parts = [f"v{SCHEMA_VERSION}", settings_key]
    for name in schema.names():
        fieldobj = schema[name]
        analyzer = getattr(fieldobj, "analyzer", None)
        parts.append(f"{name}:{type(fieldobj).__name__}:{_describe(analyzer)}")
    return "|".join(parts)


def _describe(analyzer: Any) -> str:
    """A stable description of an analyzer: its class and those of its parts."""
    if analyzer is None:
        return "-"
    items = getattr(analyzer, "items", None)
    if items:
        return "+".join(type(item).__qualname__ for item in items)
    return f"{type(analyzer).__module__}.{type(analyzer).__qualname__}"


def build_index(
    corpus: Path,
    index_dir: Path,
    *,
    incremental: bool = True,
    analyzer: Any = None,
    settings_key: str = "",
) -> IndexReport:
    """Index *corpus* into *index_dir*: update the live generation in place, or write a new one.

    *analyzer* (``SearchSettings.analyzer()``) analyses every text field; *settings_key*
    (``SearchSettings.index_key``) names what it bakes in, so a change forces a full run.
    """
    started = time.perf_counter()
    index_dir.mkdir(parents=True, exist_ok=True)
    fingerprint = schema_fingerprint(analyzer, settings_key)
    with locked(index_dir), _no_cycle_collection():
        for stale in index_dir.glob(f".{PREFIX}*.tmp"):  # a killed run's half-written generation
            shutil.rmtree(stale, ignore_errors=True)
        live = current_generation(index_dir)
        skipped: list[str] = []  # one bad record never stops the index of the others
        if incremental and live is not None and _meta(index_dir / live).get("fingerprint") == fingerprint:
            report = _update(index_dir, live, corpus, skipped)
        else:
            docs, tiling = read_tiled(corpus, skipped)
            report = _rebuild(index_dir, live, docs, tiling, fingerprint, make_schema(analyzer))
        report.skipped = skipped
        report.seconds = round(time.perf_counter() - started, 3)
        ix = open_index(index_dir)  # a diagnostic after the timed work: the fast paths on the result
        report.engine = engine_report(ix)
        ix.close()
    return report


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector: records and postings make few cycles, and with 100,000
    parsed records alive its full passes are wasted work (reference counting still frees memory)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def locked(index_dir: Path, *, shared: bool = False) -> Iterator[None]:
    """Hold the index folder's lock, or fail at once naming the folder.

    An index run (and a ship into a replica's folder) holds it alone; ships copying the live
    generation out share it, so that no run commits into the generation while it is copied.
    """
    with (index_dir / LOCK).open("a") as handle:
        try:
            fcntl.flock(handle, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            if shared:
                raise IndexBusy(
                    f"{index_dir}: a `crossings index` run (or a ship into it) is writing this index; "
                    "ship once it has finished"
                ) from exc
            raise IndexBusy(
                f"{index_dir}: another `crossings index` run is writing this index (or `crossings ship` "
                "is copying it); wait for it to finish"
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _meta(gen_dir: Path) -> dict[str, Any]:
    """The crossings.json of a generation ({} when unreadable)."""
    try:
        data = json.loads((gen_dir / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _update(index_dir: Path, live: str, corpus: Path, skipped: list[str]) -> IndexReport:
    """Apply the differences between *corpus* and the live generation in one commit."""
    gen_dir = index_dir / live
    ix = open_generation(gen_dir)
    found = _compared(gen_dir, ix.latest_generation(), corpus, skipped)
    if found is None:  # no key file for this state (older index, or a crash after the commit)
        docs, tiling = read_tiled(corpus, skipped)
        with ix.searcher() as searcher:
            stored, digest = _key_hashes(searcher.reader()), "hash"
        wanted, total = {doc["key"]: doc for doc in docs}, len(docs)
        keys: Keys | Documents = keys_of(docs)
        rewrite_keys = True
    else:
        key_file, changed_docs, total, tiling = found
        keys = key_file.documents
        stored = {key: line for doc_id in changed_docs for key, line in pairs_of(keys, doc_id)}
        wanted = {doc["key"]: doc for docs in changed_docs.values() for doc in docs}
        digest, rewrite_keys = "line_hash", bool(changed_docs) or tiling != key_file.tiling
        for doc_id, docs in changed_docs.items():
            if docs:
                keys[doc_id] = entry([doc["key"] for doc in docs], (doc["line_hash"] for doc in docs))
            else:
                keys.pop(doc_id, None)
    gone = [key for key in stored if key not in wanted]
    changed = [key for key, doc in wanted.items() if key in stored and stored[key] != doc[digest]]
    new = [key for key in wanted if key not in stored]
    report = IndexReport(str(index_dir), live, full=False, added=len(new), updated=len(changed))
    report.deleted, report.unchanged = len(gone), total - len(new) - len(changed)
    report.changed_ids = sorted({key.split("#", 1)[0] for key in (*gone, *changed, *new)})
    if gone or changed or new:
        writer = fast_writer(ix, WRITER_MB)
        new_segment()
        try:
            if gone or changed:  # one query: each delete_by_term would search the index again
                writer.delete_by_query(wq.Or([wq.Term("key", key) for key in (*gone, *changed)]))
            for key in (*changed, *new):
                writer.add_document(**whoosh_fields(wanted[key]))
        except BaseException:
            writer.cancel()
            raise
        # Deleted and replaced sections must leave the files, not only the live view: a document
        # restricted after publication, or a redacted name, would otherwise stay in old segments.
        # A run that only adds commits by the same policy (which then only folds small segments):
        # Whoosh's default one (MERGE_SMALL) merges through add_reader, which loses every spelling
        # word of a segment whose document 0 is a hole, and may merge every segment into one.
        writer.commit(mergetype=purge_deleted)
        rewrite_keys = True
    if rewrite_keys:
        save_keys(gen_dir, ix.latest_generation(), keys, tiling)
    report.documents = sum(segment.doc_count() for segment in segments(ix))  # no segment readers
    ix.close()
    return report


def _compared(
    gen_dir: Path, generation: int, corpus: Path, skipped: list[str]
) -> tuple[KeyFile, dict[str, list[dict[str, Any]]], int, Tiling] | None:
    """The key file of commit *generation* and what *corpus* changed against it (see
    ``changed_documents``); None when there is no key file of that commit, or one that is not
    what an index run writes (said once in the log): then the index's columns are read."""
    path = keys_path(gen_dir, generation)
    key_file = load_keys(gen_dir, generation)
    if key_file is None:
        if path.exists():
            log.warning(
                "%s: not the key file of this index's last commit (copied, restored or edited, or of "
                "an older crossings); reading the index's columns instead",
                path,
            )
        return None
    problems: list[str] = []
    try:
        changed_docs, total, tiling = changed_documents(corpus, key_file, problems)
    except KeyFileBroken as exc:  # edited by hand: the columns are what Whoosh committed
        log.warning("%s: %s; reading the index's columns instead", path, exc)
        return None
    skipped.extend(problems)
    return key_file, changed_docs, total, tiling


def purge_deleted(writer: Any, segments: list[Any]) -> list[Any]:
    """A Whoosh merge policy: every segment that holds deleted documents is written again without
    their text (withdrawn text leaves the files, not only the live view), and the small segments
    earlier incremental runs left are folded into this run's.

    A segment is purged in place (``purge_in_place``: the same numbers, the deleted ones left as
    holes, only the posting lists that held them written again) while its holes stay under
    HOLES_SHARE of it; past that, or when that cannot be done, it is rewritten renumbered."""
    kept = []
    for segment in segments:
        if segment.doc_count() == 0:
            continue  # every document deleted: drop it (an empty segment would share its offset)
        small = segment.doc_count_all() < SMALL_SEGMENT
        if pending_deletions(segment):
            if not small and len(set(segment.deleted_docs())) <= HOLES_SHARE * segment.doc_count_all():
                purged = purge_in_place(writer, segment)
                if purged is not None:
                    kept.append(purged)
                    continue
            add_live_segment(writer, segment)  # the deleted sections' spelling words left out too
        elif small:
            if holes(segment):  # Whoosh's add_reader drops every spelling word when document 0 is one
                add_live_segment(writer, segment)
            else:
                reader = segment_reader(writer, segment)
                writer.add_reader(reader)
                reader.close()
        else:
            kept.append(segment)
    return kept


def _key_hashes(reader: Any) -> dict[str, str]:
    """Key -> record hash of every live section, read from the columns (no stored bodies)."""
    if reader.doc_count_all() == 0:
        return {}  # an empty index's reader has no column readers
    keys, hashes = reader.column_reader("key"), reader.column_reader("hash")
    return {keys[docnum]: hashes[docnum] for docnum in reader.all_doc_ids()}


def _rebuild(
    index_dir: Path,
    live: str | None,
    docs: list[dict[str, Any]],
    tiling: Tiling,
    fingerprint: str,
    schema: Any,
) -> IndexReport:
    """Write every record into a new generation and make it the live one."""
    name = next_numbered(index_dir, PREFIX)
    tmp = index_dir / f".{name}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    ix = whoosh_index.create_in(str(tmp), schema)
    write_segments(ix, _chunks(docs, SEGMENT_RECORDS, workers()), WRITER_MB)
    ix = whoosh_index.open_dir(str(tmp))
    save_keys(tmp, ix.latest_generation(), keys_of(docs), tiling)
    count = ix.doc_count()
    ix.close()
    (tmp / META).write_text(json.dumps({"fingerprint": fingerprint, "documents": count}), encoding="utf-8")
    tmp.replace(index_dir / name)
    write_pointer(index_dir, name)
    prune(index_dir, keep={name})  # an older generation may hold what was since withdrawn
    ids = sorted({doc["id"] for doc in docs})
    return IndexReport(str(index_dir), name, full=True, documents=count, added=len(docs), changed_ids=ids)


def _chunks(docs: list[dict[str, Any]], size: int, parts: int = 1) -> list[list[dict[str, Any]]]:
    """*docs* in runs of about *size* records, never splitting one document's sections; a short
    last run (under SMALL_SEGMENT records and half the others') joins the one before, so that
    the first update does not rewrite it as a small segment.

    Runs hold equal shares of the records, as far as whole documents allow, and with *parts*
    processes writing them they are as many as the multiple of *parts* nearest to what *size*
    gives: 106,000 records in runs of 10,000 made 11 runs, six for one process and five for the
    other, which then waited idle for a segment's time. Each run ends at the first document
    boundary past its share (counted from the first record, so that roundings do not add up)."""
    count = _run_count(len(docs), size)
    if parts > 1 and count > 1:
        count = parts * max(1, int(len(docs) / (size * parts) + 0.5))
    share = len(docs) / count if count else 0.0
    chunks: list[list[dict[str, Any]]] = []
    chunk: list[dict[str, Any]] = []
    for done, doc in enumerate(docs):
        if chunk and done >= (len(chunks) + 1) * share and doc["id"] != chunk[-1]["id"]:
            chunks.append(chunk)
            chunk = []
        chunk.append(doc)
    if chunks and len(chunk) < min(SMALL_SEGMENT, share / 2):
        chunks[-1].extend(chunk)
    elif chunk:
        chunks.append(chunk)
    return chunks


def _run_count(records: int, size: int) -> int:
    """How many runs of *size* records *records* make, a short last one (under SMALL_SEGMENT)
    joining the one before."""
    count, left = divmod(records, size)
    return count + 1 if left >= SMALL_SEGMENT or not count else count


def write_pointer(index_dir: Path, name: str) -> None:
    """Replace CURRENT atomically (write, fsync, rename, fsync the folder)."""
    tmp = index_dir / f".{POINTER}.tmp"
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write(name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(index_dir / POINTER)
    sync_folder(index_dir)


def prune(index_dir: Path, keep: set[str]) -> None:
    """Delete generations other than *keep* (open readers keep their files on POSIX)."""
    for path in index_dir.glob(f"{PREFIX}*"):
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
    for path in index_dir.glob(f".{PREFIX}*.tmp"):
        shutil.rmtree(path, ignore_errors=True)


class LiveSearcher:
    """A long-lived searcher that follows incremental commits and generation swaps, without a
    window in which a request fails or waits long.

    Call ``get()`` once per request and use what it returns for that whole request: a request
    then sees one committed state from start to end, even if a newer one arrives meanwhile (a
    replaced searcher is left to the garbage collector rather than closed, and its files stay
    readable after a full run deletes them). One thread at a time may search the searcher it
    returns (Whoosh reads a segment's files by seek and read; `crossings serve` holds a lock per
    language). A newer state is opened and its caches built
    (``warm``) in a background thread; ``get()`` waits for it up to *wait* seconds (long enough
    for a small archive's), and meanwhile answers from the state it had.
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self.generation = ""
        self._searcher: Searcher | None = None
        self._lock = threading.Lock()
        self._preparing: threading.Thread | None = None

    def get(self, wait: float = SWAP_WAIT) -> Searcher:
        """The searcher over the newest state that is ready (IndexMissing when there is none)."""
        return self.state(wait)[0]

    def state(self, wait: float = SWAP_WAIT) -> tuple[Searcher, str]:
        """:meth:`get`'s searcher and the name of its generation, read together."""
        with self._lock:
            if self._searcher is None:  # nothing to answer from meanwhile: open it now
                self._searcher, self.generation = self._open_newest()
                return self._searcher, self.generation
            if self._preparing is None and self._stale():
                self._preparing = threading.Thread(target=self._prepare, name="crossings-swap", daemon=True)
                self._preparing.start()
            preparing = self._preparing
        if preparing is not None:
            preparing.join(wait)
        with self._lock:
            return self._searcher, self.generation

    def _stale(self) -> bool:
        """True when CURRENT names another generation or the live one has a newer commit."""
        assert self._searcher is not None
        live = current_generation(self.index_dir)
        if live is None:
            return False  # the index folder is being replaced or removed: keep what we have
        try:
            return live != self.generation or not self._searcher.up_to_date()
        except OSError:  # the generation we read was deleted: a newer one is live
            return True

    def _prepare(self) -> None:
        """Open and warm the newest state, then make it the one ``get()`` returns."""
        try:
            searcher, name = self._open_newest()
            with self._lock:
                self._searcher, self.generation = searcher, name
        except Exception:  # keep answering from the old state; the next get() tries again
            log.warning(
                "cannot open the newer search index in %s; answering from the previous one", self.index_dir
            )
        finally:
            with self._lock:
                self._preparing = None

    def _open_newest(self) -> tuple[Searcher, str]:
        """A warmed searcher over the newest committed state, and its generation's name."""
        for attempt in range(3):
            live = current_generation(self.index_dir)
            if live is None:
                raise IndexMissing(f"{self.index_dir}: no search index yet; run `crossings index`")
            try:
                # Opened afresh, never Searcher.refresh(): that closes the readers of the old
                # state's replaced segments, under the requests still searching them.
                searcher = open_generation(self.index_dir / live).searcher(weighting=LIVE_BM25F)
                warm(searcher.reader())
                return searcher, live
            except (OSError, whoosh_index.EmptyIndexError):
                if attempt == 2:  # replaced and pruned while we opened it, three times over
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Release the open searcher (after a state being prepared, if any)."""
        preparing = self._preparing
        if preparing is not None:
            preparing.join()
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
