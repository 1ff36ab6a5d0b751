"""Where a word occurs (its positions) in every document, as numpy arrays, and exact phrases.

The posting blocks are read once for both the postings and the positions; the positions of all
the postings are decoded at once rather than unpickled one by one. Anything that is not a plain
W3 block list takes Whoosh's own per-posting path. Read-only, no caching here.
"""

from __future__ import annotations

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher

from searchapp.postings_arrays import w3_blocks

_INT_SIZE = 4  # Whoosh's Positions value: a 4-byte count, then the pickled position deltas


_K, _M, _J = 0x4B, 0x4D, 0x4A  # pickle's BININT1, BININT2 and BININT: 1-, 2- and 4-byte ints
_HEADER = np.frombuffer(b"\x80\x02]q\x00", dtype=np.uint8)  # protocol 2, empty list, memo 0
_BATCH = 1000  # pickle splits longer lists into batches; those take the slow path


def _decode(values: list[bytes], format_) -> tuple[np.ndarray, np.ndarray]:
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
        ids, weights, values = [], [], []
        for block_ids, block_weights, block_values in w3_blocks(matcher):
            ids.append(block_ids)
            weights.append(block_weights)
            values.extend(block_values)
        if not ids:
            empty = np.empty(0, dtype=np.int64)
            return empty, np.empty(0), empty, empty
        docs = np.concatenate(ids)
        sizes, deltas = _decode(values, format_)
        return (docs, np.concatenate(weights), *_flatten(docs, sizes, deltas))
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


def phrase_documents(words: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """The documents where the words occur at consecutive positions, each right after the one
    before it, as Whoosh's exact phrase does. `words` holds each word's (document, position)
    pairs, ordered by document then position."""
    runs = None
    for shift, (docs, positions) in enumerate(words):
        # One int64 per occurrence: the document in the high bits, the position in the low
        # ones, moved back by the word's place in the phrase so a run lines up on its start.
        keys = (docs.astype(np.int64) << 32) + positions - shift
        runs = keys if runs is None else _common(runs, keys)
        if not len(runs):
            break
    return np.unique(runs >> 32) if runs is not None else np.empty(0, dtype=np.int64)


def _common(smaller: np.ndarray, larger: np.ndarray) -> np.ndarray:
    # Both sorted and free of repeats: look each of the fewer up among the more.
    if len(smaller) > len(larger):
        smaller, larger = larger, smaller
    if not len(larger):
        return larger
    at = np.minimum(np.searchsorted(larger, smaller), len(larger) - 1)
    return smaller[larger[at] == smaller]
