"""A read-optimised copy of each segment's text postings, kept in the index folder beside Whoosh's.

Whoosh stores postings as pickled Python tuples, about 1 µs per posting to decode, so the first
search for a common word in 100,000 reports costs 100-300 ms. After each run the indexer writes,
for every segment that has none, the same postings of the phrase-searchable fields (documents,
weights, positions) as zlib-compressed numpy arrays, so reading a word costs what decompressing
its bytes costs. It is derived data: a missing, partial or damaged store is ignored (the search
app decodes from Whoosh as before), and the next run rebuilds it. This module holds the format
and its reading; `indexer.store_build` writes and removes stores.
"""

from __future__ import annotations

import os
import threading
import time
import zipfile
import zlib
from pathlib import Path

import numpy as np
from whoosh.formats import Positions

FOLDER = "postings"  # inside the index folder
VERSION = 1
TABLE, BLOB, PARTIAL = ".terms.npz", ".blob", ".partial"  # a store's files, by suffix
# Per word: gaps between documents, weights, positions per document, gaps between positions.
DTYPES = (np.uint32, np.float32, np.uint32, np.uint32)
_EMPTY = np.empty(0, dtype=np.int64)
# What reading a missing, cut or overwritten store can raise.
DAMAGED = (OSError, ValueError, KeyError, EOFError, zlib.error, zipfile.BadZipFile)
RETRY_SECONDS = 5.0  # how soon the app looks again for a store it could not open


def store_folder(index_dir: Path) -> Path:
    return Path(index_dir) / FOLDER


def stored_fields(schema) -> list[str]:
    """The fields a store holds: those searched by words and phrases (with positions)."""
    return sorted(name for name, field in schema.items() if type(field.format) is Positions)


class SegmentStore:
    """One segment's store, read with positioned reads (safe across threads)."""

    _fd: int | None = None  # so close() (also __del__) works when __init__ raised before open

    def __init__(self, folder: Path, segment_id: str, doc_count: int):
        with np.load(folder / (segment_id + TABLE), allow_pickle=False) as table:
            version, count, size = (int(v) for v in table["meta"])
            if version != VERSION or count != doc_count:
                raise ValueError(f"store of segment {segment_id} is for another segment or format")
            self.fields = {
                str(name): (
                    table[f"{name}.terms"].tobytes(),
                    table[f"{name}.starts"],
                    table[f"{name}.extents"],
                )
                for name in table["fields"]
            }
        self._fd = os.open(folder / (segment_id + BLOB), os.O_RDONLY)
        if os.fstat(self._fd).st_size != size:
            self.close()
            raise ValueError(f"store of segment {segment_id} is incomplete")
        self._words: dict[str, dict[bytes, int]] = {}
        self._lock = threading.Lock()

    def has(self, fieldname: str) -> bool:
        return fieldname in self.fields

    def _number(self, fieldname: str, text: bytes) -> int | None:
        with self._lock:
            words = self._words.get(fieldname)
            if words is None:
                blob, starts, _ = self.fields[fieldname]
                edges = starts.tolist()
                pairs = zip(edges, edges[1:], strict=False)
                words = {blob[a:b]: n for n, (a, b) in enumerate(pairs)}
                self._words[fieldname] = words
        return words.get(text)

    def read(self, fieldname: str, text: bytes, positions: bool = True):
        """(documents, weights, document of each occurrence, its position) of a word, as
        indexer.whoosh_postings.leaf_positions gives them, or without the last two (None) when
        `positions` is false; empty arrays when the word is absent."""
        parts = self._parts(fieldname, text, positions)
        if parts is None:
            return _EMPTY, np.empty(0), _EMPTY, _EMPTY
        docs, weights = _running_sum(parts[0]), parts[1].astype(np.float64)
        if not positions:
            return docs, weights, None, None
        sizes, position_gaps = parts[2], parts[3]
        running = _running_sum(position_gaps)
        before = _sums_before(running, sizes)
        return docs, weights, np.repeat(docs, sizes), running - np.repeat(before, sizes)

    def read_keys(self, fieldname: str, text: bytes):
        """(documents, weights, occurrence keys) of a word: each occurrence as one int64, its
        document in the high 32 bits and its position in the low ones (the order of `read`)."""
        parts = self._parts(fieldname, text, True)
        if parts is None:
            return _EMPTY, np.empty(0), _EMPTY
        doc_gaps, weights, sizes, position_gaps = parts
        keys = _occurrence_keys(doc_gaps, sizes, position_gaps)
        return _running_sum(doc_gaps), weights.astype(np.float64), keys

    def _parts(self, fieldname: str, text: bytes, positions: bool):
        # The word's arrays as stored (see DTYPES), or None when it is absent.
        number = self._number(fieldname, text)
        if number is None:
            return None
        offset, *lengths = self.fields[fieldname][2][number].tolist()
        lengths = lengths if positions else lengths[:2]
        raw = os.pread(self._fd, sum(lengths), offset)
        parts, at = [], 0
        for length, dtype in zip(lengths, DTYPES, strict=False):
            parts.append(np.frombuffer(zlib.decompress(raw[at : at + length]), dtype=dtype))
            at += length
        return parts

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    # Closed when the last thread reading it lets it go, never under a reader's feet (a closed
    # descriptor's number may be reused by another file).
    __del__ = close


def _occurrence_keys(doc_gaps, sizes, position_gaps) -> np.ndarray:
    """(document << 32) + position for every occurrence, from the stored gaps, with one array
    as big as the occurrences (a word can occur millions of times)."""
    keys = position_gaps.astype(np.int64)
    if not len(keys):
        return keys
    if not sizes.all():  # a posting without positions: never written, but stay exact
        docs = np.repeat(_running_sum(doc_gaps), sizes)
        running = _running_sum(position_gaps)
        return (docs << 32) + running - np.repeat(_sums_before(running, sizes), sizes)
    # Each document's positions restart from 0. Folding into the first gap of every document
    # the step from the previous document's last key to this document's base makes one running
    # sum give the keys: key = (document << 32) + position.
    starts = np.zeros(len(sizes), dtype=np.int64)
    np.cumsum(sizes[:-1], out=starts[1:])
    last = np.add.reduceat(keys, starts)  # each document's last position: its gaps' sum
    step = doc_gaps.astype(np.int64) << 32
    step[1:] -= last[:-1]
    keys[starts] += step
    return np.cumsum(keys, out=keys)


def _sums_before(running: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    # Per document: the running sum of the position gaps of all documents before it (so a
    # document's positions are the running sum less this), right even for a first document
    # without positions.
    ends = _running_sum(sizes)
    return np.concatenate(([0], running))[ends - sizes] if len(ends) else _EMPTY


def _running_sum(gaps: np.ndarray) -> np.ndarray:
    # Widened first, then summed in place: several times faster on big arrays than
    # np.cumsum(gaps, dtype=np.int64), which converts through a small buffer.
    out = gaps.astype(np.int64)
    return np.cumsum(out, out=out)


class Stores:
    """The stores of an index folder, opened on first use and kept by segment id."""

    def __init__(self, index_dir: Path):
        self.folder = store_folder(index_dir)
        self._open: dict[str, SegmentStore] = {}
        self._missing: dict[str, float] = {}  # segment id -> when opening its store last failed
        self._lock = threading.Lock()

    def get(self, segment_id: str, doc_count: int) -> SegmentStore | None:
        """The segment's store, or None when it has none that can be read (yet: the indexer
        writes it just after committing the segment, so a failure is retried a little later)."""
        with self._lock:
            if segment_id in self._open:
                return self._open[segment_id]
            failed = self._missing.get(segment_id)
            if failed is not None and time.monotonic() - failed < RETRY_SECONDS:
                return None
        try:
            store = SegmentStore(self.folder, segment_id, doc_count)
        except DAMAGED:
            with self._lock:
                self._missing[segment_id] = time.monotonic()
            return None  # Whoosh's own postings are read instead
        with self._lock:
            if segment_id in self._open:  # another thread opened it meanwhile
                return self._open[segment_id]
            self._open[segment_id] = store
            self._missing.pop(segment_id, None)
        return store

    def keep_only(self, segment_ids: set[str]) -> None:
        """Let go of the stores of segments no longer in the index."""
        with self._lock:
            for segment_id in set(self._open) - segment_ids:
                del self._open[segment_id]
            for segment_id in set(self._missing) - segment_ids:
                del self._missing[segment_id]
