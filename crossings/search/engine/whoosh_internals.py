"""Every use crossings makes of Whoosh's private structures, in one place.

Whoosh's public API walks postings one at a time through Python matchers; crossings' fast paths
(doc sets, ranking, phrases, facets) read whole posting blocks from the mapped segment files
instead, and three patches fix Whoosh's costs at scale. Index runs write segments with
``FastSegmentWriter``, which writes the posting lists and term table as Whoosh's writer does, a
term at a time instead of through one sorted pool. All of that depends on Whoosh 2.7.4's
private layout (the whoosh3 codec's block matcher, block writer, term table and per-document
reader, ``BufferFile``, the TOC and segment list), which Whoosh does not promise to keep. So it
is fenced here:

- the version is checked when this module is imported: on a version not in ``SUPPORTED`` no
  class is patched, every fast read declines (``decode_postings`` returns None), so the
  callers answer through Whoosh's public matchers, slower but right, and ``fast_writer`` gives
  Whoosh's own writer; a warning says so once;
- nothing outside this module patches a Whoosh class or touches a private attribute;
- each time a fast read declines (a matcher of another type, e.g. Whoosh's filter over a
  segment with deleted documents) is counted (``counters()``) and the first one is logged; so
  is each writer ``fast_writer`` leaves to Whoosh, and the index report counts the segments
  each writer wrote (``engine_report``).

What is supported: Whoosh 2.7.4 (the ``whoosh`` distribution; the ``whoosh-reloaded`` fork
2.7.5 differs in deletions and is not supported), codec whoosh3 (the default) and the index's
own, :class:`StoredInGroupsCodec` (whoosh3 with the stored fields compressed in groups, which
``fast_writer`` writes with on a supported version; Whoosh names a segment's codec in the TOC,
so each segment is read with the codec that wrote it), posting blocks
as Whoosh's ``W3PostingsWriter`` writes them and as the fast writer packs them (typed arrays
and :class:`PackedValues`, which ``W3LeafMatcher`` reads as it reads its own).
"""

from __future__ import annotations

import logging
import mmap
import struct
import threading
import zlib
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from hashlib import md5
from itertools import accumulate, chain, compress, pairwise
from operator import itemgetter, sub
from pathlib import Path
from pickle import UnpicklingError, dumps, loads
from types import MethodType
from typing import Any, NamedTuple

import numpy as np
from whoosh import index as whoosh_index
from whoosh.codec import default_codec, whoosh3
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3LeafMatcher,
    W3PerDocReader,
    W3PerDocWriter,
    W3TermInfo,
    W3TermsReader,
)
from whoosh.columns import CompressedBytesColumn, NumericColumn, PickleColumn, VarBytesColumn
from whoosh.fields import FieldType
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import HashReader, OrderedHashReader
from whoosh.filedb.structfile import BufferFile
from whoosh.reading import MultiReader, SegmentReader, TermNotFound
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.util.numlists import GrowableArray
from whoosh.writing import SegmentWriter

from crossings.errors import CrossingsError
from crossings.search.engine import support
from crossings.search.engine.formats import block_positions, packed_stride
from crossings.search.engine.mapped import ViewFile
from crossings.search.engine.support import READ_COUNTS as READ_COUNTS  # the names this module had
from crossings.search.engine.support import SUPPORT as SUPPORT
from crossings.search.engine.support import _counters, _counters_lock, _warn_once
from crossings.search.engine.support import count_fallback_scoring as count_fallback_scoring
from crossings.search.engine.support import count_reused_read as count_reused_read
from crossings.search.engine.support import counters as counters
from crossings.search.engine.support import engine_status as engine_status
from crossings.search.engine.support import fallback_only as fallback_only
from crossings.search.engine.support import fast_enabled as fast_enabled
from crossings.search.engine.support import judge as judge
from crossings.search.engine.support import read_counts as read_counts
from crossings.search.engine.support import reset_counters as reset_counters

log = logging.getLogger("crossings.search")

Arrays = tuple[np.ndarray, np.ndarray]
EMPTY: Arrays = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


def decode_postings(leaf: Any, fieldname: str, btext: bytes) -> Arrays | None:
    """(segment-local ids, weights) of one term in segment reader *leaf*, every block decoded
    with numpy; EMPTY when the segment lacks the term; None (counted) when its matcher is not
    the whoosh3 block matcher or fast reads are off. Deleted documents are left out, as Whoosh's
    matcher leaves them out.

    The blocks are read straight from the segment's mapped postings file after one lookup in
    its mapped term table (what ``W3LeafMatcher`` reads, without making the term info, the
    matcher and its first block's reads); a segment not read in place goes through Whoosh's
    matcher, with the same result."""
    postings = _mapped_postings(leaf)
    if postings is None:
        return _decode_matcher(leaf, fieldname, btext)
    terms = leaf._terms
    tindex = terms._tindex
    found = _lookup(tindex, terms._keycoder(fieldname, btext))
    if found is None:
        return EMPTY
    table = tindex.dbfile._buf
    if table[found[0]]:  # the term info's flags: postings inlined in the table (Whoosh's ListMatcher)
        return _decode_matcher(leaf, fieldname, btext)
    offset, length = _EXTENT.unpack_from(table, found[0] + _TERMINFO.size)
    blocks = [data[:2] for data in _blocks(postings, offset, length, f"{fieldname}:{btext!r}")]
    with _counters_lock:
        _counters.fast_reads += 1
    if not blocks:
        return EMPTY
    decoded = joined_blocks(blocks)
    return _live_only(leaf, decoded) if leaf.has_deletions() else decoded


def joined_blocks(blocks: list[tuple[Any, Any]]) -> Arrays:
    """(ids, weights) of a posting list from its blocks' (delta-coded ids, weights) as
    ``W3LeafMatcher`` reads them: each block's ids summed from 0, its weights as floats (a
    block's one weight, None for 1.0, given to each of its postings).

    The blocks are joined first and summed in one pass: numpy calls per block (three or four
    of about a microsecond each) were most of the time of a common word's hundred blocks."""
    lengths = np.fromiter(map(len, (ids for ids, _ in blocks)), dtype=np.int64, count=len(blocks))
    sums = np.cumsum(np.concatenate([_numbers(ids) for ids, _ in blocks], dtype=np.int64, casting="unsafe"))
    # Each block's ids restart from 0: less, in each, the running sum of the blocks before it.
    before = np.concatenate((np.zeros(1, dtype=np.int64), sums))[np.cumsum(lengths) - lengths]
    ids = sums - np.repeat(before, lengths)
    if all(weights is None or isinstance(weights, float) for _, weights in blocks):
        each = [1.0 if weights is None else weights for _, weights in blocks]
        return ids, np.repeat(np.array(each, dtype=np.float64), lengths)
    parts = [
        np.full(n, 1.0 if weights is None else weights)
        if weights is None or isinstance(weights, float)
        else _numbers(weights)
        for n, (_, weights) in zip(lengths.tolist(), blocks, strict=True)
    ]
    return ids, np.concatenate(parts, dtype=np.float64, casting="unsafe")


def _numbers(values: Any) -> np.ndarray:
    """A block's ids or weights as an array: read in place when they are an ``array.array``
    (how whoosh3 writes them), converted else."""
    if type(values) is array:
        kind = _ARRAY_TYPES.get(values.typecode)
        if kind is None:
            kind = _ARRAY_TYPES.setdefault(values.typecode, np.dtype(values.typecode))
        if kind.itemsize == values.itemsize:
            return np.frombuffer(values, dtype=kind)
    return np.asarray(values)


_ARRAY_TYPES: dict[str, np.dtype[Any]] = {}  # an array.array type code's numpy type


def _mapped_postings(leaf: Any) -> Any | None:
    """The mapped postings file of segment reader *leaf* when a fast read may run on it (fast
    reads on, the reader open, whoosh3's terms reader, its term table read in place); None else."""
    terms: Any = getattr(leaf, "_terms", None)
    postings = getattr(getattr(terms, "_postfile", None), "_buf", None)
    if (
        postings is None
        or not fast_enabled()
        or leaf.is_closed
        or type(terms) is not W3TermsReader
        or not _in_place(terms._tindex)
    ):
        return None
    return postings


def _live_only(leaf: Any, found: Arrays) -> Arrays:
    """*found* without the deleted documents of segment reader *leaf* (what Whoosh's filtering
    matcher leaves out): the holes of a segment purged in place, or deletions not yet committed."""
    dead = np.fromiter(leaf.segment().deleted_docs(), dtype=np.int64)
    keep = ~np.isin(found[0], dead)
    return (found[0][keep], found[1][keep]) if not keep.all() else found


def _blocks(postings: Any, offset: int, length: int, label: str) -> Iterator[tuple[Any, Any, Any]]:
    """The (delta-coded ids, weights, values) data tuple of each block of the posting list at
    *offset* (*length* bytes) in *postings* (bytes or a map), as ``W3LeafMatcher`` reads them;
    ValueError, naming *label*, when the bytes are not a whoosh3 posting list."""
    for info, data in _block_spans(postings, offset, length, label):
        yield _block_data_of(info, data)


def _block_spans(postings: Any, offset: int, length: int, label: str) -> Iterator[tuple[Any, Any]]:
    """Each block of a posting list (see :func:`_blocks`) as its header tuple (count, last id,
    greatest weight, compression, length bytes) and its data, not yet decoded."""
    for info, position, block_end in _block_headers(postings, offset, length, label):
        yield info, _block_data_at(postings, info, position, block_end, label)


def _block_headers(postings: Any, offset: int, length: int, label: str) -> Iterator[tuple[Any, int, int]]:
    """Each block of a posting list (see :func:`_blocks`) as its header tuple, where the header
    starts and where the block ends: what a reader looking for some documents needs to skip the
    blocks that cannot hold them (the header's last id) before reading the others' data
    (:func:`_block_data_at`)."""
    if postings[offset : offset + 4] != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"{label}: no whoosh3 posting list at {offset}")
    position, end = offset + 4, offset + length
    while position < end:
        size = _BLOCK_SIZE.unpack_from(postings, position)[0]
        position += _BLOCK_SIZE.size
        block_end = position + abs(size)
        # The block's info tuple, as W3LeafMatcher reads it (unpickling stops at its end, read
        # from its first bytes rather than a copy of the whole block).
        try:
            info = loads(postings[position : min(block_end, position + _HEADER_READ)])
        except (EOFError, UnpicklingError):  # a header longer than that
            info = loads(postings[position:block_end])
        yield info, position, block_end
        position = block_end
        if size < 0:  # the last block
            break


def _block_data_at(postings: Any, info: Any, position: int, block_end: int, label: str) -> Any:
    """The data of the block whose header *info* starts at *position*: past the header, whose
    length is that of the same tuple pickled again, checked against the bytes."""
    header = dumps(info, 2)
    if postings[position : position + len(header)] != header:
        raise ValueError(f"{label}: unexpected posting block header at {position}")
    return postings[position + len(header) : block_end]


def _block_data_of(info: Any, data: Any) -> Any:
    """A block's (delta-coded ids, weights, values), from its header and data."""
    return loads(zlib.decompress(data) if info[3] else data)


def term_values(
    leaf: Any, fieldname: str, btext: bytes, docnums: list[int], kind: str = "positions"
) -> dict[int, list[Any]] | None:
    """The positions (*kind* "positions") or the (position, start, end) characters ("characters")
    of one term in each of *docnums* (segment-local, sorted) of segment reader *leaf* that holds
    it; None when a fast read declines (then ask Whoosh's matcher). Only the blocks whose span
    holds one of *docnums* are decoded, and only those documents' values; what Whoosh's matcher
    gives for ``skip_to`` and ``value_as(kind)``, without walking the ids one call at a time."""
    postings = _mapped_postings(leaf)
    if postings is None:
        return None
    terms = leaf._terms
    fmt = leaf.schema[fieldname].format
    fixed = fmt.fixed_value_size()
    if not fmt.supports(kind) or (fixed is not None and fixed >= 0):
        return None
    found = _lookup(terms._tindex, terms._keycoder(fieldname, btext))
    if found is None:
        return {}
    table = terms._tindex.dbfile._buf
    if table[found[0]]:  # postings inlined in the table
        return None
    offset, length = _EXTENT.unpack_from(table, found[0] + _TERMINFO.size)
    if leaf.has_deletions():  # a deleted document holds nothing, as Whoosh's matcher says
        dead = set(leaf.segment().deleted_docs())
        docnums = [docnum for docnum in docnums if docnum not in dead]
    out: dict[int, list[Any]] = {}
    decode = getattr(fmt, f"decode_{kind}")
    wanted = 0
    label = f"{fieldname}:{btext!r}"
    for info, position, block_end in _block_headers(postings, offset, length, label):
        if wanted == len(docnums):
            break
        if docnums[wanted] > info[1]:  # every document asked for is past this block
            continue
        raw_ids, _, values = _block_data_of(info, _block_data_at(postings, info, position, block_end, label))
        if len(values) != len(raw_ids):
            return None  # a posting without a value: Whoosh's matcher knows what it means
        ids = np.cumsum(np.asarray(raw_ids, dtype=np.int64))
        upto = bisect_right(docnums, info[1], lo=wanted)
        asked = np.asarray(docnums[wanted:upto], dtype=np.int64)
        places = np.searchsorted(ids, asked)
        for docnum, place in zip(asked.tolist(), places.tolist(), strict=True):
            if place < len(ids) and ids[place] == docnum:
                out[docnum] = list(decode(values[place]))
        wanted = upto
    with _counters_lock:
        _counters.value_reads += 1
    return out


def term_positions(leaf: Any, fieldname: str, btext: bytes, docnums: np.ndarray) -> Arrays | None:
    """The positions of one term in each of *docnums* (segment-local, sorted, unique) of segment
    reader *leaf*, all at once: (each position's document, the positions), by document and
    ascending within one. None when the field's values are not packed arrays
    (crossings.search.engine.formats: an index written before them) or a fast read declines:
    then ask :func:`term_values`. The values of every block holding one of *docnums* are
    decoded together, in one pass (``block_positions``)."""
    stride = packed_stride(leaf.schema[fieldname].format) if fieldname in leaf.schema else None
    postings = _mapped_postings(leaf) if stride is not None else None
    if postings is None or stride is None:
        return None
    terms = leaf._terms
    found = _lookup(terms._tindex, terms._keycoder(fieldname, btext))
    if found is None:
        return EMPTY_POSITIONS
    table = terms._tindex.dbfile._buf
    if table[found[0]]:  # postings inlined in the table
        return None
    offset, length = _EXTENT.unpack_from(table, found[0] + _TERMINFO.size)
    if leaf.has_deletions():  # a deleted document holds nothing, as Whoosh's matcher says
        docnums = _without_deleted(leaf, docnums)
    docs: list[np.ndarray] = []  # the documents asked for that hold the term, block after block
    places: list[np.ndarray] = []  # where their values are among the values kept below
    raws: list[bytes] = []  # the values of each block holding one, joined
    ends: list[np.ndarray] = []  # where each of those values ends, counted across the blocks kept
    kept_bytes = kept_values = 0
    wanted = 0
    label = f"{fieldname}:{btext!r}"
    for info, position, block_end in _block_headers(postings, offset, length, label):
        if wanted == len(docnums):
            break
        if docnums[wanted] > info[1]:  # every document asked for is past this block
            continue
        upto = int(np.searchsorted(docnums, info[1], side="right"))
        raw_ids, _, values = _block_data_of(info, _block_data_at(postings, info, position, block_end, label))
        if len(values) != len(raw_ids):
            return None  # a posting without a value: Whoosh's matcher knows what it means
        ids = np.cumsum(np.asarray(raw_ids, dtype=np.int64))
        asked = docnums[wanted:upto]
        at = np.searchsorted(ids, asked)
        held = at < len(ids)
        held[held] = ids[at[held]] == asked[held]
        wanted = upto
        if not held.any():
            continue
        raw, value_ends = values.joined() if isinstance(values, PackedValues) else _joined(values)
        docs.append(asked[held])
        places.append(at[held] + kept_values)
        raws.append(raw)
        ends.append(np.frombuffer(value_ends, dtype=np.uint32).astype(np.int64) + kept_bytes)
        kept_bytes += len(raw)
        kept_values += len(value_ends)
    with _counters_lock:
        _counters.value_reads += 1
    if not docs:
        return EMPTY_POSITIONS
    asked = np.concatenate(docs)  # every block's values decoded in one pass
    counts, positions = block_positions(b"".join(raws), np.concatenate(ends), np.concatenate(places), stride)
    return np.repeat(asked, counts), positions


def _without_deleted(leaf: Any, docnums: np.ndarray) -> np.ndarray:
    """*docnums* (sorted, unique) without the deleted documents of segment reader *leaf*, by a
    binary search in them (``np.setdiff1d`` sorted both arrays again: a third of a phrase word's
    read in a segment with holes)."""
    dead = np.sort(np.fromiter(leaf.segment().deleted_docs(), dtype=np.int64))
    if not len(dead):
        return docnums
    at = np.minimum(np.searchsorted(dead, docnums), len(dead) - 1)
    live: np.ndarray = docnums[dead[at] != docnums]
    return live


def stored_fields(reader: Any, docnum: int) -> dict[str, Any]:
    """What ``reader.stored_fields(docnum)`` gives (the fields of the schema that the document
    stored), read from its segment's stored column directly: Whoosh's four calls and its
    generator over each field cost about as much as unpickling the fields themselves."""
    leaf, local = reader, docnum
    if type(reader) is MultiReader and docnum >= 0:
        segment, local = reader._segment_and_docnum(docnum)
        leaf = reader.readers[segment]
    if type(leaf) is not SegmentReader or leaf.is_closed or local < 0:
        found: dict[str, Any] = reader.stored_fields(docnum)
        return found
    schema = leaf.schema
    known = schema._fields
    return {
        name: value
        for name, value in leaf._perdoc.stored_fields(local).items()
        if name in known or name in schema
    }


EMPTY_POSITIONS: Arrays = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


def _joined(values: Any) -> tuple[bytes, array[int]]:
    """The values of a block written unpacked (a tuple of byte strings) as PackedValues keeps them."""
    return b"".join(values), array("I", accumulate(map(len, values)))


def _decode_matcher(leaf: Any, fieldname: str, btext: bytes) -> Arrays | None:
    """:func:`decode_postings` through Whoosh's matcher (None, counted, when it is not the plain
    block matcher or fast reads are off)."""
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


def _in_place(table: Any) -> bool:
    """True when the term table *table* (an OrderedHashReader) can be looked up in its mapped
    bytes: read in place (a BufferFile over the segment's map), MD5 hashes."""
    return table.hashtype == 0 and getattr(table.dbfile, "_buf", None) is not None


def _lookup(table: Any, key: bytes) -> tuple[int, int] | None:
    """(position, length) of *key*'s value in the term table *table* (see :func:`_in_place`),
    read from the map with struct offsets as ``HashReader.ranges_for_key`` reads it with a seek
    and a read each: the key's bucket, its home slot, then the next slots until the key or an
    empty slot; None when the key is not there."""
    view = table.dbfile._buf
    digest = int.from_bytes(md5(key).digest()[-4:], "big")  # filetables.md5_hash: the low 32 bits
    start, slots = table.tables[digest & 255]
    if not slots:
        return None
    step = _SLOT.size
    end = start + slots * step
    position = start + ((digest >> 8) % slots) * step
    for _ in range(slots):
        slot_hash, record = _SLOT.unpack_from(view, position)
        if not record:
            return None
        if slot_hash == digest:
            key_length, value_length = _KEY_VALUE.unpack_from(view, record)
            begin = record + _KEY_VALUE.size
            if key_length == len(key) and view[begin : begin + key_length] == key:
                return begin + key_length, value_length
        position += step
        if position == end:
            position = start
    return None


def _ranges_for_key(self: Any, key: bytes) -> Iterator[tuple[int, int]]:
    """OrderedHashReader.ranges_for_key by :func:`_lookup` for a table read in place (its keys
    increase, so each is there once); Whoosh's own otherwise."""
    if isinstance(key, bytes) and _in_place(self):
        found = _lookup(self, key)
        if found is not None:
            yield found
        return
    yield from _whoosh_ranges_for_key(self, key)


_whoosh_ranges_for_key = HashReader.ranges_for_key
_SLOT = struct.Struct("!Iq")  # a filetables hash slot: the key's hash, its record's position
_BLOCK_SIZE = struct.Struct("!i")  # a posting block's length, negated for the last block
_HEADER_READ = 64  # bytes that hold a block's pickled header (about 30: six numbers)
_EXTENT = struct.Struct("!qi")  # W3TermInfo.to_bytes: a posting list's offset and length
_SLOT_DTYPE = np.dtype(
    [("h", ">u4"), ("p", ">i8")]
)  # a hash table slot (filetables._pointer) as numpy reads it


def block_limit() -> int:
    """Postings per block the whoosh3 codec writes (a test needs lists longer than several)."""
    from whoosh.codec.whoosh3 import W3Codec

    return int(W3Codec()._blocklimit)


# --- the index's segment list -------------------------------------------------------------


def segments(ix: Any) -> list[Any]:
    """The segments listed in the latest TOC of index *ix* (no segment reader opened)."""
    return list(ix._segments())


def release_mapped_pages(reader: Any) -> int:
    """Unmap from this process the pages of *reader*'s segment files it has read so far (the
    kernel's MADV_DONTNEED on each segment's memory map: the pages stay in the page cache, shared,
    and a later read maps again what it touches); how many maps were released.

    Called once a reader is warmed (crossings.search.indexing.warm): warming reads the columns,
    the facet fields' postings and the spelling words into arrays the searches use instead, and
    the pages it read would otherwise stay mapped in every search process for as long as the
    reader lives (at 10,000 documents, about 35 MB of the index, of which searches touch again
    about half: after 3,000 distinct searches one process mapped 135 MB of the index instead of
    151). A segment not read through a memory map (a compound file Whoosh could not map, or
    separate files) is left as it is."""
    released = 0
    for leaf, _ in reader.leaf_readers():
        source = getattr(getattr(getattr(leaf, "_storage", None), "a", None), "_source", None)
        if isinstance(source, mmap.mmap) and not source.closed:
            source.madvise(mmap.MADV_DONTNEED)
            released += 1
    return released


def toc_name(generation: int, indexname: str = whoosh_index._DEF_INDEX_NAME) -> str:
    """The file name of the TOC (table of contents) of Whoosh commit *generation*."""
    return str(whoosh_index.TOC._filename(indexname, generation))


def commit_files(ix: Any) -> list[str]:
    """The names of the files the latest commit of index *ix* reads: its TOC and the files of
    each segment it lists (not those of older commits, nor Whoosh's lock file), sorted."""
    names = {toc_name(ix.latest_generation(), ix.indexname)}
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
    spelling words are read again from the stored text of the live documents. A
    :class:`FastSegmentWriter` takes each posting list whole (:func:`_live_term_postings`), not
    a posting at a time through Whoosh's matchers; the segment it writes is the same."""
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
        pool = writer.pool
        add = pool.add
        if (
            fast_enabled()
            and isinstance(pool, _TermPostings)
            and not pool.spilled
            and type(getattr(reader, "_terms", None)) is W3TermsReader
        ):
            with _counters_lock:
                _counters.fast_merges += 1
            for fieldname, btext, postings in _live_term_postings(reader, set(spelled), basedoc, docmap):
                pool.extend(fieldname, btext, postings)
        else:
            with _counters_lock:
                _counters.whoosh_merges += 1
            plain = _postings(reader, exclude=set(spelled))
            for item in writer._process_posts(plain, basedoc, docmap):
                add(item)
        words: dict[str, set[str]] = {spell: set() for spell in spelled}
        for _, stored in reader.iter_docs():  # live documents only
            for spell, name in spelled.items():
                value = stored.get(name)
                if value:
                    words[spell].update(spelling_words(schema[name], value))
        for spell, found in words.items():
            # A non-empty value, as Whoosh's own spelling postings carry: the block writer drops
            # an empty one, and its reader then finds fewer values than postings.
            value = pack_uint(1)  # a frequency of 1, as the spelling field's Frequency format writes it
            for word in sorted(found):
                add((spell, word.encode("utf-8"), basedoc, 1.0, value))
        writer._added = True
    finally:
        reader.close()


def _live_term_postings(
    reader: Any, exclude: set[str], basedoc: int, docmap: dict[int, int] | None
) -> Iterator[tuple[str, bytes, list[Held]]]:
    """Each term's postings in segment *reader* (fields in *exclude* and those not in the
    schema left out), numbered as the merge numbers them (*docmap*, or from *basedoc*), deleted
    documents left out: what Whoosh's matchers give ``_process_posts`` a posting at a time,
    here decoded a block at a time from the term table's entries and the postings file."""
    terms = reader._terms
    postfile = terms._postfile
    schema = reader.schema
    decode_key = terms._keydecoder
    for keybytes, info in terms._tindex.items():
        fieldname, btext = decode_key(keybytes)
        if fieldname in exclude or fieldname not in schema:
            continue
        held: list[Held] = []
        if info[0]:  # the term info's flags: postings inlined in the table (never written here)
            for _, _, docnum, weight, value in _postings_of(reader, fieldname, btext):
                newdoc = basedoc + docnum if docmap is None else docmap.get(docnum)
                if newdoc is not None:
                    held.append((newdoc, weight, value))
        else:
            offset, length = _EXTENT.unpack_from(info, _TERMINFO.size)
            label = f"{fieldname}:{btext!r}"
            found = _blocks(postfile.get(offset, length), 0, length, label)
            held = _held(found, schema[fieldname], basedoc, docmap)
        if held:
            yield fieldname, btext, held


def _postings_of(reader: Any, fieldname: str, btext: bytes) -> Iterator[tuple[str, bytes, int, float, bytes]]:
    """One term's postings through Whoosh's matcher (which leaves deleted documents out)."""
    matcher = reader.postings(fieldname, btext)
    while matcher.is_active():
        yield (fieldname, btext, matcher.id(), matcher.weight(), matcher.value())
        matcher.next()


def _held(blocks: Iterable[Any], field: Any, basedoc: int, docmap: dict[int, int] | None) -> list[Held]:
    """The postings of decoded *blocks* of *field*, renumbered, as ``W3LeafMatcher`` gives each
    (id, weight, value): ids delta-coded, one weight for a block of equal weights (None for
    1.0), values by the format's fixed size (0: none, as None; none fixed: one item each)."""
    fixed = field.format.fixed_value_size()
    held: list[Held] = []
    for decoded in blocks:
        ids, weights, values = _columns(decoded, fixed)
        for docnum, weight, value in zip(ids, weights, values, strict=True):
            newdoc = basedoc + docnum if docmap is None else docmap.get(docnum)
            if newdoc is not None:
                held.append((newdoc, weight, value))
    return held


def _columns(decoded: Any, fixed: int | None) -> tuple[list[int], Any, Any]:
    """The documents, weights and values of one decoded block (from 0), as :func:`_held` gives
    its postings (the same numbers and objects), a column each."""
    raw_ids, raw_weights, raw_values = decoded
    ids = list(accumulate(raw_ids))
    count = len(ids)
    if raw_weights is None or isinstance(raw_weights, float):
        weights: Any = (1.0 if raw_weights is None else raw_weights,) * count
    else:
        weights = raw_weights
    if fixed is None or fixed < 0:
        values: Any = _cut(raw_values) if isinstance(raw_values, PackedValues) else raw_values
    elif fixed == 0:
        values = (None,) * count
    else:
        values = [raw_values[i : i + fixed] for i in range(0, len(raw_values), fixed)]
    return ids, weights, values


def _cut(values: PackedValues) -> list[bytes]:
    """Every value of a block's *values* at once (indexing them costs a method call each)."""
    raw, ends = values.joined()
    return [raw[begin:end] for begin, end in pairwise(chain((0,), ends))]


# --- the segment writer ---------------------------------------------------------------------

# A posting block's values (PackedValues) shorter than this, joined, are stored uncompressed: zlib
# gains a few bytes on them and costs a compressor per block to write and a decompression per
# block to read.
COMPRESS_FROM = 128
# Posting blocks of at least this many postings are packed (_block_data); shorter ones are
# written as Whoosh writes them.
PACK_FROM = 16
# Distinct values per field whose postings a writer keeps (a section repeats its document's
# metadata; thousands of sections share a country or a year).
INDEXED_VALUES = 4096
# What one posting held in memory costs, roughly (its tuple, weight, value bytes, list slot): a
# writer holding more than its ``limitmb`` of postings hands them to Whoosh's pool, which sorts
# them in runs on disk (an update that rewrites many segments at once).
POSTING_BYTES = 176
# Which writer wrote a segment: kept as an attribute of the segment, which Whoosh pickles into
# the TOC with it (and otherwise ignores); a segment without it was written by Whoosh's writer.
_WRITER_MARK = "_crossings_writer"
FAST_WRITER = "crossings-fast"
WHOOSH_WRITER = "whoosh"

# The frequency of one of FieldType.index's postings (term, frequency, weight, value).
_FREQUENCY = itemgetter(1)
# One posting as the writer keeps it under its field and term: (document number, weight, value).
Held = tuple[int, Any, bytes]
# What FastSegmentWriter.add_document asks of one field (see FastSegmentWriter._plan).
_FieldPlan = tuple[Any, bool, str | None, bool, Any, dict[Any, list[Any]] | None]

_writer_warned = threading.Event()


def segment_writer(segment: Any) -> str:
    """The name of the writer that wrote *segment* (FAST_WRITER or WHOOSH_WRITER)."""
    return str(getattr(segment, _WRITER_MARK, WHOOSH_WRITER))


def fast_writer(ix: Any, limitmb: int = 128) -> Any:
    """A writer of one new segment of *ix*: a :class:`FastSegmentWriter`, or Whoosh's own writer
    (counted, and logged once) when fast paths are off (a Whoosh version not supported, or
    ``fallback_only``) or the codec is not the whoosh3 codec this writer reproduces. Either
    writes with :func:`index_codec` (stored fields in groups), but on a Whoosh version this
    module does not support, whose own codec it then leaves alone."""
    why = None
    codec = index_codec() if support.SUPPORT.fast else default_codec()
    if not fast_enabled():
        why = support.SUPPORT.message if not support.SUPPORT.fast else "fast paths switched off"
    elif not _reproducible(default_codec()):  # Whoosh's codec, which ours extends
        why = "the codec is not whoosh3 with postings never inlined"
        codec = default_codec()
    if why is None:
        with _counters_lock:
            _counters.fast_writers += 1
        return FastSegmentWriter(ix, limitmb=limitmb, codec=codec)
    with _counters_lock:
        _counters.whoosh_writers += 1
    if not _writer_warned.is_set():
        _writer_warned.set()
        log.warning("segments written by Whoosh's own writer (%s): same index, slower", why)
    return ix.writer(limitmb=limitmb, codec=codec)


def _reproducible(codec: Any) -> bool:
    """True when *codec* writes posting lists as FastSegmentWriter does: whoosh3's (or ours,
    which writes them as whoosh3's), never inlined in the term table (an inline limit of 1
    inlines no list with a posting)."""
    return type(codec) in (W3Codec, StoredInGroupsCodec) and codec._inlinelimit <= 1


class _TermPostings:
    """The postings of the segment being written, per field and term, each term's in the order
    given (document order): what Whoosh's PostingPool holds as one list of 5-tuples, sorted (or
    spilled to disk in sorted runs) at commit. Past *limit* bytes (see POSTING_BYTES) everything
    goes into *spill*, Whoosh's pool of this writer, and the writer commits as Whoosh's does."""

    def __init__(self, spill: Any, limit: int) -> None:
        self.fields: dict[str, dict[bytes, list[Held]]] = {}
        self.held = 0
        self.capacity = max(1, limit // POSTING_BYTES)
        self.spill = spill
        self.spilled = False
        # True while each term's postings were added in order (add_document's): no sort needed.
        self.ordered = True

    def add(self, item: tuple[str, bytes, int, Any, bytes]) -> None:
        """One (fieldname, term, docnum, weight, value) posting: PostingPool.add's call, made by
        Whoosh's add_document and add_reader and by :func:`add_live_segment`."""
        if self.spilled:
            self.spill.add(item)
            return
        fieldname, btext, docnum, weight, value = item
        self.ordered = False  # a merge's postings, or a spelling word from each segment
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        known = terms.get(btext)
        if known is None:
            terms[btext] = [(docnum, weight, value)]
        else:
            known.append((docnum, weight, value))
        self.held += 1
        if self.held > self.capacity:
            self.spill_all()

    def extend(self, fieldname: str, btext: bytes, postings: list[Held]) -> None:
        """A term's *postings* (in document order, numbered after every posting held of the term):
        :meth:`add` for each, in one step."""
        if self.spilled:
            for docnum, weight, value in postings:
                self.spill.add((fieldname, btext, docnum, weight, value))
            return
        self.ordered = False  # a merge's postings
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        known = terms.get(btext)
        if known is None:
            terms[btext] = postings
        else:
            known.extend(postings)
        self.held += len(postings)
        if self.held > self.capacity:
            self.spill_all()

    def spill_all(self) -> None:
        """Hand every posting held to Whoosh's pool, and the later ones too."""
        add = self.spill.add
        for fieldname, terms in self.fields.items():
            for btext, postings in terms.items():
                for docnum, weight, value in postings:
                    add((fieldname, btext, docnum, weight, value))
        self.fields, self.held, self.spilled = {}, 0, True

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, Any, bytes]]:
        """Every posting in Whoosh's pool order (field, term, then the posting itself)."""
        if self.spilled:
            yield from self.spill.iter_postings()
            return
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for btext in sorted(terms):
                for posting in sorted(terms[btext]):
                    yield (fieldname, btext, *posting)

    def cleanup(self) -> None:
        """Drop the postings, and those Whoosh's pool took (its runs on disk, and the list it
        keeps in memory after sorting it)."""
        self.fields, self.held = {}, 0
        self.spill.cleanup()
        self.spill.current = []


class FastSegmentWriter(SegmentWriter):  # type: ignore[misc]
    """Whoosh's SegmentWriter with postings kept per term instead of in one pool sorted at commit,
    and each term's posting list written a block at a time: the segment reads back exactly as
    the one Whoosh's writer makes of the same documents (terms, postings, weights, values,
    statistics and block boundaries; each block's data packed as :func:`_block_data` says, which
    Whoosh's matcher reads as its own), in a fraction of the time. Whoosh's writer pays, per
    posting, a pool entry, a sort comparison, a field-length lookup and several method calls of
    the block writer.

    Deletions, merges (``add_reader``, :func:`add_live_segment`), the TOC and the per-document
    files (stored fields, lengths, columns) are Whoosh's own. A writer holding more postings than
    its ``limitmb`` allows hands them to Whoosh's pool and then writes as Whoosh's writer does.
    Build it through :func:`fast_writer`, which checks the codec is one it reproduces."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        kwargs.setdefault("codec", index_codec())
        super().__init__(ix, **kwargs)
        if not _reproducible(self.codec) or self.fieldwriter._tindex.hashtype != 0:
            self.cancel()
            raise ValueError(f"{self.codec!r}: FastSegmentWriter writes whoosh3 segments only")
        tindex = self.fieldwriter._tindex
        _write_hashes_fast(tindex)
        whoosh_pool: Any = self.pool
        self.pool: _TermPostings = _TermPostings(whoosh_pool, whoosh_pool.limit)
        self._plans: dict[str, _FieldPlan] = {}
        self._vectors = any(self.schema[name].vector for name in self.schema.names())
        setattr(self.newsegment, _WRITER_MARK, FAST_WRITER)

    def add_document(self, **fields: Any) -> None:
        """SegmentWriter.add_document (same steps, same order), each posting appended to its
        term's list."""
        self._check_state()
        pool = self.pool
        if pool.spilled or self._vectors:
            super().add_document(**fields)  # through pool.add (term vectors: Whoosh's code)
            return
        perdocwriter = self.perdocwriter
        docnum = self.docnum
        held = pool.fields
        added = 0
        plans = self._plans
        fieldnames = sorted([name for name in fields if not name.startswith("_")])
        plan = [plans.get(name) or self._plan(name) for name in fieldnames]  # unknown names raise first
        options = len(fieldnames) < len(fields)  # boosts or custom stored values given
        docboost = self._doc_boost(fields) if options else 1.0
        perdocwriter.start_doc(docnum)
        # Whoosh gives each spelling posting the value of the last posting added before it (its
        # loop variable, carried over from field to field): kept, so the segment reads the same.
        vbytes = b""
        for fieldname, (field, scorable, spellname, stored, column, memo) in zip(
            fieldnames, plan, strict=True
        ):
            value = fields[fieldname]
            if value is None:
                continue
            length = 0
            if field.indexed:
                boost = self._field_boost(fields, fieldname, docboost) if options else docboost
                terms = held.get(fieldname)
                if terms is None:
                    terms = held[fieldname] = {}
                if memo is None or not isinstance(value, (str, int)):
                    items = field.index(value)
                    if type(items) is not list:
                        items = list(items)  # (Whoosh's fields give a generator)
                else:
                    items = memo.get(value)
                    if items is None:
                        if len(memo) >= INDEXED_VALUES:
                            memo.clear()
                        items = memo[value] = list(field.index(value))
                look_up = terms.get
                for tbytes, _, weight, vbytes in items:
                    known = look_up(tbytes)
                    if known is None:
                        terms[tbytes] = [(docnum, weight * boost, vbytes)]
                    else:
                        known.append((docnum, weight * boost, vbytes))
                if scorable:
                    length = sum(map(_FREQUENCY, items))
                added += len(items)
            if spellname is not None:
                words = held.get(spellname)
                if words is None:
                    words = held[spellname] = {}
                for word in field.spellable_words(value):
                    key = word.encode("utf-8")
                    known = words.get(key)
                    if known is None:
                        words[key] = [(0, 1, vbytes)]
                    else:  # the word given twice: the pool's sort decides the order
                        known.append((0, 1, vbytes))
                        pool.ordered = False
                    added += 1
            customval = fields.get(f"_stored_{fieldname}", value) if options else value
            perdocwriter.add_field(fieldname, field, customval if stored else None, length)
            if column and customval is not None:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(customval))
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1
        pool.held += added
        if pool.held > pool.capacity:
            pool.spill_all()

    def _plan(self, fieldname: str) -> _FieldPlan:
        """What add_document asks of a field, asked once: the field, whether it is scorable, its
        spelling field's name (None: no separate spelling), whether it is stored, its column
        type, and the postings kept of its values that come again (None for a field with
        spelling words: engine.schema.SpelledText keeps its own; and for a unique field, whose
        values never come again). UnknownFieldError as Whoosh's."""
        self._check_fields(self.schema, [fieldname])
        field = self.schema[fieldname]
        spelling = field.separate_spelling()
        plan: _FieldPlan = (
            field,
            bool(field.scorable),
            field.spelling_fieldname(fieldname) if spelling else None,
            bool(field.stored),
            field.column_type,
            None if spelling or field.unique else {},
        )
        self._plans[fieldname] = plan
        return plan

    def _flush_segment(self) -> None:
        """Write the per-document files, then every term's posting list in field and term order
        (Whoosh's writing of its pool when the postings were handed to it)."""
        if self.pool.spilled:
            super()._flush_segment()
        else:
            self.perdocwriter.close()
            lengths = self.per_document_reader()
            try:
                _write_postings(self.fieldwriter, self.schema, lengths, self.pool.fields, self.pool.ordered)
            finally:
                lengths.close()
            self.fieldwriter.close()
        # The term table's hash buckets and position index (one entry per term) are written.
        tindex = self.fieldwriter._tindex
        tindex.buckets, tindex.index = [], []

    def _close_segment(self) -> None:
        """SegmentWriter's, and the postings and kept values let go at once: a writer is part of
        reference cycles (Whoosh's storage keeps a caught exception, whose traceback holds the
        frames that made the writer), and must not hold a segment's postings until the cycle
        collector runs; Whoosh's own writer keeps its whole pool until then."""
        try:
            super()._close_segment()
        finally:
            self._plans = {}


def _write_postings(
    fieldwriter: Any, schema: Any, lengths: Any, fields: dict[str, dict[bytes, list[Held]]], ordered: bool
) -> None:
    """Every posting list of the segment through *fieldwriter*'s files, in field and term order:
    what W3FieldWriter.add_postings writes from the sorted pool (same term table, same blocks).
    Unless *ordered* (each list known to be in document order), a list out of order is sorted
    first, as the pool sorts it."""
    codec = fieldwriter._codec
    blocklimit, level = codec._blocklimit, codec._compression
    fieldmap = fieldwriter._fieldmap
    postings_out = _PendingWrites(fieldwriter._postfile)
    table = _TermTable(fieldwriter._tindex)
    for fieldname in sorted(fields):
        terms = fields[fieldname]
        if not terms:
            continue  # no posting: Whoosh's writer never starts the field
        fixed = schema[fieldname].format.fixed_value_size()  # KeyError for an unknown field, as Whoosh's
        if fieldname not in fieldmap:
            fieldmap[fieldname] = len(fieldmap)
        prefix = pack_ushort(fieldmap[fieldname])
        doc_lengths = _field_lengths(lengths, fieldname)
        for btext in sorted(terms):
            postings = terms[btext]
            if not ordered and len(postings) > 1 and any(a[0] >= b[0] for a, b in pairwise(postings)):
                postings.sort()  # out of document order (a merge): the pool's order, as Whoosh sorts it
            info = _write_term(postings_out, postings, doc_lengths, fixed, blocklimit, level)
            table.add(prefix + btext, info)
            if postings_out.size >= _FLUSH_BYTES:
                postings_out.flush()
        postings_out.flush()
        table.flush()


_FLUSH_BYTES = 1 << 23


def _field_lengths(lengths: Any, fieldname: str) -> list[int | None] | None:
    """Each document's length of *fieldname* as Whoosh's add_postings reads it (byte-rounded;
    None for a length byte of 0); None when the field has no lengths column (every length 0)."""
    column = lengths._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    if column is None:
        return None
    count = lengths.doc_count_all()
    if type(column) is NumericColumn.Reader and column._fixedlen == 1 and column._count <= count:
        stored = np.zeros(count, dtype=np.uint8)  # past the bytes stored: the default, 0
        stored[: column._count] = np.frombuffer(
            bytes(column._dbfile.get(column._basepos, column._count)), np.uint8
        )
        return [n or None for n in _BYTE_LENGTHS[stored].tolist()]
    return [byte_to_length(b) if b else None for b in (column[d] for d in range(count))]


class _PendingWrites:
    """Writes to one segment file gathered in memory, with the offsets they will land at."""

    def __init__(self, file: Any) -> None:
        self.file = file
        self.base = int(file.tell())
        self.parts: list[bytes] = []
        self.size = 0

    def tell(self) -> int:
        """The file offset of the next write."""
        return self.base + self.size

    def write(self, data: bytes) -> None:
        """Add *data* after what is gathered."""
        self.parts.append(data)
        self.size += len(data)

    def flush(self) -> None:
        """Write what was gathered to the file."""
        if self.parts:
            self.file.write(b"".join(self.parts))
        self.base += self.size
        self.parts, self.size = [], 0


_KEY_VALUE = struct.Struct("!ii")  # a record of filetables' hash file: lengths of its key and value


class _TermTable:
    """OrderedHashWriter.add for keys in increasing order, the records gathered and written at
    once: the same records, position index and hash buckets (hash type 0: MD5's low 32 bits)."""

    def __init__(self, tindex: Any) -> None:
        if tindex.hashtype != 0:
            raise ValueError(f"hash type {tindex.hashtype}: the term table is written with MD5 only")
        self.tindex = tindex
        self.out = _PendingWrites(tindex.dbfile)
        self.positions: list[int] = []
        self.last: bytes = tindex.lastkey

    def add(self, key: bytes, value: bytes) -> None:
        """One record (its key greater than the last one)."""
        if key <= self.last:
            raise ValueError(f"Keys must increase: {self.last!r}..{key!r}")
        position = self.out.tell()
        self.out.write(_KEY_VALUE.pack(len(key), len(value)) + key + value)
        digest = int.from_bytes(md5(key).digest()[-4:], "big")
        self.tindex.buckets[digest & 255].append((digest, position))
        self.positions.append(position)
        self.last = key

    def flush(self) -> None:
        """Write the gathered records and index their positions."""
        self.out.flush()
        self.tindex.index.extend(self.positions)
        self.tindex.lastkey = self.last
        self.positions = []


_TERMINFO = W3TermInfo._struct
_VALUE_SIZE = _TERMINFO.size + _EXTENT.size  # a term table value: a term info, its list's extent


def _write_term(
    out: _PendingWrites,
    postings: list[Held],
    lengths: list[int | None] | None,
    fixed: int | None,
    blocklimit: int,
    level: int,
) -> bytes:
    """Write one term's posting list to *out* as W3PostingsWriter writes it (a header, then
    blocks of *blocklimit* postings, the last one's size negated); its W3TermInfo as bytes (what
    W3TermInfo.add_block for each block and to_bytes give)."""
    start = out.tell()
    count = len(postings)
    if count == 1:  # most terms of a segment: one block of one posting, in one write
        return _write_one(out, start, postings[0], lengths, fixed, level)
    out.write(WHOOSH3_HEADER_MAGIC)
    total_weight: Any = 0
    term_min: Any = None
    term_max: Any = 0
    term_weight: Any = 0
    end = 0
    while end < count:
        block = postings if count <= blocklimit else postings[end : end + blocklimit]
        end += blocklimit
        made = _encode_block(block, lengths, fixed, level)
        size = len(made.payload)
        out.write(pack_int(-size if end >= count else size) + made.payload)
        total_weight += made.weight
        term_min = (
            made.low if term_min is None else min(term_min, made.low)
        )  # min(n, None) fails, as Whoosh's
        term_max = max(term_max, made.high)
        term_weight = max(term_weight, made.top)
    stats = _TERMINFO.pack(
        False,
        total_weight,
        count,
        0 if term_min is None else length_to_byte(term_min),
        length_to_byte(term_max),
        term_weight,
        postings[0][0],
        postings[-1][0],
    )
    return bytes(stats + pack_long(start) + pack_int(out.tell() - start))


class _Block(NamedTuple):
    """One posting block as written: its header and data, and what the term info takes of it."""

    payload: bytes  # the pickled header (count, last id, top weight, compression, length bytes), the data
    first: int  # its first and last document
    last: int
    top: Any  # its greatest weight (0 when none is above 0)
    low: int | None  # its least and greatest field lengths (None and 0 when none is known)
    high: int
    weight: Any  # the sum of its weights


def _encode_block(
    block: list[Held], lengths: list[int | None] | None, fixed: int | None, level: int
) -> _Block:
    """One block of postings (in document order) as W3PostingsWriter writes it."""
    if len(block) == 1:  # a last block of one posting
        docnum, raw, value = block[0]
        return _encode_columns((docnum,), (raw,), (value,), lengths, fixed, level)
    # (each step over the whole block in one C call: a loop per posting cost as much as the rest)
    ids, raws, given = zip(*block, strict=True)
    return _encode_columns(ids, raws, given, lengths, fixed, level)


def _encode_columns(
    ids: tuple[int, ...],
    raws: tuple[Any, ...],
    given: tuple[Any, ...],
    lengths: list[int | None] | None,
    fixed: int | None,
    level: int,
) -> _Block:
    """:func:`_encode_block` of the postings whose documents, weights and values are *ids*,
    *raws* and *given* (one column each, as a purge gathers them without a tuple per posting)."""
    if len(ids) == 1:
        docnum, raw, value = ids[0], raws[0], given[0]
        deltas: tuple[int, ...] = ids
        weights = array("f", (raw,))
        top = raw if raw > 0 else 0
        mini: Any = None if weights[0] == 1.0 else weights[0]
        values = [value] if value else []
        length = lengths[docnum] if lengths is not None else None
        low, high = (length, length) if length else (None, 0)
    else:
        deltas = (ids[0], *map(sub, ids[1:], ids))
        weights = array("f", raws)
        top = max(raws)  # the first of equal ones, as Whoosh's running "if weight > max"
        if not top > 0:
            top = 0
        if weights.count(1.0) == len(weights):
            mini = None
        elif weights.count(weights[0]) == len(weights):
            mini = weights[0]
        else:
            mini = tuple(weights)
        values = list(filter(None, given))
        known = list(filter(None, map(lengths.__getitem__, ids))) if lengths is not None else []
        low, high = (min(known), max(known)) if known else (None, 0)
    data, compression = _block_data(deltas, mini, values, fixed, level)
    info = dumps((len(ids), ids[-1], top, compression, length_to_byte(low), length_to_byte(high)), 2)
    return _Block(info + data, ids[0], ids[-1], top, low, high, sum(weights))


def _block_data(
    ids: Any, weights: Any, values: list[Any], fixed: int | None, level: int
) -> tuple[bytes, int]:
    """A block's pickled (ids, weights, values) in the packing this writer uses, and the
    compression flag of its header (0: Whoosh's matcher unpickles the data as it is).

    Whoosh's writer pickles a tuple of Python ints, floats and one byte string per posting, and
    compresses the whole; reading any of it then costs decompressing and unpickling all of it,
    a Python object per posting, although a query mostly wants the ids and weights. Here ids and
    weights are typed arrays (one object each, read by numpy without a copy per item) and the
    values one :class:`PackedValues`, compressed on its own and opened only when a value is
    asked for. Whoosh's matcher reads the tuple as it reads its own: it iterates the ids,
    indexes the weights and the values.

    A block of fewer than PACK_FROM postings (most terms have one) is written as Whoosh writes
    it, compressed whole when long enough: the arrays' pickled names would outweigh it."""
    if len(ids) < PACK_FROM:
        if fixed is None or fixed < 0:
            whole: Any = tuple(values)
        elif fixed == 0:
            whole = None
        else:
            whole = b"".join(values)
        data = dumps((ids, weights, whole), 2)
        compression = level if len(data) >= COMPRESS_FROM else 0
        return (zlib.compress(data, compression) if compression else data), compression
    if fixed is None or fixed < 0:
        packed: Any = PackedValues.of(values, level) if values else ()
    elif fixed == 0:
        packed = None
    else:
        packed = b"".join(values)
    return dumps((_narrow(ids), _narrow_weights(weights), packed), 4), 0


def _narrow(numbers: Any) -> array[int]:
    """Non-negative ints (ids delta-coded) as an array of the smallest type that holds them."""
    top = max(numbers)
    return array("B" if top < 1 << 8 else "H" if top < 1 << 16 else "I" if top < 1 << 32 else "Q", numbers)


def _narrow_weights(weights: Any) -> Any:
    """A block's weights as Whoosh minifies them (None: all 1.0; a float: all equal), else an
    array: of small ints when every weight is a whole number under 65,536 (term frequencies,
    the usual case), of float32 (what Whoosh's writer stores them as) otherwise."""
    if weights is None or isinstance(weights, float):
        return weights
    if min(weights) >= 0 and max(weights) < 1 << 16 and all(map(float.is_integer, weights)):
        return _narrow(list(map(int, weights)))
    return array("f", weights)


class PackedValues:
    """The values of one posting block (byte strings: positions, character offsets), joined and
    compressed at once, and cut out again on demand: what Whoosh's block matcher indexes as the
    block's values (``values[i]``), decompressed the first time one is asked for.

    Its name is pickled into every posting block the fast writer writes: moving or renaming it
    makes every such index unreadable (bump the index's SCHEMA_VERSION with it)."""

    __slots__ = ("_data", "_ends", "_level", "_raw")

    def __init__(self, data: bytes, ends: array[int], level: int) -> None:
        self._data = data  # the joined values, compressed at *level* (0: as they are)
        self._ends = ends  # where each value ends in the joined bytes
        self._level = level
        self._raw: bytes | None = None if level else data

    @classmethod
    def of(cls, values: list[bytes], level: int) -> PackedValues:
        """*values* packed, compressed at *level* when long enough to gain from it."""
        ends = array("I", accumulate(map(len, values)))
        joined = b"".join(values)
        if len(joined) < COMPRESS_FROM or not level:
            return cls(joined, ends, 0)
        return cls(zlib.compress(joined, level), ends, level)

    def __reduce__(self) -> tuple[Any, ...]:
        return (PackedValues, (self._data, self._ends, self._level))

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, i: int) -> bytes:
        raw = self._raw
        if raw is None:
            raw = self._raw = zlib.decompress(self._data)
        if i < 0:
            i += len(self._ends)
        return raw[self._ends[i - 1] if i else 0 : self._ends[i]]

    def __iter__(self) -> Iterator[bytes]:
        return (self[i] for i in range(len(self._ends)))

    def joined(self) -> tuple[bytes, array[int]]:
        """Every value joined (decompressed), and where each ends."""
        raw = self._raw
        if raw is None:
            raw = self._raw = zlib.decompress(self._data)
        return raw, self._ends


def _write_one(
    out: _PendingWrites,
    start: int,
    posting: Held,
    lengths: list[int | None] | None,
    fixed: int | None,
    level: int,
) -> bytes:
    """_write_term for a posting list of one posting (what its general loop would write)."""
    docnum, raw, value = posting
    weight = array("f", (raw,))[0]  # as stored: a float32
    top = raw if raw > 0 else 0
    length = lengths[docnum] if lengths is not None else None
    low = length_to_byte(length) if length else 0
    high = low
    values = [value] if value else []
    data, compression = _block_data((docnum,), None if weight == 1.0 else weight, values, fixed, level)
    info = dumps((1, docnum, top, compression, low, high), 2)
    size = len(info) + len(data)
    out.write(WHOOSH3_HEADER_MAGIC + pack_int(-size) + info + data)
    stats = _TERMINFO.pack(False, weight, 1, low, high, top, docnum, docnum)
    return bytes(stats + pack_long(start) + pack_int(out.tell() - start))


# --- deleted documents purged in place ----------------------------------------------------------

# A segment whose holes (documents deleted and purged in place) would pass this share of its
# numbers is rewritten whole instead, renumbered without them (add_live_segment).
HOLES_SHARE = 0.2
# The documents of a segment already purged in place: kept as an attribute of the segment, which
# Whoosh pickles into the TOC with it (as _WRITER_MARK).
_HOLES_MARK = "_crossings_holes"


class _CannotPurge(Exception):
    """The segment holds something :func:`purge_in_place` does not copy (inlined postings)."""


def pending_deletions(segment: Any) -> set[int]:
    """The deleted documents of *segment* whose text is still in its files (deleted since the
    segment was written or last purged in place)."""
    return set(segment.deleted_docs()) - set(getattr(segment, _HOLES_MARK, ()))


def holes(segment: Any) -> int:
    """How many document numbers of *segment* are holes left by a purge in place."""
    return len(getattr(segment, _HOLES_MARK, ()))


def purge_in_place(writer: Any, segment: Any) -> Any | None:
    """A new segment for *writer*'s commit: *segment* with everything of its deleted documents
    taken out of the files (stored fields, columns, lengths, postings, and the spelling words no
    live document gives), the others' numbers unchanged, so the deleted numbers stay as deleted
    holes. None (nothing written) when it cannot be done this way: fast paths off, another codec,
    term vectors; then :func:`add_live_segment` rewrites the segment renumbered.

    Why: rewriting a segment renumbered re-encodes every posting list; keeping the numbers, a
    posting list that holds no deleted document is copied as bytes and only the lists that hold
    one are decoded and written again, so an update costs what the changed documents hold, not
    what their segment holds. Counted (``purges_in_place``)."""
    schema = writer.schema
    if (
        not fast_enabled()
        or not _reproducible(writer.codec)
        or any(schema[name].vector for name in schema.names())
    ):
        return None
    reader = segment_reader(writer, segment)
    try:
        if type(getattr(reader, "_terms", None)) is not W3TermsReader:
            return None
        if type(getattr(reader, "_perdoc", None)) not in (W3PerDocReader, _GroupedPerDocReader):
            return None
        pending = sorted(pending_deletions(segment))
        dead = set(segment.deleted_docs())
        count = segment.doc_count_all()
        new = writer.codec.new_segment(writer.storage, writer.indexname)
        perdoc = writer.codec.per_document_writer(writer.storage, new)
        _copy_columns(reader, perdoc, schema, count, dead)
        perdoc.close()
        fields = writer.codec.field_writer(writer.storage, new)
        _write_hashes_fast(fields._tindex)
        try:
            _copy_postings(reader, fields, schema, dead, _unused_spellings(reader, schema, pending, dead))
        except _CannotPurge:
            fields.close()
            return None
        fields.close()
    finally:
        reader.close()
    new.set_doc_count(count)
    for docnum in sorted(dead):
        new.delete_document(docnum)
    setattr(new, _HOLES_MARK, frozenset(dead))
    setattr(new, _WRITER_MARK, FAST_WRITER)
    if writer.compound:
        new.create_compound_file(writer.storage)
    with _counters_lock:
        _counters.purges_in_place += 1
    return new


def _copy_columns(reader: Any, perdoc: Any, schema: Any, count: int, dead: set[int]) -> None:
    """Every column of the live documents of segment *reader* into *perdoc* (stored fields,
    lengths, the schema's columns), as stored (no unpickling), the deleted documents' values
    left out (a column reads its default there); the field length totals summed as a merge sums
    them (the stored length bytes of the live documents)."""
    perdoc._doccount = count
    old = reader._perdoc
    wanted: list[tuple[str, Any]] = [("_stored", stored_column(old))]
    for name in schema.names():
        field = schema[name]
        if field.scorable:
            wanted.append((f"_{name}_len", LENGTHS_COLUMN))
        if field.column_type:
            wanted.append((name, field.column_type))
    live = np.ones(count, dtype=bool)
    live[sorted(dead)] = False
    for colname, column in wanted:
        if not old.has_column(colname):
            continue
        raw = column._child if isinstance(column, PickleColumn) else column
        colfile, basepos, length = old._get_column_file(colname)
        values = var_bytes_reader(raw, colfile, basepos, length, count)
        if colname not in perdoc._colwriters:  # the stored fields' column is made with the writer
            perdoc._create_column(colname, column)
        out = perdoc._colwriters[colname]
        if raw is not column:
            out = out._child  # the pickled bytes as they are
        if colname == "_stored" and stored_column(perdoc) is not column:
            for docnum in np.flatnonzero(live).tolist():  # another codec's segment: in this one's format
                out.add(docnum, values[docnum])
        elif type(raw) is NumericColumn and type(values) is NumericColumn.Reader and values._fixedlen == 1:
            held = _copy_bytes_column(values, out, live)
            if column is LENGTHS_COLUMN:
                perdoc._fieldlengths[colname[1:-4]] = int(_BYTE_LENGTHS[held].sum())
        elif type(raw) is GroupedDictionaryColumn and type(out._lengths) is GrowableArray:
            _copy_stored(values, out, live)  # a group's compressed records as they are, mostly
        elif type(raw) in (VarBytesColumn, CompressedBytesColumn) and type(out._lengths) is GrowableArray:
            _copy_var_column(values, out, live)  # compressed values as they are
        else:
            for docnum in np.flatnonzero(live).tolist():
                out.add(docnum, values[docnum])


# byte_to_length of each length byte (0: no length)
_BYTE_LENGTHS = np.array([byte_to_length(b) if b else 0 for b in range(256)], dtype=np.int64)


def _copy_bytes_column(values: Any, out: Any, live: np.ndarray) -> np.ndarray:
    """A column of one-byte numbers (a field's lengths) copied whole, the deleted documents' set
    to the default; the live documents' bytes (0 past the end of the stored ones)."""
    stored = np.frombuffer(bytes(values._dbfile.get(values._basepos, values._count)), dtype=np.uint8).copy()
    mask = live[: len(stored)]
    stored[~mask] = values._defaultbytes[0]
    out._dbfile.write(stored.tobytes())
    out._count = len(stored)
    held = np.zeros(len(live), dtype=np.uint8)
    held[: len(stored)] = stored
    held[~live] = 0
    return held


def _copy_var_column(values: Any, out: Any, live: np.ndarray) -> None:
    """A column of byte strings copied without the deleted documents' values (empty there), its
    data in one write (the runs of live documents' values that follow one another, a slice
    each) and its lengths and offsets in one step each."""
    count = len(live)
    lengths = np.asarray(values._lengths, dtype=np.int64)[:count]
    offsets = np.asarray(values._offsets, dtype=np.int64)[:count]
    kept = np.where(live, lengths, 0)
    total = int(lengths.sum())
    data = memoryview(values._dbfile.get(values._basepos, total))
    held = kept > 0
    for begin, end in _run_bounds(offsets[held], kept[held]):
        out._dbfile.write(data[begin:end])
    _extend_all(out._lengths, kept)
    _extend_all(out._offsets, np.concatenate(([0], np.cumsum(kept)[:-1])) if count else kept)
    out._offset_base = int(kept.sum())
    out._count = count


def _extend_all(grown: GrowableArray, numbers: np.ndarray) -> None:
    """``grown.extend(numbers)`` for an empty GrowableArray and numbers that are not negative,
    in one step: the same numbers in the type it would end with."""
    largest = int(numbers.max()) if len(numbers) else 0
    if len(grown) or largest >= 2**32 or type(grown.array) is not array:
        grown.extend(numbers.tolist())
        return
    typecode: Any = grown.array.typecode
    try:
        array(typecode, [largest])
    except OverflowError:  # GrowableArray's next types
        typecode = _index_type(largest)
    grown.array = array(typecode, numbers.astype(_NATIVE[typecode]).tobytes())


# the numpy type of each type code a GrowableArray of numbers under 2**32 has
_NATIVE = {"B": np.uint8, "H": np.uint16, "i": np.int32, "I": np.uint32}


def _copy_postings(
    reader: Any, fields: Any, schema: Any, dead: set[int], unused: dict[str, set[bytes]]
) -> None:
    """Every posting list of segment *reader* into field writer *fields*: copied as bytes when it
    holds no document of *dead*, else written without them (dropped when none is left, see
    :func:`_purged_list`); the spelling words in *unused* dropped, the others copied.

    The term table is copied as arrays (:class:`_Records`): its records, each posting list's
    extent and each key's hash are read once, the records kept are gathered and their extents
    set in one step each; only the posting lists that may hold a deleted document are read in
    Python. Runs of posting lists copied unchanged are one write each."""
    terms = reader._terms
    postfile = terms._postfile
    level = fields._codec._compression
    fields._fieldmap.update(terms._fieldmap)  # the same field numbers: keys are copied as they are
    names = {number: name for name, number in terms._fieldmap.items()}
    spelled = {
        schema[name].spelling_fieldname(name) for name in schema.names() if schema[name].separate_spelling()
    }
    old = _Records(terms._tindex)
    count = len(old.at)
    is_spelling = np.isin(old.field, [number for number, name in names.items() if name in spelled])
    in_schema = [number for number, name in names.items() if name in schema]
    keep = is_spelling | np.isin(old.field, in_schema)  # a field the schema no longer has: left out
    for spell, words in unused.items():  # spelling words no live document gives
        number = terms._fieldmap.get(spell)
        for word in words if number is not None else ():
            found = old.find(pack_ushort(number) + word)
            if found is not None:
                keep[found] = False
    dead_in_order = sorted(dead)
    first_dead, last_dead = (dead_in_order[0], dead_in_order[-1]) if dead else (0, -1)
    maybe = np.flatnonzero(keep & ~is_spelling & (old.min_id <= last_dead) & (old.max_id >= first_dead))
    lengths = old.length.copy()
    rewritten: dict[int, tuple[bytes, bytes]] = {}
    field_lengths: dict[str, list[int | None] | None] = {}
    for i in maybe.tolist():
        fieldname = names[int(old.field[i])]
        if fieldname not in field_lengths:
            field_lengths[fieldname] = _field_lengths(reader._perdoc, fieldname)
        offset, length = int(old.offset[i]), int(old.length[i])
        purged = _purged_list(
            postfile.get(offset, length),
            old.stats(i),
            dead_in_order,
            dead,
            schema[fieldname],
            field_lengths[fieldname],
            level,
        )
        if purged is None:
            continue
        list_bytes, new_stats = purged
        if list_bytes is None:
            keep[i] = False  # every posting was a deleted document's: the term leaves the segment
        else:
            rewritten[i] = (list_bytes, new_stats)
            lengths[i] = len(list_bytes)
    kept = np.flatnonzero(keep)
    out = fields._postfile
    starts = out.tell() + np.concatenate(([0], np.cumsum(lengths[kept])[:-1])).astype(np.int64)
    # the posting lists: runs of unchanged lists that follow one another in the old file, one write each
    changed = np.zeros(count, dtype=bool)
    changed[list(rewritten)] = True
    offsets = old.offset[kept]
    follows = (offsets[1:] == offsets[:-1] + old.length[kept][:-1]) & ~changed[kept][1:] & ~changed[kept][:-1]
    bounds = [0, *(np.flatnonzero(~follows) + 1).tolist(), len(kept)] if len(kept) else [0]
    for begin, end in pairwise(bounds):
        first, last = int(kept[begin]), int(kept[end - 1])
        if changed[first]:  # a rewritten list is a run of its own
            out.write(rewritten[first][0])
        else:
            size = int(old.offset[last] + old.length[last] - old.offset[first])
            out.write(postfile.get(int(old.offset[first]), size))
    places = np.searchsorted(kept, np.fromiter(rewritten, dtype=np.int64, count=len(rewritten))).tolist()
    replaced = {place: stats for place, (_, stats) in zip(places, rewritten.values(), strict=True)}
    old.write_kept(fields._tindex, kept, starts, lengths[kept], replaced)


class _Records:
    """The records of a term table (an OrderedHashReader) as arrays: where each starts, its key's
    field number, its posting list's first and last document, offset and length, and its key's
    hash, read from the table's bytes and its hash tables at once."""

    def __init__(self, table: Any) -> None:
        if table.hashtype != 0:
            raise _CannotPurge(f"hash type {table.hashtype}: term tables with MD5 hashes only")
        self.table = table
        base, end = table.startofdata, table.endofdata
        self.base = base
        self.data = np.frombuffer(bytes(table.dbfile.get(base, end - base)), dtype=np.uint8)
        count = table.indexlen
        at = table.dbfile.get_array(table.indexbase, table.extras["indextype"], count) if count else []
        self.at = np.asarray(at, dtype=np.int64) - base
        key_length = self._number(self.at, ">i4")
        if count and (self._number(self.at + 4, ">i4") != _VALUE_SIZE).any():
            raise _CannotPurge("a term table value of another size (postings inlined)")
        self.key_length = key_length
        self.value = self.at + _KEY_VALUE.size + key_length
        if count and self.data[self.value].any():
            raise _CannotPurge("postings inlined in the term table")
        self.field = self._number(self.at + _KEY_VALUE.size, ">u2")
        self.min_id = self._number(self.value + 15, ">u4")
        self.max_id = self._number(self.value + 19, ">u4")
        self.offset = self._number(self.value + _TERMINFO.size, ">i8")
        self.length = self._number(self.value + _TERMINFO.size + 8, ">i4").astype(np.int64)
        # each hash table (one per bucket of keys)
        self.tables = [
            np.frombuffer(bytes(table.dbfile.get(start, slots_count * _SLOT.size)), dtype=_SLOT_DTYPE)
            for start, slots_count in table.tables
        ]
        slots = [slots for slots in self.tables if len(slots)]
        filled = np.concatenate(slots) if slots else np.zeros(0, dtype=_SLOT_DTYPE)
        filled = filled[filled["p"] != 0]
        order = np.argsort(filled["p"])
        if len(order) != count or (filled["p"][order] - base != self.at).any():
            raise _CannotPurge("a term table whose hash tables do not list each record once")
        self.hash = filled["h"][order].astype(np.int64)

    def _number(self, where: np.ndarray, kind: str) -> np.ndarray:
        """The big-endian numbers of type *kind* at each offset *where* of the records."""
        width = np.dtype(kind).itemsize
        picked = (
            self.data[where[:, None] + np.arange(width)] if len(where) else np.zeros((0, width), np.uint8)
        )
        return np.ascontiguousarray(picked).view(kind).ravel().astype(np.int64)

    def stats(self, i: int) -> tuple[Any, ...]:
        """The term info (without its extent) of record *i*."""
        return tuple(_TERMINFO.unpack_from(self.data, int(self.value[i])))

    def find(self, key: bytes) -> int | None:
        """The number of the record of *key*, or None (the table's position index, binary searched)."""
        position = self.table.closest_key_pos(key)
        if position is None:
            return None
        i = int(np.searchsorted(self.at, int(position) - self.base))
        return i if i < len(self.at) and self.key_of(i) == key else None

    def key_of(self, i: int) -> bytes:
        """The key of record *i*."""
        start = int(self.at[i]) + _KEY_VALUE.size
        return self.data[start : start + int(self.key_length[i])].tobytes()

    def write_kept(
        self,
        tindex: Any,
        kept: np.ndarray,
        starts: np.ndarray,
        lengths: np.ndarray,
        new_stats: dict[int, bytes],
    ) -> None:
        """The records *kept* into the OrderedHashWriter *tindex* (nothing written to it yet): their
        posting lists now at *starts* (*lengths* long), the term infos in *new_stats* (by place
        among the kept) replaced; its position index and hash buckets set as ``add`` sets them."""
        if tindex.index.array or tindex.hashtype != 0:
            raise ValueError("write_kept writes into a new, empty MD5 term table")
        sizes = _KEY_VALUE.size + self.key_length[kept] + _VALUE_SIZE
        new_at = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
        records = _runs_of(self.data, self.at[kept], sizes)
        value = new_at + _KEY_VALUE.size + self.key_length[kept]
        for shift, kind, numbers in ((_TERMINFO.size, ">i8", starts), (_TERMINFO.size + 8, ">i4", lengths)):
            width = np.dtype(kind).itemsize
            records[(value + shift)[:, None] + np.arange(width)] = (
                numbers.astype(kind).view(np.uint8).reshape(-1, width)
            )
        for place, stats in new_stats.items():
            begin = int(value[place])
            records[begin : begin + _TERMINFO.size] = np.frombuffer(stats, dtype=np.uint8)
        base = tindex.dbfile.tell()
        tindex.dbfile.write(records.data)
        positions = (base + new_at).tolist()
        tindex.index.array = array(_index_type(positions[-1] if positions else 0), positions)
        tables = self._tables_kept(kept, base + new_at)
        tindex._crossings_tables = tables
        hashes = self.hash[kept]
        buckets = hashes & 255
        built = ~np.isin(buckets, list(tables))  # the records of the buckets built again
        hashes, buckets, at = hashes[built], buckets[built], base + new_at[built]
        order = np.argsort(buckets, kind="stable")
        bounds = np.searchsorted(buckets[order], np.arange(257))
        held = list(zip(hashes[order].tolist(), at[order].tolist(), strict=True))
        tindex.buckets = [held[bounds[b] : bounds[b + 1]] for b in range(256)]
        if len(kept):
            tindex.lastkey = self.key_of(int(kept[-1]))

    def _tables_kept(self, kept: np.ndarray, positions: np.ndarray) -> dict[int, np.ndarray]:
        """The hash tables of the buckets whose records are all *kept* (now at *positions*), by
        bucket: the same keys in the same order take the same slots, so each is the old table
        with its positions moved (:func:`_write_hash_tables` writes them as they are)."""
        gone = np.ones(len(self.at), dtype=bool)
        gone[kept] = False
        touched = set((self.hash[gone] & 255).tolist())
        place = np.full(len(self.at), -1, dtype=np.int64)
        place[kept] = np.arange(len(kept))
        tables: dict[int, np.ndarray] = {}
        for bucket, old in enumerate(self.tables):
            if bucket in touched or bucket >= 256 or not len(old):
                continue
            table = old.copy()
            filled = table["p"] != 0
            if 2 * int(filled.sum()) != len(table):  # not two slots per key: built again
                continue
            records = np.searchsorted(self.at, table["p"][filled].astype(np.int64) - self.base)
            table["p"][filled] = positions[place[records]]
            tables[bucket] = table
        return tables


def _runs_of(data: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The pieces of *data* at *starts* (*sizes* long) joined in a new array (see
    :func:`_run_bounds`)."""
    if not len(starts):
        return np.zeros(0, dtype=data.dtype)
    return np.concatenate([data[begin:end] for begin, end in _run_bounds(starts, sizes)])


def _run_bounds(starts: np.ndarray, sizes: np.ndarray) -> list[tuple[int, int]]:
    """The pieces at *starts* (*sizes* long) as runs of pieces that follow one another, each
    run's first and end offsets."""
    if not len(starts):
        return []
    breaks = np.flatnonzero(starts[1:] != starts[:-1] + sizes[:-1]) + 1
    firsts = np.concatenate(([0], breaks))
    lasts = np.concatenate((breaks, [len(starts)])) - 1
    return list(zip(starts[firsts].tolist(), (starts[lasts] + sizes[lasts]).tolist(), strict=True))


def _index_type(largest: int) -> str:
    """The type code GrowableArray("H") ends with after holding numbers up to *largest*."""
    return "H" if largest < 2**16 else "i" if largest < 2**31 else "I" if largest < 2**32 else "q"


def _write_hashes_fast(tindex: Any) -> None:
    """Have the HashWriter *tindex* write its hash tables with :func:`_write_hash_tables`: the
    same tables, written faster."""
    tindex._write_hashes = MethodType(_write_hash_tables, tindex)


def _write_hash_tables(self: Any) -> None:
    """HashWriter._write_hashes with each table built in lists and written at once: the same 256
    open-addressing tables (two slots per key, linear probing, in the order the keys came)."""
    dbfile = self.dbfile
    kept: dict[int, np.ndarray] = getattr(self, "_crossings_tables", {})  # see _Records.write_kept
    for bucket, entries in enumerate(self.buckets):
        start = dbfile.tell()
        table = kept.get(bucket)
        if table is not None:  # (its entries are not listed)
            self.directory.append((start, len(table)))
            dbfile.write(table.tobytes())
            continue
        slots = 2 * len(entries)
        self.directory.append((start, slots))
        if not slots:
            continue
        hashes, places = [0] * slots, [0] * slots
        for hashval, position in entries:
            slot = (hashval >> 8) % slots
            while places[slot]:  # no record starts at 0 (the header is there)
                slot = (slot + 1) % slots
            hashes[slot], places[slot] = hashval, position
        table = np.empty(slots, dtype=_SLOT_DTYPE)
        table["h"], table["p"] = hashes, places
        dbfile.write(table.tobytes())
    # The method bound to its writer is a reference cycle, which would keep the buckets (a tuple
    # per term) until the cycle collector runs: both are let go now they are written.
    self.buckets, self._crossings_tables = [], {}
    del self._write_hashes


def _purged_list(
    data: Any,
    stats: tuple[Any, ...],
    dead_in_order: list[int],
    dead: set[int],
    field: Any,
    lengths: list[int | None] | None,
    level: int,
) -> tuple[bytes | None, bytes] | None:
    """A posting list (its bytes *data*, its term info *stats*) without the postings of the
    documents in *dead* (also given sorted): None when it holds none of them; else the new list
    (None when no posting is left) and its term info without its extent. Only the blocks whose
    span of documents holds a deleted one are decoded and written again, the others are copied
    as they are, those after the last deleted document in one piece, their headers read only
    when the blocks before do not settle the term's statistics (:func:`_settled`); the term's
    total weight is the old one less the weights taken out."""
    fixed = field.format.fixed_value_size()
    last_dead = dead_in_order[-1]
    # the blocks kept before the tail: (its place in the old list, header tuple, header and data
    # bytes, data, the kept postings' documents, weights and values or None: unchanged)
    blocks: list[
        tuple[int, Any, bytes, Any, tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]] | None]
    ] = []
    before, taken, taken_weight = -1, 0, 0.0
    # the tail: the blocks after the last deleted document, from where its first one starts
    tail: tuple[int, Any, Any] | None = None  # (its first byte, first block's header, where it is)
    # (the label names the list in an error only: a field's repr lists its every attribute)
    label = f"a posting list of a {type(field).__name__} field"
    # Each block's header is read, its data found (past the header) only when it is decoded: a
    # block copied as it is needs neither (most of the blocks of the long lists a purge reads).
    headers = _block_headers(data, 0, len(data), label)
    for place, (info, position, end) in enumerate(headers):
        if before >= last_dead:  # this block and those after it hold no deleted document
            tail = (position - _BLOCK_SIZE.size, info, (position, end))
            break
        raw = bytes(data[position:end])  # (the header and data as they are in the list)
        low, high = bisect_right(dead_in_order, before), bisect_right(dead_in_order, info[1])
        before = info[1]
        if low == high:  # no deleted document in the span of this block
            blocks.append((place, info, raw, (position, end), None))
            continue
        body = _block_data_at(data, info, position, end, label)
        decoded = _block_data_of(info, body)
        if dead.isdisjoint(accumulate(decoded[0])):  # deleted ones in its span, not in it
            blocks.append((place, info, raw, (position, end), None))
            continue
        ids, weights, values = _columns(decoded, fixed)
        if not len(ids) == len(weights) == len(values):
            raise _CannotPurge(f"{field!r}: a posting block whose columns are not as long as its ids")
        gone = [docnum in dead for docnum in ids]
        if all(gone):
            taken += len(ids)
            taken_weight += sum(weights)
            continue
        live = [not flag for flag in gone]
        kept_ids = tuple(compress(ids, live))
        taken += len(ids) - len(kept_ids)
        taken_weight += sum(compress(weights, gone))
        blocks.append(
            (
                place,
                info,
                b"",
                body,
                (kept_ids, tuple(compress(weights, live)), tuple(compress(values, live))),
            )
        )
    if not taken:
        return None
    if not blocks and tail is None:
        return None, b""
    out = [WHOOSH3_HEADER_MAGIC]
    term_low: int | None = None
    term_high = term_weight = 0
    first = last_id = 0
    for number, (place, info, raw, body, left) in enumerate(blocks):
        if left is None:
            payload, top, low_byte, high_byte, last_id = raw, info[2], info[4], info[5], info[1]
        else:
            made = _encode_columns(left[0], left[1], left[2], lengths, fixed, level)
            payload, top, last_id = made.payload, made.top, made.last
            low_byte, high_byte = length_to_byte(made.low), length_to_byte(made.high)
        if number == 0:  # the list's first document: the old one unless its first block changed
            if left is not None:
                first = left[0][0]  # (the kept documents' column)
            else:
                first = (  # (a first delta is from 0)
                    stats[6] if place == 0 else _first_id(data, info, body, label)
                )
        size = len(payload)
        out.append(pack_int(-size if number == len(blocks) - 1 and tail is None else size) + payload)
        if low_byte:
            term_low = low_byte if term_low is None else min(term_low, low_byte)
        term_high = max(term_high, high_byte)
        term_weight = max(term_weight, top)
    if tail is not None:
        start, tail_info, tail_at = tail
        out.append(bytes(data[start:]))
        last_id = stats[7]
        if not blocks:
            first = _first_id(data, tail_info, tail_at, label)
        if not _settled(stats, term_low, term_high, term_weight):
            for info, *_ in chain([(tail_info,)], headers):
                if info[4]:
                    term_low = info[4] if term_low is None else min(term_low, info[4])
                term_high = max(term_high, info[5])
                term_weight = max(term_weight, info[2])
    new_stats = _TERMINFO.pack(
        False,
        stats[1] - taken_weight,
        stats[2] - taken,
        term_low or 0,
        term_high,
        term_weight,
        first,
        last_id,
    )
    return b"".join(out), bytes(new_stats)


def _first_id(data: Any, info: Any, at: tuple[int, int], label: str) -> int:
    """The first document of the posting block of *data* whose header *info* starts at ``at[0]``
    and that ends at ``at[1]`` (its first delta is from 0)."""
    return int(_block_data_of(info, _block_data_at(data, info, *at, label))[0][0])


def _settled(stats: tuple[Any, ...], low: int | None, high: int, weight: float) -> bool:
    """True when the blocks of a purged list before its tail (the blocks after its last deleted
    document, unchanged), whose least length byte (not 0), greatest length byte and greatest
    weight are *low*, *high* and *weight*, reach the old term info's (*stats*): the old ones
    were taken over every block, the tail's included, so the tail reaches no further and they
    are the new ones. A least length byte of 0 (a block of documents without lengths) says
    nothing of the others'."""
    (stored_weight,) = _FLOAT.unpack(_FLOAT.pack(weight))  # as the term info stores it
    return bool(stats[3]) and low == stats[3] and high == stats[4] and stored_weight == stats[5]


_FLOAT = struct.Struct("!f")  # a weight in a term info


def spelling_words(field: Any, value: Any) -> set[str]:
    """The spelling words *value* gives in *field*, every one (Whoosh's ``spellable_words``
    without the per-segment filtering of engine.schema.SpelledText's, which gives each word once
    per segment written): the field's own faster ``spelling_words`` when it has one."""
    own = getattr(field, "spelling_words", None)
    return set(own(value)) if own is not None else set(FieldType.spellable_words(field, value))


def _terms_of_word(field: Any, word: str) -> set[bytes]:
    """The terms a document giving the spelling word *word* may hold for it: the word indexed as
    one token (its form is already folded, and the document's term is that form stemmed), the
    word itself, and the word indexed as a text. A word is the folded form of a token, which the
    tokenizer may cut otherwise when it meets it alone: folding decomposes Thai SARA AM
    (ทำงาน -> ทํางาน), which ICU then cuts in two (ทํา, งาน)."""
    found = {word.encode("utf-8")}
    found.update(tbytes for tbytes, *_ in field.index(word))
    found.update(tbytes for tbytes, *_ in field.index(word, tokenize=False))
    return found


def _unused_spellings(reader: Any, schema: Any, pending: list[int], dead: set[int]) -> dict[str, set[bytes]]:
    """Per spelling field of segment *reader*: the words that the documents in *pending* gave and
    no live document gives (:class:`_LiveWords`), the rarest first: the documents read for them
    give many of the others. Each section is read once for all the fields (a record holds them all)."""
    unused: dict[str, set[bytes]] = {}
    records = cache(reader.stored_fields)  # each section's record read once
    for name in schema.names():
        field = schema[name]
        if not field.separate_spelling():
            continue
        spell = field.spelling_fieldname(name)
        candidates: set[str] = set()
        for docnum in pending:
            value = records(docnum).get(name)
            if value:
                candidates.update(spelling_words(field, value))
        live = _LiveWords(reader, field, name, dead, records)
        gone = {
            word.encode("utf-8")
            for word in sorted(candidates, key=lambda word: (live.frequency(word), word))
            if (spell, word.encode("utf-8")) in reader and not live.give(word)
        }
        if gone:
            unused[spell] = gone
    return unused


class _LiveWords:
    """The spelling words the live documents of segment *reader* give in field *name*, read
    from as few of them as it can. A live document giving a word holds one of the terms the word
    is indexed as (:func:`_terms_of_word`), so only those terms' documents are read again, a
    block at a time (the word's own form first, its other terms only when the documents holding
    its own form do not give it), the first one found giving the word ending the search; a word
    indexed as no term is looked for in every live document. A word that a document read for
    another word gives is known at once."""

    def __init__(
        self, reader: Any, field: Any, name: str, dead: set[int], records: Callable[[int], dict[str, Any]]
    ) -> None:
        self.reader, self.field, self.name, self.dead, self.records = reader, field, name, dead, records
        self.terms = reader._terms
        self.read: dict[int, set[str]] = {}  # the words of each live document read
        self.seen: set[str] = set()  # the words of all of them

    def frequency(self, word: str) -> int:
        """How many documents hold *word* as a term (0 when none does)."""
        info = self._info(word.encode("utf-8"))
        return 0 if info is None else int(_TERMINFO.unpack_from(info)[2])

    def give(self, word: str) -> bool:
        """True when a live document gives *word*."""
        if word in self.seen:
            return True
        own = word.encode("utf-8")
        found = self._holders_give(word, own)
        if found:
            return True
        indexed = found is not None
        for tbytes in sorted(_terms_of_word(self.field, word) - {own}):
            found = self._holders_give(word, tbytes)
            if found:
                return True
            indexed = indexed or found is not None
        if indexed:
            return False
        everyone = (d for d in range(self.reader.doc_count_all()) if d not in self.dead)
        return any(word in self._words(docnum) for docnum in everyone)

    def _info(self, tbytes: bytes) -> Any:
        """The term info of term *tbytes* as stored (None when the segment does not hold it)."""
        return self.terms._tindex.get(self.terms._keycoder(self.name, tbytes))

    def _holders_give(self, word: str, tbytes: bytes) -> bool | None:
        """True when a live document holding term *tbytes* gives *word*; None when no document
        holds the term."""
        info = self._info(tbytes)
        if info is None:
            return None
        offset, length = _EXTENT.unpack_from(info, _TERMINFO.size)
        label = f"{self.name}:{tbytes!r}"
        for raw_ids, _, _ in _blocks(self.terms._postfile.get(offset, length), 0, length, label):
            holders = [d for d in np.cumsum(raw_ids).tolist() if d not in self.dead]
            if any(word in self._words(docnum) for docnum in holders):
                return True
        return False

    def _words(self, docnum: int) -> set[str]:
        """The spelling words live document *docnum* gives (read once)."""
        words = self.read.get(docnum)
        if words is None:
            value = self.records(docnum).get(self.name)
            words = spelling_words(self.field, value) if value else set()
            self.read[docnum] = words
            self.seen.update(words)
        return words


# --- stored fields compressed in groups, each with a dictionary of its own records ----------

# The stored fields' column (issue 17). Whoosh compresses each record (a section's pickled fields,
# a few kilobytes) alone, and a record repeats little of itself: its field names, the words of its
# language and its document's title are in every record, and compressed alone each record spells
# them out again (0.63 of the pickled bytes). Compressed with a preset dictionary made of whole
# records of its neighbours, the records take 0.375 of their bytes at level 2, the served index
# maps that much less, and a record reads faster (raw deflate: no checksum of the dictionary at
# each read).
#
# The records are compressed in GROUPS of consecutive docnums (about GROUP_BYTES of pickled
# records each), each group with a dictionary sampled from its own records, so that a purge in
# place (:func:`_copy_stored`) costs no compression in the usual case: a group whose dictionary
# holds no deleted record keeps its live records' compressed bytes and its dictionary as they
# are; only a group whose dictionary holds a deleted record (about 36 records of 1,100 are in
# it, the sections of 7 percent of its documents) is compressed again from its live records,
# with a new dictionary. A deleted record's text thus stays in no file: not in the records, not
# in a dictionary.
#
# Layout, from the column's start:
#   records       each document's record compressed with its group's dictionary, docnum order
#   tail          VarBytesColumn's lengths (and offsets): records + tail read as a VarBytesColumn
#   dictionaries  each group's dictionary, in group order
#   sampled       the docnums of the records each dictionary was made from, group after group
#                 (uint32 each)
#   table         each group: its first docnum, its dictionary's length, how many records its
#                 dictionary was made from (_GROUP, uint32 each). A group's docnums run to the
#                 next group's first (the last group's to the segment's end).
#   trailer       the length of records + tail (uint64), the number of groups (uint32), _MAGIC
#
# zlib's level (a segment of 10,600 records, 9.6 MB pickled, in groups of GROUP_BYTES; CPU of
# its stored fields' compression, median of 5 alternated runs):
#   Whoosh's level 3, each record alone: 0.627 of the pickled bytes, 0.44 s
#   with each group's dictionary, level 1: 0.390, 0.41 s; 2: 0.375, 0.42 s; 3: 0.355, 0.49 s;
#   4: 0.362, 0.50 s; 6: 0.342, 0.78 s.
# Level 2: the smallest for no more CPU than Whoosh's own compression, so that a full index
# costs no more (the fast writer's CPU for 5,000 records, medians of 4 alternated runs: Whoosh's
# column 5.39 s, level 3 5.37 s, level 2 5.23 s). Groups of 500 records took 0.341, of 2,000
# 0.320, the whole segment in one group 0.311 (level 3, records evenly spaced); 1 MB (1,100
# records) keeps a purge that compresses a group again at about 60 ms.
STORED_LEVEL = 2
STORED_WBITS = -15  # raw deflate: no header, and no checksum of the dictionary at each read (12 us)
DICTIONARY_BYTES = 32 * 1024  # zlib's window: a longer dictionary is cut to its last 32 KB
DICTIONARY_RUNS = 4  # runs of consecutive records a dictionary is made of (see stored_dictionary)
GROUP_BYTES = 1 << 20  # pickled records per group: a dictionary hit in a purge compresses this much
_GROUP = struct.Struct("<III")
_TRAILER = struct.Struct("<QI4s")
_MAGIC = b"CXG1"


class StoredColumnError(CrossingsError, ValueError):
    """A stored fields' column this crossings cannot read: of an older schema, or damaged."""


class StoredGroup(NamedTuple):
    """One group of a stored column: its first docnum, its dictionary, the docnums it samples."""

    first: int
    dictionary: bytes
    sampled: tuple[int, ...]


def stored_dictionary(records: list[tuple[int, bytes]]) -> tuple[bytes, tuple[int, ...]]:
    """A zlib preset dictionary (at most DICTIONARY_BYTES) for the (docnum, record) pairs
    *records*, and the docnums whose bytes are in it: as many whole records as fill it, in
    DICTIONARY_RUNS runs of consecutive records evenly spaced through them.

    Whole records (a field name, then its value, in the order each record has them) compress
    better than as many short pieces of more records (the first 512 bytes of 256 records took
    0.48 of a segment, against 0.30). Runs, not records evenly spaced: a document's sections are
    consecutive records, and an update deletes all of them: a dictionary of records evenly spaced
    holds a section of a third of the documents (a third of the updates would compress a group
    again), one of 4 runs the sections of 7 percent of them, for 0.355 of the pickled records
    instead of 0.327 (level 3; one run: 4 percent, 0.362)."""
    held = [(docnum, record) for docnum, record in records if record]
    if not held:
        return b"", ()
    mean = sum(len(record) for _, record in held) / len(held)
    wanted = min(len(held), max(1, -(-DICTIONARY_BYTES // max(1, int(mean)))))
    runs = min(DICTIONARY_RUNS, wanted)
    per, step = -(-wanted // runs), len(held) / runs
    starts = [int(run * step) for run in range(runs)]
    chosen = sorted({at for start in starts for at in range(start, min(start + per, len(held)))})
    room, kept = DICTIONARY_BYTES, []
    for at in reversed(chosen[:wanted]):  # zlib keeps the last 32 KB: the rest is left out
        if room <= 0:
            break
        docnum, record = held[at]
        kept.append((docnum, record[-room:]))
        room -= len(record)
    kept.reverse()
    return b"".join(record for _, record in kept), tuple(docnum for docnum, _ in kept)


def compress_group(records: list[tuple[int, bytes]]) -> tuple[StoredGroup, list[bytes]]:
    """The group of the (docnum, record) pairs *records* (docnum order, the first its first) and
    each record compressed with its dictionary (an empty record stays empty)."""
    zdict, sampled = stored_dictionary(records)
    group = StoredGroup(records[0][0] if records else 0, zdict, sampled)
    if not zdict:
        return group, [b"" for _ in records]
    # a copy of a compressor given the dictionary: setting it again hashes 32 KB a record
    primed = zlib.compressobj(STORED_LEVEL, zlib.DEFLATED, STORED_WBITS, zdict=zdict)
    packed = []
    for _, record in records:
        if record:
            packer = primed.copy()
            record = packer.compress(record) + packer.flush()
        packed.append(record)
    return group, packed


class _VarBytesReader(VarBytesColumn.Reader):  # type: ignore[misc]
    """VarBytesColumn's reader, the offsets it derives from the lengths (when the column does not
    store them: up to 2**15 documents) summed by numpy: Whoosh appends them one at a time, 0.65 ms
    for a column of 10,600 documents against 0.06, and a purge opens five such columns (a search
    process one per segment). The same numbers in the same array type."""

    def _read_offsets_and_lengths(self) -> None:
        dbfile, lastbyte = self._dbfile, self._basepos + self._length - 1
        code = chr(dbfile.get_byte(lastbyte))
        if code == "X":  # the offsets are stored
            super()._read_offsets_and_lengths()
            return
        count = self._doccount
        lengths = dbfile.get_array(lastbyte - struct.calcsize(code) * count, code, count)
        starts = np.cumsum(np.asarray(lengths, dtype=np.uint64)) - np.asarray(lengths, dtype=np.uint64)
        self._lengths = lengths
        self._offsets = array("L", starts.astype("L").tobytes())


def var_bytes_reader(column: Any, dbfile: Any, basepos: int, length: int, doccount: int) -> Any:
    """*column*'s reader: :class:`_VarBytesReader` for a VarBytesColumn (not a subclass, which
    may read otherwise), its own reader for any other column."""
    if type(column) is VarBytesColumn:
        return _VarBytesReader(dbfile, basepos, length, doccount)
    return column.reader(dbfile, basepos, length, doccount)


class GroupedDictionaryColumn(VarBytesColumn):  # type: ignore[misc]
    """Variable length byte strings compressed in groups, each with a preset dictionary of its
    own records (see the layout above); the default value is an empty byte string, as
    VarBytesColumn's. It uses whoosh.columns' public classes only."""

    def writer(self, dbfile: Any) -> Any:
        return self.Writer(dbfile, self.allow_offsets, self.write_offsets_cutoff)

    def reader(self, dbfile: Any, basepos: int, length: int, doccount: int) -> Any:
        return self.Reader(dbfile, basepos, length, doccount)

    class Writer(VarBytesColumn.Writer):  # type: ignore[misc]
        """Holds a group's records until they reach GROUP_BYTES, then writes them compressed with
        the group's dictionary; :meth:`finish` writes the last group, the dictionaries and the
        table."""

        def __init__(self, dbfile: Any, allow_offsets: bool = True, cutoff: int = 2**15) -> None:
            super().__init__(dbfile, allow_offsets, cutoff)
            self._held: list[tuple[int, bytes]] = []
            self._held_bytes = 0
            self._groups: list[StoredGroup] = []
            self._start = dbfile.tell()

        def add(self, docnum: int, v: bytes) -> None:
            if self._held_bytes >= GROUP_BYTES:
                self._write_group()
            self._held.append((docnum, bytes(v)))
            self._held_bytes += len(v)

        def _write_group(self) -> None:
            held, self._held, self._held_bytes = self._held, [], 0
            if not held:
                return
            group, packed = compress_group(held)
            if not self._groups:
                group = group._replace(first=0)  # the first group holds the docnums before its first record
            self._groups.append(group)
            for (docnum, _), v in zip(held, packed, strict=True):
                super().add(docnum, v)

        def add_copied(self, pieces: Iterable[Any], lengths: np.ndarray, groups: list[StoredGroup]) -> None:
            """The whole column at once (a purge in place, :func:`_copy_stored`): the records'
            compressed bytes *pieces* (docnum order), each document's length and the groups."""
            for piece in pieces:
                self._dbfile.write(piece)
            _extend_all(self._lengths, lengths)
            _extend_all(
                self._offsets, np.concatenate(([0], np.cumsum(lengths)[:-1])) if len(lengths) else lengths
            )
            self._offset_base = int(lengths.sum())
            self._count = len(lengths)
            self._groups = list(groups)

        def finish(self, doccount: int) -> None:
            self._write_group()
            super().finish(doccount)
            records = self._dbfile.tell() - self._start
            for group in self._groups:
                self._dbfile.write(group.dictionary)
            for group in self._groups:
                self._dbfile.write(struct.pack(f"<{len(group.sampled)}I", *group.sampled))
            for group in self._groups:
                self._dbfile.write(_GROUP.pack(group.first, len(group.dictionary), len(group.sampled)))
            self._dbfile.write(_TRAILER.pack(records, len(self._groups), _MAGIC))

    class Reader(_VarBytesReader):
        """Reads the table once, a group's dictionary when a record of the group is first read
        (in place: a view of the mapped file), a record's bytes through VarBytesColumn's reader."""

        def __init__(self, dbfile: Any, basepos: int, length: int, doccount: int) -> None:
            records, rows, listed = _stored_table(dbfile, basepos, length, doccount)
            super().__init__(dbfile, basepos, records, doccount)
            where = basepos + records
            self.firsts = [first for first, _, _ in rows]
            self._spans: list[tuple[int, int]] = []
            self.sampled: list[tuple[int, ...]] = []
            at = 0
            for _, size, sampled in rows:
                self._spans.append((where, size))
                self.sampled.append(listed[at : at + sampled])
                where += size
                at += sampled
            self._dictionaries: dict[int, Any] = {}

        def dictionary(self, group: int) -> Any:
            """The dictionary of group number *group*."""
            found = self._dictionaries.get(group)
            if found is None:
                found = self._dictionaries[group] = _view_of(self._dbfile, *self._spans[group])
            return found

        def compressed(self, docnum: int) -> Any:
            """Document *docnum*'s record as stored (compressed; empty when it has none)."""
            return super().__getitem__(docnum)

        def __getitem__(self, docnum: int) -> bytes:
            v = super().__getitem__(docnum)
            if not v:
                return bytes(v)
            zdict = self.dictionary(bisect_right(self.firsts, docnum) - 1)
            found: bytes = zlib.decompressobj(STORED_WBITS, zdict=zdict).decompress(v)
            return found

        def __iter__(self) -> Iterator[bytes]:
            for docnum in range(self._doccount):
                yield self[docnum]

        def load(self) -> list[bytes]:
            return list(self)


STORED_IN_GROUPS = PickleColumn(GroupedDictionaryColumn())


def _stored_table(dbfile: Any, basepos: int, length: int, doccount: int) -> tuple[int, list[Any], Any]:
    """The length of the records and tail, the table's rows and the sampled docnums of the
    grouped stored column at *basepos* in *dbfile*; StoredColumnError, naming what to run, when
    the column is of an older schema or its parts do not fill it exactly (a damaged trailer or
    table would otherwise read as garbage records: a wrong dictionary decompresses without an
    error)."""
    name = getattr(dbfile, "_name", None) or "a segment"
    trailer = (
        bytes(dbfile.get(basepos + length - _TRAILER.size, _TRAILER.size)) if length >= _TRAILER.size else b""
    )
    records, count, magic = _TRAILER.unpack(trailer) if len(trailer) == _TRAILER.size else (0, 0, b"")
    if magic != _MAGIC:
        raise StoredColumnError(
            f"the stored fields' column of {name} is not compressed in groups (an index of an older "
            "schema, or a damaged file): run `crossings index --full`"
        )
    table = length - _TRAILER.size - count * _GROUP.size
    rows = (
        list(_GROUP.iter_unpack(bytes(dbfile.get(basepos + table, count * _GROUP.size))))
        if table >= 0
        else []
    )
    total = sum(sampled for _, _, sampled in rows)
    firsts = [first for first, _, _ in rows]
    listed: Any = ()
    if len(rows) == count and table - 4 * total - sum(size for _, size, _ in rows) == records:
        listed = struct.unpack(f"<{total}I", bytes(dbfile.get(basepos + table - 4 * total, 4 * total)))
    if (
        len(listed) != total
        or len(rows) != count
        or firsts[:1] not in ([], [0])
        or firsts != sorted(firsts)
        or any(docnum >= doccount for docnum in chain(firsts, listed))
    ):
        raise StoredColumnError(
            f"the stored fields' column of {name} is damaged (its table of {count} groups does not "
            f"fit its {length} bytes): run `crossings index --full`"
        )
    return records, rows, listed


def _copy_stored(values: Any, out: Any, live: np.ndarray) -> None:
    """The stored fields' column *values* (GroupedDictionaryColumn's reader) into *out* (its
    writer) without the deleted documents' records: a group whose dictionary samples no deleted
    record is copied as it is stored (its live records' compressed bytes, a slice per run of
    them, and its dictionary); a group whose dictionary samples one is compressed again from its
    live records with a new dictionary (counted: ``stored_groups_copied``,
    ``stored_groups_recompressed``)."""
    count = len(live)
    lengths = np.asarray(values._lengths, dtype=np.int64)[:count]
    offsets = np.asarray(values._offsets, dtype=np.int64)[:count]
    kept = np.where(live, lengths, 0)
    data = memoryview(values._dbfile.get(values._basepos, int(lengths.sum())))
    ends = [*values.firsts[1:], count]
    pieces: list[Any] = []
    groups: list[StoredGroup] = []
    copied = recompressed = 0
    for number, (first, end) in enumerate(zip(values.firsts, ends, strict=True)):
        sampled = values.sampled[number]
        if live[np.asarray(sampled, dtype=np.int64)].all():
            groups.append(StoredGroup(first, values.dictionary(number), sampled))
            held = kept[first:end] > 0
            for begin, stop in _run_bounds(offsets[first:end][held], kept[first:end][held]):
                pieces.append(data[begin:stop])
            copied += 1
            continue
        records = [(docnum, values[docnum] if live[docnum] else b"") for docnum in range(first, end)]
        group, packed = compress_group(records)
        groups.append(group._replace(first=first))
        pieces.extend(packed)
        kept[first:end] = [len(v) for v in packed]
        recompressed += 1
    out.add_copied(pieces, kept, groups)
    with _counters_lock:
        _counters.stored_groups_copied += copied
        _counters.stored_groups_recompressed += recompressed


def stored_column(perdoc: Any) -> Any:
    """The stored fields' column of a segment's per-document reader or writer *perdoc*: ours for
    a segment of :class:`StoredInGroupsCodec`, Whoosh's for any other whoosh3 segment."""
    grouped = isinstance(perdoc, (_GroupedPerDocReader, _GroupedPerDocWriter))
    return STORED_IN_GROUPS if grouped else whoosh3.STORED_COLUMN


class _GroupedPerDocWriter(W3PerDocWriter):  # type: ignore[misc]
    """whoosh3's per-document writer with the stored fields in :data:`STORED_IN_GROUPS`."""

    def _create_column(self, fieldname: str, column: Any) -> None:
        super()._create_column(fieldname, STORED_IN_GROUPS if fieldname == "_stored" else column)


class _GroupedPerDocReader(W3PerDocReader):  # type: ignore[misc]
    """whoosh3's per-document reader of a segment whose stored fields are in :data:`STORED_IN_GROUPS`."""

    def stored_fields(self, docnum: int) -> dict[str, Any]:
        found: dict[str, Any] | None = self._cached_reader("_stored", STORED_IN_GROUPS)[docnum]
        return {} if found is None else found


class StoredInGroupsCodec(W3Codec):  # type: ignore[misc]
    """whoosh3 with the stored fields compressed in groups: the codec every writer of the index
    writes with (:func:`fast_writer`). Whoosh pickles a segment's codec in the index's table of
    contents, so each segment is read with the codec that wrote it (this one's class is named
    there: Whoosh imports this module when it opens the index, in any process), an index of
    older segments still reads, and no Whoosh class or module name is changed: an index written
    by Whoosh's own writer elsewhere in the same process stays Whoosh's format."""

    def per_document_writer(self, storage: Any, segment: Any) -> Any:
        return _GroupedPerDocWriter(self, storage, segment)

    def per_document_reader(self, storage: Any, segment: Any) -> Any:
        return _GroupedPerDocReader(storage, segment)


def index_codec() -> StoredInGroupsCodec:
    """The codec an index's segments are written with: whoosh3's defaults (its block limit,
    compression and inline limit, as ``default_codec()`` makes it), stored fields in groups."""
    return StoredInGroupsCodec()


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


def _view_of(dbfile: Any, position: int, length: int) -> Any:
    """*length* bytes at *position* of *dbfile*: a view of the map, not a copy, when the file
    is read in place (a BufferFile over a memoryview, :func:`read_segments_in_place`), else a
    copy as Whoosh's ``get`` makes it. Kept for as long as the reader lives (a stored group's
    dictionary: 32 KB for each group read), a view is a page of the index shared by every
    search process rather than a private copy in each. (Whoosh's compound storage leaves a map
    with views still open to be freed with them.)"""
    buf = getattr(dbfile, "_buf", None)
    if isinstance(buf, memoryview):
        return buf[position : position + length]
    return dbfile.get(position, length)


def look_up_terms_in_place() -> None:
    """Patch OrderedHashReader (once): a lookup in a term table read in place reads its slots,
    key and value position from the map with struct offsets (:func:`_lookup`) instead of a file
    seek and read each; every term a query (or a Whoosh matcher, or a document frequency)
    looks up goes through it."""
    if getattr(OrderedHashReader, "_crossings_patched", False):
        return
    OrderedHashReader.ranges_for_key = _ranges_for_key
    OrderedHashReader._crossings_patched = True


def read_segments_in_place() -> None:
    """Patch BufferFile (once): Whoosh wraps each file of a compound segment in a BytesIO, a
    private copy of the whole index per search process; a ViewFile reads the map in place."""
    if getattr(BufferFile, "_crossings_patched", False):
        return
    BufferFile.__init__ = _buffer_file_init
    BufferFile._crossings_patched = True


def create_folders_quietly() -> None:
    """Patch FileStorage.create (once): a folder that is there is returned as it is. Whoosh makes
    it by catching the error of making it again, and keeps that error in a local variable, a
    reference cycle that holds the frames of every caller: each writer does it (its per-document
    writer asks for the temporary folder its segment writer has just made), and an index run's
    keys and records then wait for the cycle collector (tens of milliseconds at 10,000
    documents) instead of being freed when the run returns."""
    if getattr(FileStorage, "_crossings_patched", False):
        return
    original = FileStorage.create

    def create(self: Any) -> Any:
        if Path(self.folder).is_dir():
            return self
        return original(self)

    FileStorage.create = create
    FileStorage._crossings_patched = True


def patched() -> bool:
    """True when every patch is applied."""
    return all(
        bool(getattr(cls, "_crossings_patched", False))
        for cls in (BufferFile, W3PerDocReader, OrderedHashReader, FileStorage)
    )


def engine_report(ix: Any, probe_field: str = "key") -> dict[str, Any]:
    """What `crossings index --json` says of the engine: the Whoosh version and whether the fast
    paths run on it, the segments of *ix* and how many each writer wrote (``segment_writer``:
    FAST_WRITER or WHOOSH_WRITER), the numbers of deleted sections purged in place (``holes``),
    and a probe: one posting list of *probe_field* read in
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
        "whoosh": support.SUPPORT.version,
        "fast_paths": support.SUPPORT.fast,
        "support": support.SUPPORT.message,
        "segments": len(listed),
        "segment_writers": dict(sorted(Counter(segment_writer(segment) for segment in listed).items())),
        "holes": sum(holes(segment) for segment in listed),
        "probe_fast_segments": after.fast_reads - before.fast_reads,
        "probe_fallback_segments": after.fallback_reads - before.fallback_reads,
    }


if SUPPORT.fast:
    _remember_missing_columns()
    read_segments_in_place()
    look_up_terms_in_place()
    create_folders_quietly()
else:
    log.warning("%s", SUPPORT.message)
