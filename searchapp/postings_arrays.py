"""Whole posting lists over every segment, field lengths, numeric columns and the live documents,
as numpy arrays for the search layer.

Each segment's lists are decoded by indexer.whoosh_postings; here they are put together with the
segments' offsets. Read-only, no caching here (searchapp.term_cache keeps what is decoded).
"""

from __future__ import annotations

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.columns import NumericColumn
from whoosh.util.numeric import _length_byte_cache

from indexer.whoosh_postings import NONE, leaf_postings

# Whoosh stores a field's length per document as one byte; this turns the byte back into a length.
_BYTE_TO_LENGTH = np.asarray(_length_byte_cache, dtype=np.float64)


def term_postings(reader, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
    """(global document numbers, weights) of a term over every segment, deleted ones included."""
    docs, weights = [], []
    for leaf, offset in reader.leaf_readers():
        leaf_docs, leaf_weights = leaf_postings(leaf, fieldname, text)
        if len(leaf_docs):
            docs.append(leaf_docs + offset)
            weights.append(leaf_weights)
    if not docs:
        return NONE
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
