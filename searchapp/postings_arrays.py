"""Reading a whole posting list, field lengths and the live documents into numpy arrays.

Whoosh walks postings one document at a time in Python (about 1 µs each); a common word at 100k
reports costs 80 ms that way. Here each block of a W3 posting list is decoded at once. Anything
that is not a plain W3 block list (inlined short lists, other codecs) takes Whoosh's own per-posting
path, so the result is the same either way; tests compare both. Read-only, no caching here
(searchapp.term_cache keeps what is decoded).
"""

from __future__ import annotations

import pickle
import zlib
from array import array

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.columns import NumericColumn
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import _length_byte_cache

# Whoosh stores a field's length per document as one byte; this turns the byte back into a length.
_BYTE_TO_LENGTH = np.asarray(_length_byte_cache, dtype=np.float64)
_NONE = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64))


def w3_blocks(matcher: W3LeafMatcher):
    """Each block of a W3 posting list as (document numbers, weights, values), decoded at once."""
    matcher.reset()
    while matcher.is_active():
        # The block is a pickled (delta-coded ids, weights, values) tuple, maybe zlib-compressed;
        # this is what W3LeafMatcher._read_data does, minus the per-posting walk afterwards.
        start, end = matcher._dataoffset, matcher._nextoffset
        data = matcher._postfile.get(start, end - start)
        if matcher._compression:
            data = zlib.decompress(data)
        ids, weights, values = pickle.loads(data)
        count = matcher._blocklength
        if weights is None:
            weights = np.ones(count)
        elif isinstance(weights, float):
            weights = np.full(count, weights)
        else:
            weights = np.asarray(weights, dtype=np.float64)
        yield np.cumsum(np.asarray(ids, dtype=np.int64)), weights, values
        matcher._next_block()


def _w3_blocks(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    blocks = list(w3_blocks(matcher))
    if not blocks:
        return _NONE
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
        return _NONE
    matcher = leaf.postings(fieldname, text)
    if isinstance(matcher, FilterMatcher):  # it only hides deleted documents; the caller does too
        matcher = matcher.child
    if type(matcher) is W3LeafMatcher and not matcher._byteids:
        return _w3_blocks(matcher)
    return _walk(matcher)


def term_postings(reader, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
    """(global document numbers, weights) of a term over every segment, deleted ones included."""
    docs, weights = [], []
    for leaf, offset in reader.leaf_readers():
        leaf_docs, leaf_weights = leaf_postings(leaf, fieldname, text)
        if len(leaf_docs):
            docs.append(leaf_docs + offset)
            weights.append(leaf_weights)
    if not docs:
        return _NONE
    return np.concatenate(docs), np.concatenate(weights)


def live_mask(reader) -> np.ndarray:
    """True for each document number that is not deleted."""
    live = np.ones(reader.doc_count_all(), dtype=bool)
    for leaf, offset in reader.leaf_readers():
        if leaf.has_deletions():
            deleted = np.fromiter(leaf.deleted_docs_set, dtype=np.int64)
            live[deleted + offset] = False
    return live


def field_lengths(reader, fieldname: str) -> np.ndarray:
    """Each document's length of `fieldname` as Whoosh's scorer sees it (0 when empty)."""
    lengths = np.zeros(reader.doc_count_all(), dtype=np.float64)
    for leaf, offset in reader.leaf_readers():
        column = leaf._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            continue
        count = leaf.doc_count_all()
        codes = _length_bytes(column, count)
        values = _BYTE_TO_LENGTH[codes]
        values[codes == 0] = 0.0
        lengths[offset : offset + count] = values
    return lengths


def numeric_column(column, count: int) -> np.ndarray | None:
    """The raw numbers of a plain fixed-width numeric column (not translated back to the field's
    values), one per document, read in one piece; None for any other kind of column."""
    if type(column) is not NumericColumn.Reader or column._reverse:
        return None
    width = column._fixedlen
    stored = min(column._count, count)
    # Sortable 64-bit numbers are stored unsigned and may not fit a signed int64.
    numbers = np.full(
        count, column._default, dtype=np.uint64 if column._typecode == "Q" else np.int64
    )
    raw = column._dbfile.get(column._basepos, stored * width)
    numbers[:stored] = np.frombuffer(raw, dtype=np.dtype(">" + column._typecode))
    return numbers


def _length_bytes(column, count: int) -> np.ndarray:
    # A lengths column holds one byte per document.
    codes = numeric_column(column, count)
    if codes is None:
        codes = np.fromiter(iter(column), dtype=np.int64, count=count)
    return codes
