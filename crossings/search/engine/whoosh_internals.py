"""Every use crossings makes of Whoosh's private structures, in one place.

Whoosh's public API walks postings one at a time through Python matchers; crossings' fast paths
(doc sets, ranking, phrases, facets) read whole posting blocks instead, and two patches fix
Whoosh's costs at scale. All of that depends on Whoosh 2.7.4's private layout (the whoosh3
codec's block matcher and per-document reader, ``BufferFile``, the TOC and segment list), which
Whoosh does not promise to keep. So it is fenced here:

- the version is checked when this module is imported: on a version not in ``SUPPORTED`` no
  class is patched and every fast read declines (``decode_postings`` returns None), so the
  callers answer through Whoosh's public matchers, slower but right, and a warning says so once;
- nothing outside this module patches a Whoosh class or touches a private attribute;
- each time a fast read declines (a matcher of another type, e.g. Whoosh's filter over a
  segment with deleted documents) is counted (``counters()``) and the first one is logged.

What is supported: Whoosh 2.7.4 (the ``whoosh`` distribution; the ``whoosh-reloaded`` fork
2.7.5 differs in deletions and is not supported), codec whoosh3 (the default), posting blocks
as written by ``W3LeafMatcher``.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import whoosh
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3LeafMatcher, W3PerDocReader
from whoosh.fields import FieldType
from whoosh.filedb.structfile import BufferFile
from whoosh.reading import SegmentReader, TermNotFound
from whoosh.system import pack_uint

from crossings.search.engine.mapped import ViewFile

SUPPORTED = ((2, 7, 4),)
log = logging.getLogger("crossings.search")

Arrays = tuple[np.ndarray, np.ndarray]
EMPTY: Arrays = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


@dataclass(frozen=True)
class Support:
    """What this module can do with the installed Whoosh."""

    version: str
    fast: bool  # posting blocks read directly and the two patches applied
    message: str


def judge(version: tuple[int, ...]) -> Support:
    """Whether the fast paths can run on Whoosh *version*, and a sentence saying why."""
    text = ".".join(str(part) for part in version)
    wanted = ", ".join(".".join(str(part) for part in v) for v in SUPPORTED)
    if tuple(version) in SUPPORTED:
        return Support(text, True, f"Whoosh {text}: fast paths on (supported: {wanted})")
    return Support(
        text,
        False,
        f"Whoosh {text} is not a version crossings' fast paths support ({wanted}); "
        "searching through Whoosh's public matchers instead (same answers, slower)",
    )


SUPPORT = judge(tuple(whoosh.__version__))


@dataclass
class Counters:
    """Reads of one process since it started (or since ``reset_counters``)."""

    fast_reads: int = 0  # posting lists decoded a block at a time
    reused_reads: int = 0  # posting lists a fast read had decoded for an earlier search (kept)
    fallback_reads: int = 0  # posting lists a fast read declined: walked through Whoosh's matcher
    fallback_scoring: int = 0  # searches scored through Whoosh's collector because a fast read declined

    def as_dict(self) -> dict[str, int]:
        """The counts as JSON-ready data."""
        return asdict(self)


_counters = Counters()
_counters_lock = threading.Lock()
_warned = threading.Event()
_forced = threading.local()


def counters() -> Counters:
    """A copy of this process's counts."""
    with _counters_lock:
        return Counters(**_counters.as_dict())


def reset_counters() -> None:
    """Start the counts afresh, and log the next fallback again (tests and benchmarks)."""
    global _counters
    with _counters_lock:
        _counters = Counters()
        _warned.clear()


def count_reused_read() -> None:
    """Note a posting list answered from the arrays an earlier fast read decoded."""
    with _counters_lock:
        _counters.reused_reads += 1


def count_fallback_scoring() -> None:
    """Note a search scored through Whoosh's collector because a fast read declined."""
    with _counters_lock:
        _counters.fallback_scoring += 1
    _warn_once("scoring")


def _warn_once(what: str) -> None:
    """Log the first fallback of the process (later ones are only counted)."""
    if not _warned.is_set():
        _warned.set()
        why = what if SUPPORT.fast else SUPPORT.message
        log.warning(
            "search fast path declined (%s): answered through Whoosh's matchers; "
            "later ones are counted, not logged",
            why,
        )


@contextlib.contextmanager
def fallback_only() -> Iterator[None]:
    """Within the block (this thread only), every fast read declines as on an unsupported
    Whoosh: what a test compares the fast paths with."""
    previous = getattr(_forced, "on", False)
    _forced.on = True
    try:
        yield
    finally:
        _forced.on = previous


def fast_enabled() -> bool:
    """True when fast reads may run in this thread."""
    return SUPPORT.fast and not getattr(_forced, "on", False)


def decode_postings(leaf: Any, fieldname: str, btext: bytes) -> Arrays | None:
    """(segment-local ids, weights) of one term in segment reader *leaf*, every block decoded
    with numpy; EMPTY when the segment lacks the term; None (counted) when its matcher is not
    the whoosh3 block matcher (a segment with deletions filters it) or fast reads are off."""
    try:
        matcher = leaf.postings(fieldname, btext)  # one term-table lookup, whether or not it is there
    except TermNotFound:
        return EMPTY
    if not fast_enabled() or type(matcher) is not W3LeafMatcher:
        with _counters_lock:
            _counters.fallback_reads += 1
        _warn_once(
            f"a {type(matcher).__name__} over {fieldname}" if fast_enabled() else "fast reads switched off"
        )
        return None
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        raw_ids, raw_weights = matcher._data[0], matcher._data[1]
        block = np.asarray(raw_ids, dtype=np.int64)
        ids.append(block if matcher._byteids else np.cumsum(block))  # delta-coded unless byte ids
        if raw_weights is None or isinstance(raw_weights, float):  # one weight for the whole block
            weights.append(np.full(len(block), 1.0 if raw_weights is None else raw_weights))
        else:
            weights.append(np.asarray(raw_weights, dtype=np.float64))
        matcher._next_block()
    with _counters_lock:
        _counters.fast_reads += 1
    if not ids:
        return EMPTY
    return np.concatenate(ids), np.concatenate(weights)


def block_limit() -> int:
    """Postings per block the whoosh3 codec writes (a test needs lists longer than several)."""
    from whoosh.codec.whoosh3 import W3Codec

    return int(W3Codec()._blocklimit)


# --- the index's segment list -------------------------------------------------------------


def segments(ix: Any) -> list[Any]:
    """The segments listed in the latest TOC of index *ix* (no segment reader opened)."""
    return list(ix._segments())


def commit_files(ix: Any) -> list[str]:
    """The names of the files the latest commit of index *ix* reads: its TOC and the files of
    each segment it lists (not those of older commits, nor Whoosh's lock file), sorted."""
    names = {whoosh_index.TOC._filename(ix.indexname, ix.latest_generation())}
    for segment in segments(ix):
        names.update(segment.list_files(ix.storage))
    return sorted(names)


def write_toc(ix: Any, listed: list[Any]) -> None:
    """Commit a new TOC for *ix* listing *listed* (segments whose files are already in place)."""
    whoosh_index.TOC(ix.schema, listed, ix.latest_generation() + 1).write(ix.storage, ix.indexname)


def segment_reader(writer: Any, segment: Any) -> Any:
    """A reader over one segment of *writer*'s index, for a merge policy to add to the writer."""
    return SegmentReader(writer.storage, writer.schema, segment)


def _postings(reader: Any, exclude: set[str]) -> Iterator[tuple[str, bytes, int, float, bytes]]:
    """``reader.iter_postings()`` without the fields in *exclude* (their postings not read)."""
    for fieldname, btext in reader.all_terms():
        if fieldname in exclude:
            continue
        matcher = reader.postings(fieldname, btext)
        while matcher.is_active():
            yield (fieldname, btext, matcher.id(), matcher.weight(), matcher.value())
            matcher.next()


def add_live_segment(writer: Any, segment: Any) -> None:
    """``writer.add_reader`` over one segment, without its deleted documents' spelling words.

    Whoosh files every spelling word under document 0 of its segment, so a merge keeps them all
    (the words of deleted documents too: withdrawn text left in the files) or, when document 0
    itself was deleted, drops them all (patterns and fuzzy words no longer find the others).
    Here everything but the spelling fields is copied as ``add_reader`` copies it, and the
    spelling words are read again from the stored text of the live documents."""
    schema = writer.schema
    spelled = {
        schema[name].spelling_fieldname(name): name
        for name in schema.names()
        if schema[name].separate_spelling()
    }
    reader = segment_reader(writer, segment)
    try:
        writer._check_state()
        basedoc = writer.docnum
        indexed = {name for name in reader.indexed_field_names() if name in schema}
        docmap = writer.write_per_doc(set(schema.names()) | indexed, reader)
        add = writer.pool.add
        plain = _postings(reader, exclude=set(spelled))
        for item in writer._process_posts(plain, basedoc, docmap):
            add(item)
        words: dict[str, set[str]] = {spell: set() for spell in spelled}
        for _, stored in reader.iter_docs():  # live documents only
            for spell, name in spelled.items():
                value = stored.get(name)
                if value:
                    words[spell].update(FieldType.spellable_words(schema[name], value))
        for spell, found in words.items():
            # A non-empty value, as Whoosh's own spelling postings carry: the block writer drops
            # an empty one, and its reader then finds fewer values than postings.
            value = pack_uint(1)  # a frequency of 1, as the spelling field's Frequency format writes it
            for word in sorted(found):
                add((spell, word.encode("utf-8"), basedoc, 1.0, value))
        writer._added = True
    finally:
        reader.close()


# --- patches ------------------------------------------------------------------------------


def _remember_missing_columns() -> None:
    """Whoosh 2.7.4 stats the disk for every posting of a field without a lengths column (ids,
    keywords, spelling words) because it caches only the columns it found; cache misses too."""
    if getattr(W3PerDocReader, "_crossings_patched", False):
        return
    original = W3PerDocReader._cached_reader

    def cached_reader(self: Any, fieldname: str, column: Any) -> Any:
        if fieldname not in self._readers:
            self._readers[fieldname] = original(self, fieldname, column)
        return self._readers[fieldname]

    W3PerDocReader._cached_reader = cached_reader
    W3PerDocReader._crossings_patched = True


def _buffer_file_init(self: Any, buf: Any, name: str | None = None, onclose: Any = None) -> None:
    """BufferFile.__init__ reading *buf* in place instead of through a BytesIO copy."""
    self._buf = buf
    self._name = name
    self.file = ViewFile(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


def read_segments_in_place() -> None:
    """Patch BufferFile (once): Whoosh wraps each file of a compound segment in a BytesIO, a
    private copy of the whole index per search process; a ViewFile reads the map in place."""
    if getattr(BufferFile, "_crossings_patched", False):
        return
    BufferFile.__init__ = _buffer_file_init
    BufferFile._crossings_patched = True


def patched() -> bool:
    """True when both patches are applied."""
    return bool(getattr(BufferFile, "_crossings_patched", False)) and bool(
        getattr(W3PerDocReader, "_crossings_patched", False)
    )


def engine_report(ix: Any, probe_field: str = "key") -> dict[str, Any]:
    """What `crossings index --json` says of the engine: the Whoosh version and whether the fast
    paths run on it, the segments of *ix*, and a probe: one posting list of *probe_field* read in
    each segment, counted as a fast read or a fallback (a segment with deletions, or fast reads
    off), as every search would read it."""
    listed = segments(ix)
    before = counters()
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            if probe_field not in leaf.schema:
                continue
            first = next(iter(leaf.lexicon(probe_field)), None)
            if first is not None:
                decode_postings(leaf, probe_field, first)
    after = counters()
    return {
        "whoosh": SUPPORT.version,
        "fast_paths": SUPPORT.fast,
        "support": SUPPORT.message,
        "segments": len(listed),
        "probe_fast_segments": after.fast_reads - before.fast_reads,
        "probe_fallback_segments": after.fallback_reads - before.fallback_reads,
    }


if SUPPORT.fast:
    _remember_missing_columns()
    read_segments_in_place()
else:
    log.warning("%s", SUPPORT.message)
