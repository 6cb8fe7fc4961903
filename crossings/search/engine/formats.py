"""How a posting's positions (and character offsets) are written: typed arrays, not pickles.

Whoosh's ``Positions`` and ``Characters`` formats pickle a list of deltas per posting; reading
one back costs an unpickle and a Python loop, and an exact phrase of two common words reads
hundreds of thousands of them. Here a posting's value is one width byte and the deltas as a
little-endian array of that width, so a phrase reads the values of a whole block with numpy
(:func:`block_positions`) and a snippet's few with :mod:`array`:

``PackedPositions``    ``w`` then ``d0 d1 ...``: each position minus the one before (the first: itself)
``PackedCharacters``   ``w`` then ``(d, s, n) ...``: position delta, start minus the previous
                       start (the first: itself), length in characters

``w`` is 2 (uint16), 4 (uint32) or 0x14 (int32: a start before the previous one, which the
tokenizer never gives, is still kept). The classes are pickled into every index's table of
contents: renaming or moving them, or changing the layout, needs the index's SCHEMA_VERSION bumped.
"""

from __future__ import annotations

import struct
import sys
from array import array
from itertools import accumulate, pairwise
from typing import Any

import numpy as np
from whoosh.formats import Characters, Positions

U16, U32, I32 = 2, 4, 0x14
_TYPECODES = {U16: "H", U32: "I", I32: "i"}
_DTYPES: dict[int, np.dtype[Any]] = {U16: np.dtype("<u2"), U32: np.dtype("<u4"), I32: np.dtype("<i4")}
_BIG_ENDIAN = sys.byteorder == "big"


def pack(deltas: list[int]) -> bytes:
    """*deltas* as a width byte and an array of the narrowest of uint16, uint32, int32."""
    for code in (U16, U32, I32):
        try:
            numbers = array(_TYPECODES[code], deltas)
        except OverflowError:
            continue
        if _BIG_ENDIAN:
            numbers.byteswap()
        return bytes((code,)) + numbers.tobytes()
    raise ValueError(f"a position or character offset out of range: {max(deltas)}")


def unpack(value: bytes) -> array[int]:
    """The deltas of a value :func:`pack` wrote."""
    try:
        numbers = array(_TYPECODES[value[0]])
    except (IndexError, KeyError):
        raise ValueError(f"not a packed posting value (width byte {value[:1]!r})") from None
    numbers.frombytes(value[1:])
    if _BIG_ENDIAN:
        numbers.byteswap()
    return numbers


# The value of a posting at one place, when its numbers fit uint16 (most postings of a text: one
# call, where pack costs a typed array and two byte strings); struct.error past uint16.
_ONE_POSITION = struct.Struct("<BH").pack
_ONE_PLACE = struct.Struct("<B3H").pack


def encode_positions(positions: list[int]) -> bytes:
    """The value of a posting at *positions* (ascending)."""
    if len(positions) == 1:
        try:
            return _ONE_POSITION(U16, positions[0])
        except struct.error:
            return pack(positions)
    return pack([positions[0], *[b - a for a, b in pairwise(positions)]])


def encode_characters(places: list[tuple[int, int, int]]) -> bytes:
    """The value of a posting at *places*: (position, start, end) each, in position order."""
    if len(places) == 1:
        pos, start, end = places[0]
        try:
            return _ONE_PLACE(U16, pos, start, end - start)
        except struct.error:
            pass  # a number past uint16 (or a start past the end): pack picks the width
    flat: list[int] = []
    pos_base = start_base = 0
    for pos, start, end in places:
        flat += (pos - pos_base, start - start_base, end - start)
        pos_base, start_base = pos, start
    return pack(flat)


class PackedPositions(Positions):  # type: ignore[misc]
    """Positions as typed arrays (see the module): the same answers as Whoosh's ``Positions``."""

    stride = 1  # numbers per occurrence (the analyzer's one-loop path reads it too)
    encode = staticmethod(encode_positions)  # a posting's value from its list of positions

    def decode_positions(self, valuestring: bytes) -> list[int]:
        """The posting's positions, ascending."""
        return list(accumulate(unpack(valuestring)[:: self.stride]))

    def decode_frequency(self, valuestring: bytes) -> int:
        """How many times the term stands in the posting's document."""
        return (len(valuestring) - 1) // (_width(valuestring) * self.stride)

    def decode_weight(self, valuestring: bytes) -> float:
        """The frequency times the field's boost, as Whoosh's formats weigh."""
        return float(self.decode_frequency(valuestring) * self.field_boost)

    def combine(self, vs: list[bytes]) -> bytes:
        """One value holding the positions of all of *vs*."""
        return self.encode(sorted({pos for value in vs for pos in self.decode_positions(value)}))


class PackedCharacters(PackedPositions):
    """Positions and character offsets as typed arrays: the answers of Whoosh's ``Characters``."""

    stride = 3
    encode = staticmethod(encode_characters)  # type: ignore[assignment]  # from (position, start, end)
    word_values = Characters.word_values  # Whoosh's own analysis path: tokens with their offsets

    def decode_characters(self, valuestring: bytes) -> list[tuple[int, int, int]]:
        """The posting's (position, start, end) places, in position order."""
        numbers = unpack(valuestring)
        positions = accumulate(numbers[0::3])
        starts = list(accumulate(numbers[1::3]))
        ends = [start + length for start, length in zip(starts, numbers[2::3], strict=True)]
        return list(zip(positions, starts, ends, strict=True))

    def combine(self, vs: list[bytes]) -> bytes:
        """One value holding the places of all of *vs* (the widest span at a shared position)."""
        spans: dict[int, tuple[int, int]] = {}
        for value in vs:
            for pos, start, end in self.decode_characters(value):
                old = spans.get(pos)
                spans[pos] = (start, end) if old is None else (min(start, old[0]), max(end, old[1]))
        return self.encode([(pos, *spans[pos]) for pos in sorted(spans)])


def _width(value: bytes) -> int:
    """The bytes per number of a packed value."""
    return _DTYPES[value[0]].itemsize if value[:1] and value[0] in _DTYPES else 1


def packed_stride(fmt: Any) -> int | None:
    """Numbers per occurrence in the values of format *fmt* (1 or 3); None for a format these
    classes did not write (an index written before them: read value by value)."""
    return fmt.stride if type(fmt) in (PackedPositions, PackedCharacters) else None


def block_positions(raw: bytes, ends: Any, places: np.ndarray, stride: int) -> tuple[np.ndarray, np.ndarray]:
    """The positions of the values at *places* of one posting block, all at once.

    *raw* is the block's values joined, *ends* where each ends (``PackedValues``); returns how
    many positions each value at *places* has, and all their positions value after value (each
    value's ascending). One numpy pass per block when every value asked for is uint16 (the usual
    case), else value by value."""
    ends = np.asarray(ends, dtype=np.int64)
    data = np.frombuffer(raw, dtype=np.uint8)
    stops = ends[places]
    starts = np.where(places > 0, ends[np.maximum(places - 1, 0)], 0)
    if len(places) and bool(np.all(data[starts] == U16)):
        sizes = stops - starts - 1  # payload bytes of each value
        total = int(sizes.sum())
        firsts = np.cumsum(sizes) - sizes
        picked = data[np.repeat(starts + 1 - firsts, sizes) + np.arange(total)]
        deltas = picked.view("<u2").astype(np.int64)[::stride]
        counts = sizes // (2 * stride)
    else:
        spans = zip(starts.tolist(), stops.tolist(), strict=True)
        arrays = [_numbers(raw, start, stop) for start, stop in spans]
        counts = np.array([len(numbers) // stride for numbers in arrays], dtype=np.int64)
        deltas = (np.concatenate(arrays).astype(np.int64) if arrays else np.zeros(0, np.int64))[::stride]
    return counts, _restart_sums(deltas, counts)


def _numbers(raw: bytes, start: int, stop: int) -> np.ndarray:
    """The numbers of the packed value in ``raw[start:stop]``, without a copy."""
    dtype = _DTYPES.get(raw[start])
    if dtype is None:
        raise ValueError(f"not a packed posting value (width byte {raw[start]})")
    numbers: np.ndarray = np.frombuffer(
        raw, dtype=dtype, offset=start + 1, count=(stop - start - 1) // dtype.itemsize
    )
    return numbers


def _restart_sums(deltas: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The running sums of *deltas*, starting again at each value (*counts* numbers each)."""
    if not len(deltas):
        return deltas
    sums = np.cumsum(deltas)
    firsts = np.cumsum(counts) - counts
    before = sums[firsts] - deltas[firsts]
    restarted: np.ndarray = sums - np.repeat(before, counts)
    return restarted
