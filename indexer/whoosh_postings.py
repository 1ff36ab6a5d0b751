"""Whoosh's posting lists of one segment decoded into numpy arrays: documents, weights, positions.

Whoosh walks postings one at a time in Python (about 1 µs each). Here each block of a W3 posting
list is unpickled at once, and the positions of all its postings are decoded together rather
than unpickled one by one. Anything that is not a plain W3 block list (inlined short lists,
other codecs or formats) takes Whoosh's own per-posting path, so the result is the same either
way; tests compare both. The index format is the indexer's; the search app and the postings
store read through here. Read-only, no caching.
"""

from __future__ import annotations

import io
import pickle
import zlib
from array import array

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3LeafMatcher
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher
from whoosh.system import unpack_int

NONE = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64))


_BLOCK_LENGTH_SIZE = 4  # a W3 block starts with its length, a signed 4-byte int (unpack_int)


def w3_blocks(matcher: W3LeafMatcher):
    """Each block of a W3 posting list as (document numbers, weights, values), decoded at once
    (see posting_blocks)."""
    return posting_blocks(matcher._postfile, matcher._startoffset, matcher._length)


def posting_blocks(postfile, offset: int, length):
    """Each block of the W3 posting list at `offset` of `postfile` (its extent, as the term's
    info records it) as (document numbers, weights, values), decoded at once.

    The list is read with one read and its blocks parsed from memory: each is a 4-byte length
    (negative for the last), a pickled info tuple (its first item the block's count, its fourth
    whether it is compressed), then the pickled, maybe zlib-compressed (delta-coded ids,
    weights, values) tuple. Walking a matcher instead read each info tuple from the file a few
    bytes at a time.
    """
    if isinstance(length, tuple):  # as whoosh-reloaded reads a stored extent back: (length,)
        (length,) = length
    data = postfile.get(offset, length)
    if data[: len(WHOOSH3_HEADER_MAGIC)] != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"no W3 posting list at {offset}")
    stream = io.BytesIO(data)
    position = len(WHOOSH3_HEADER_MAGIC)
    last = False
    while not last:
        (size,) = unpack_int(data[position : position + _BLOCK_LENGTH_SIZE])
        last = size < 0
        following = position + _BLOCK_LENGTH_SIZE + abs(size)  # where the next block starts
        stream.seek(position + _BLOCK_LENGTH_SIZE)
        count, _maxid, _maxweight, compression, _minlength, _maxlength = pickle.load(stream)
        block = data[stream.tell() : following]
        if compression:
            block = zlib.decompress(block)
        ids, weights, values = pickle.loads(block)
        if weights is None:
            weights = np.ones(count)
        elif isinstance(weights, float):
            weights = np.full(count, weights)
        else:
            weights = np.asarray(weights, dtype=np.float64)
        yield np.cumsum(np.asarray(ids, dtype=np.int64)), weights, values
        position = following
    if position != len(data):
        raise ValueError(f"the posting list at {offset} does not end where it says")


def whole_posting_list(blocks) -> tuple[np.ndarray, np.ndarray, list[bytes]] | None:
    """The blocks of a posting list with values (positions) joined: (document numbers, weights,
    values), or None when there are none."""
    ids, weights, values = [], [], []
    for block_ids, block_weights, block_values in blocks:
        ids.append(block_ids)
        weights.append(block_weights)
        values.extend(block_values)
    if not ids:
        return None
    return np.concatenate(ids), np.concatenate(weights), values


def _w3_blocks(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    # Documents and weights only: the values of formats without positions may be None.
    blocks = list(w3_blocks(matcher))
    if not blocks:
        return NONE
    return np.concatenate([b[0] for b in blocks]), np.concatenate([b[1] for b in blocks])


def _walk(matcher) -> tuple[np.ndarray, np.ndarray]:
    ids, weights = array("q"), array("d")
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.frombuffer(ids, dtype=np.int64), np.frombuffer(weights, dtype=np.float64)


def leaf_postings(leaf, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers within the leaf, weights) of one term, deleted documents included."""
    if (fieldname, text) not in leaf:
        return NONE
    matcher = leaf.postings(fieldname, text)
    if isinstance(matcher, FilterMatcher):  # it only hides deleted documents; the caller does too
        matcher = matcher.child
    if type(matcher) is W3LeafMatcher and not matcher._byteids:
        return _w3_blocks(matcher)
    return _walk(matcher)


_INT_SIZE = 4  # Whoosh's Positions value: a 4-byte count, then the pickled position deltas


_K, _M, _J = 0x4B, 0x4D, 0x4A  # pickle's BININT1, BININT2 and BININT: 1-, 2- and 4-byte ints
_HEADER = np.frombuffer(b"\x80\x02]q\x00", dtype=np.uint8)  # protocol 2, empty list, memo 0
_BATCH = 1000  # pickle splits longer lists into batches; those take the slow path


def decode_positions(values: list[bytes], format_) -> tuple[np.ndarray, np.ndarray]:
    """(number of positions, position deltas end to end) of Positions values. Each value is a
    4-byte count and a pickled list of small ints; the ints of all the values are read at once,
    one list item per step, and any value not in the expected shape is unpickled on its own."""
    count = len(values)
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=count)
    data = np.frombuffer(b"".join(values) + bytes(8), dtype=np.uint8)
    starts = np.cumsum(lengths) - lengths
    sizes = _count_at(data, starts)
    odd = (sizes > _BATCH) | (sizes == 0) | (lengths < 11)
    for k, byte in enumerate(_HEADER):
        odd |= data[np.minimum(starts + _INT_SIZE + k, len(data) - 1)] != byte
    cursor = starts + 9
    many = sizes > 1
    odd |= many & (data[np.minimum(cursor, len(data) - 1)] != ord("("))
    cursor = cursor + many
    sizes = np.where(odd, 0, sizes)
    ends = np.cumsum(sizes)
    deltas = np.zeros(int(ends[-1]) if count else 0, dtype=np.int64)
    order = np.argsort(-sizes, kind="stable")  # longest first: step k works on a prefix
    cursor, slots, remaining = cursor[order], (ends - sizes)[order], sizes[order]
    for step in range(int(remaining[0]) if count else 0):
        live = int(np.searchsorted(-remaining, -step, side="left"))
        at = np.minimum(cursor[:live], len(data) - 5)  # a malformed value must not overrun
        op = data[at]
        one, two = data[at + 1].astype(np.int64), data[at + 2].astype(np.int64)
        four = (
            one
            | two << 8
            | data[at + 3].astype(np.int64) << 16
            | data[at + 4].astype(np.int64) << 24
        )
        value = np.where(
            op == _K, one, np.where(op == _M, one | two << 8, four - (four >> 31 << 32))
        )
        deltas[slots[:live] + step] = value
        bad = (op != _K) & (op != _M) & (op != _J)
        if bad.any():
            odd[order[:live][bad]] = True
        cursor[:live] = at + np.where(op == _K, 2, np.where(op == _M, 3, 5))
    final = np.empty(count, dtype=np.int64)
    final[order] = cursor
    closing = np.where(many, ord("e"), ord("a"))
    odd |= data[np.minimum(final, len(data) - 1)] != closing
    if not odd.any():
        return sizes, deltas
    return _patched(values, format_, sizes, deltas, odd)


def _count_at(data: np.ndarray, starts: np.ndarray) -> np.ndarray:
    # Whoosh's pack_uint: a big-endian unsigned 32-bit int.
    at = np.minimum(starts, len(data) - 4)
    parts = [data[at + k].astype(np.int64) << (8 * (3 - k)) for k in range(4)]
    return parts[0] | parts[1] | parts[2] | parts[3]


def _deltas_of(format_, value: bytes) -> list[int]:
    positions = format_.decode_positions(value)
    return [b - a for a, b in zip([0, *positions], positions, strict=False)]


def _patched(values, format_, sizes, deltas, odd) -> tuple[np.ndarray, np.ndarray]:
    """Redo the values flagged `odd` through Whoosh's own decoding, keeping the others."""
    pieces, counts = [], []
    ends = np.cumsum(sizes)
    for index, value in enumerate(values):
        if odd[index]:
            own = _deltas_of(format_, value)
            pieces.append(np.asarray(own, dtype=np.int64))
            counts.append(len(own))
        else:
            pieces.append(deltas[ends[index] - sizes[index] : ends[index]])
            counts.append(int(sizes[index]))
    joined = np.concatenate(pieces) if pieces else np.empty(0, dtype=np.int64)
    return np.asarray(counts, dtype=np.int64), joined


def leaf_positions(leaf, fieldname: str, text):
    """(document numbers, weights, document of each occurrence, its position) of a term in one
    segment, deleted documents included: the postings and the positions from one reading."""
    if (fieldname, text) not in leaf:
        empty = np.empty(0, dtype=np.int64)
        return empty, np.empty(0), empty, empty
    format_ = leaf.schema[fieldname].format
    matcher = leaf.postings(fieldname, text)
    if isinstance(matcher, FilterMatcher):  # it only hides deleted documents; the caller does too
        matcher = matcher.child
    if (
        type(matcher) is W3LeafMatcher
        and not matcher._byteids
        and type(format_) is Positions
        and matcher._fixedsize is None
    ):
        found = whole_posting_list(w3_blocks(matcher))
        if found is None:
            empty = np.empty(0, dtype=np.int64)
            return empty, np.empty(0), empty, empty
        docs, weights, values = found
        sizes, deltas = decode_positions(values, format_)
        return (docs, weights, *_flatten(docs, sizes, deltas))
    return _walked(matcher, format_)


def _walked(matcher, format_):
    # Whoosh's own per-posting path, for anything that is not a plain W3 block list.
    docs, weights, at_docs, at = [], [], [], []
    while matcher.is_active():
        docnum = matcher.id()
        docs.append(docnum)
        weights.append(matcher.weight())
        found = format_.decode_positions(matcher.value())
        at_docs.extend([docnum] * len(found))
        at.extend(found)
        matcher.next()
    return (
        np.asarray(docs, dtype=np.int64),
        np.asarray(weights, dtype=np.float64),
        np.asarray(at_docs, dtype=np.int64),
        np.asarray(at, dtype=np.int64),
    )


def _flatten(docs: np.ndarray, lengths: np.ndarray, deltas: np.ndarray):
    running = np.cumsum(deltas)
    # Positions restart from 0 in each posting: subtract the running total before it.
    ends = np.cumsum(lengths)
    before = np.concatenate(([0], running[ends[:-1] - 1]))
    return np.repeat(docs, lengths), running - np.repeat(before, lengths)
