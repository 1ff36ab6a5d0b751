"""Decoded posting lists and word positions kept per segment, so repeated words cost nothing.

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

_POSITIONS = "positions"


class TermCache:
    """Decoded posting lists and positions kept by (segment, field, term)."""

    def __init__(self, max_bytes: int = 256 * 2**20, stores: Stores | None = None):
        self.max_bytes = max_bytes
        self.stores = stores  # the indexer's read-optimised copies of segments' postings
        self._entries: OrderedDict[tuple, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def postings(self, reader, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        """(global document numbers, weights) of a term over every segment, deleted ones
        included, as postings_arrays.term_postings gives them."""
        docs, weights = self._global(reader, fieldname, text, positions=False)
        return docs, weights.astype(np.float64)

    def positions(self, reader, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        """(global document number, position) of each occurrence of a term, deleted documents
        included, ordered by document then position."""
        return self._global(reader, fieldname, text, positions=True)

    def _global(self, reader, fieldname, text, positions: bool):
        firsts, seconds = [], []
        for leaf, offset in reader.leaf_readers():
            first, second = self._leaf(leaf, fieldname, text, positions)
            if len(first):
                firsts.append(first.astype(np.int64) + offset)
                seconds.append(second)
        if not firsts:
            return NONE if not positions else (NONE[0], NONE[0])
        return np.concatenate(firsts), np.concatenate(seconds).astype(
            np.int64 if positions else np.float64
        )

    def _leaf(self, leaf, fieldname: str, text, positions: bool):
        segment = getattr(leaf, "segment", None)
        if segment is None:  # not a plain segment reader: nothing to key an entry by
            if positions:
                return leaf_positions(leaf, fieldname, text)[2:]
            return leaf_postings(leaf, fieldname, text)
        key = (segment().segment_id(), fieldname, text)
        wanted = (*key, _POSITIONS) if positions else key
        found = self._get(wanted)
        if found is not None:
            return found
        store = self._store(leaf, fieldname)
        if positions or store is not None:
            # One reading gives the postings and the positions: keep both.
            docs, weights, at_docs, at = self._read(store, leaf, fieldname, text, positions)
            if not positions:
                return self._put(key, (docs.astype(np.int32), weights.astype(np.float32)))
            self._put(key, (docs.astype(np.int32), weights.astype(np.float32)))
            return self._put(wanted, (at_docs.astype(np.int32), at.astype(np.int32)))
        docs, weights = leaf_postings(leaf, fieldname, text)
        # Weights are float32 on disk, so float32 here loses nothing and halves the memory.
        return self._put(key, (docs.astype(np.int32), weights.astype(np.float32)))

    def _store(self, leaf, fieldname: str):
        if self.stores is None:
            return None
        store = self.stores.get(leaf.segment().segment_id(), leaf.doc_count_all())
        return store if store is not None and store.has(fieldname) else None

    @staticmethod
    def _read(store, leaf, fieldname: str, text, positions: bool):
        if store is not None:
            try:
                return store.read(fieldname, text, positions)
            except (OSError, ValueError, zlib.error):
                pass  # a damaged store: Whoosh's own postings are still there
        return leaf_positions(leaf, fieldname, text)

    def _get(self, key):
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def _put(self, key, entry):
        size = entry[0].nbytes + entry[1].nbytes
        with self._lock:
            if key not in self._entries:
                self._entries[key] = entry
                self._bytes += size
            while self._bytes > self.max_bytes and len(self._entries) > 1:
                _, (old_first, old_second) = self._entries.popitem(last=False)
                self._bytes -= old_first.nbytes + old_second.nbytes
        return entry

    @property
    def nbytes(self) -> int:
        return self._bytes
