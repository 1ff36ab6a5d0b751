"""Reading a whole posting list, field lengths and the live documents into numpy arrays.

Whoosh walks postings one document at a time in Python (about 1 µs each); a common word at 100k
reports costs 80 ms that way. Here each block of a W3 posting list is decoded at once. Anything
that is not a plain W3 block list (inlined short lists, other codecs) takes Whoosh's own per-posting
path, so the result is the same either way; tests compare both. Read-only, no caching here.
"""

from __future__ import annotations

import pickle
import threading
import zlib
from array import array
from collections import OrderedDict

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import _length_byte_cache

# Whoosh stores a field's length per document as one byte; this turns the byte back into a length.
_BYTE_TO_LENGTH = np.asarray(_length_byte_cache, dtype=np.float64)
_NONE = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64))


def _w3_blocks(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    ids_parts, weight_parts = [], []
    matcher.reset()
    while matcher.is_active():
        # The block is a pickled (delta-coded ids, weights, values) tuple, maybe zlib-compressed;
        # this is what W3LeafMatcher._read_data does, minus the per-posting walk afterwards.
        start, end = matcher._dataoffset, matcher._nextoffset
        data = matcher._postfile.get(start, end - start)
        if matcher._compression:
            data = zlib.decompress(data)
        ids, weights, _ = pickle.loads(data)
        count = matcher._blocklength
        ids_parts.append(np.cumsum(np.asarray(ids, dtype=np.int64)))
        if weights is None:
            weight_parts.append(np.ones(count))
        elif isinstance(weights, float):
            weight_parts.append(np.full(count, weights))
        else:
            weight_parts.append(np.asarray(weights, dtype=np.float64))
        matcher._next_block()
    if not ids_parts:
        return _NONE
    return np.concatenate(ids_parts), np.concatenate(weight_parts)


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
        codes = np.fromiter(iter(column), dtype=np.int64, count=count)
        values = _BYTE_TO_LENGTH[codes]
        values[codes == 0] = 0.0
        lengths[offset : offset + count] = values
    return lengths


class TermCache:
    """Decoded posting lists kept by (segment, field, term), least recently used dropped first.

    Segments never change once written (deletions live elsewhere), so an entry stays right for as
    long as its segment exists; a reindex that adds a segment keeps the big old one's entries.
    """

    def __init__(self, max_bytes: int = 256 * 2**20):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def postings(self, reader, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        """Like term_postings, served from the cache where it can be."""
        docs, weights = [], []
        for leaf, offset in reader.leaf_readers():
            leaf_docs, leaf_weights = self._leaf(leaf, fieldname, text)
            if len(leaf_docs):
                docs.append(leaf_docs.astype(np.int64) + offset)
                weights.append(leaf_weights)
        if not docs:
            return _NONE
        return np.concatenate(docs), np.concatenate(weights).astype(np.float64)

    def _leaf(self, leaf, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        segment = getattr(leaf, "segment", None)
        if segment is None:
            return leaf_postings(leaf, fieldname, text)
        key = (segment().segment_id(), fieldname, text)
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
        docs, weights = leaf_postings(leaf, fieldname, text)
        # Weights are float32 on disk, so float32 here loses nothing and halves the memory.
        entry = (docs.astype(np.int32), weights.astype(np.float32))
        size = entry[0].nbytes + entry[1].nbytes
        with self._lock:
            if key not in self._entries:
                self._entries[key] = entry
                self._bytes += size
            while self._bytes > self.max_bytes and len(self._entries) > 1:
                _, (old_docs, old_weights) = self._entries.popitem(last=False)
                self._bytes -= old_docs.nbytes + old_weights.nbytes
        return entry

    @property
    def nbytes(self) -> int:
        return self._bytes
