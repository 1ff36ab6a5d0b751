"""Decoded posting lists and word occurrences kept per segment, so repeated words cost nothing.

Segments never change once written (deletions live elsewhere), so an entry stays right for as long
as its segment exists; a reindex that adds a segment keeps the big old one's entries. Bounded by
bytes, least recently used dropped first. Knows nothing of queries.
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict

import numpy as np

from indexer.postings_store import Stores
from indexer.whoosh_postings import NONE, leaf_positions, leaf_postings
from searchapp.positions import occurrence_keys

_POSITIONS = "positions"


class TermCache:
    """Decoded posting lists and occurrences kept by (segment, field, term)."""

    def __init__(self, max_bytes: int = 256 * 2**20, stores: Stores | None = None):
        self.max_bytes = max_bytes
        self.stores = stores  # the indexer's read-optimised copies of segments' postings
        self._entries: OrderedDict[tuple, tuple[np.ndarray, ...]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def postings(self, reader, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        """(global document numbers, weights) of a term over every segment, deleted ones
        included, as postings_arrays.term_postings gives them."""
        docs, weights = [], []
        for leaf, offset in reader.leaf_readers():
            found, found_weights = self._leaf_postings(leaf, fieldname, text)
            if len(found):
                docs.append(found.astype(np.int64) + offset)
                weights.append(found_weights)
        if not docs:
            return NONE
        return np.concatenate(docs), np.concatenate(weights).astype(np.float64)

    def occurrences(self, reader, fieldname: str, text) -> list[tuple[int, np.ndarray]]:
        """Per segment: (the global number of its first document, every occurrence of the term in
        it as positions.occurrence_keys gives them, with the segment's own document numbers,
        deleted ones included, ascending). A phrase never spans two documents, let alone two
        segments, so it is matched segment by segment with no global copy of big arrays."""
        return [
            (offset, self._leaf_keys(leaf, fieldname, text))
            for leaf, offset in reader.leaf_readers()
        ]

    def _leaf_postings(self, leaf, fieldname: str, text):
        segment = getattr(leaf, "segment", None)
        if segment is None:  # not a plain segment reader: nothing to key an entry by
            return leaf_postings(leaf, fieldname, text)
        key = (segment().segment_id(), fieldname, text)
        found = self._get(key)
        if found is not None:
            return found
        docs, weights = None, None
        store = self._store(leaf, fieldname)
        if store is not None:
            try:
                docs, weights, _, _ = store.read(fieldname, text, positions=False)
            except (OSError, ValueError, zlib.error):
                pass  # a damaged store: Whoosh's own postings are still there
        if docs is None:
            docs, weights = leaf_postings(leaf, fieldname, text)
        # Weights are float32 on disk, so float32 here loses nothing and halves the memory.
        return self._put(key, (docs.astype(np.int32), weights.astype(np.float32)))

    def _leaf_keys(self, leaf, fieldname: str, text) -> np.ndarray:
        segment = getattr(leaf, "segment", None)
        if segment is None:
            return occurrence_keys(*leaf_positions(leaf, fieldname, text)[2:])
        key = (segment().segment_id(), fieldname, text)
        found = self._get((*key, _POSITIONS))
        if found is not None:
            return found[0]
        docs, weights, keys = self._read_keys(self._store(leaf, fieldname), leaf, fieldname, text)
        # One reading gives the postings too, which the phrase's score needs next: keep both.
        self._put(key, (docs.astype(np.int32), weights.astype(np.float32)))
        return self._put((*key, _POSITIONS), (keys,))[0]

    @staticmethod
    def _read_keys(store, leaf, fieldname: str, text):
        if store is not None:
            try:
                return store.read_keys(fieldname, text)
            except (OSError, ValueError, zlib.error):
                pass  # a damaged store: Whoosh's own postings are still there
        docs, weights, at_docs, at = leaf_positions(leaf, fieldname, text)
        return docs, weights, occurrence_keys(at_docs, at)

    def _store(self, leaf, fieldname: str):
        if self.stores is None:
            return None
        store = self.stores.get(leaf.segment().segment_id(), leaf.doc_count_all())
        return store if store is not None and store.has(fieldname) else None

    def _get(self, key):
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def _put(self, key, entry: tuple[np.ndarray, ...]):
        size = sum(array.nbytes for array in entry)
        with self._lock:
            if key not in self._entries:
                self._entries[key] = entry
                self._bytes += size
            while self._bytes > self.max_bytes and len(self._entries) > 1:
                _, old = self._entries.popitem(last=False)
                self._bytes -= sum(array.nbytes for array in old)
        return entry

    @property
    def nbytes(self) -> int:
        return self._bytes
