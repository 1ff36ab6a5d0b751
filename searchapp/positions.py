"""Exact phrases: the documents where words occur one right after another, from their positions.

Pure numpy over occurrence keys, one int64 per occurrence of a word (document and position; the
postings store or indexer.whoosh_postings decodes them); no index access and no caching here.
"""

from __future__ import annotations

import numpy as np


def occurrence_keys(docs: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Each occurrence of a word as one int64: its document in the high 32 bits and its position
    in the low ones, so that ordering keys orders by document, then position."""
    return (docs.astype(np.int64) << 32) + positions


def phrase_documents(words: list[np.ndarray]) -> np.ndarray:
    """The documents, ascending, where the words occur at consecutive positions, each right
    after the one before it, as Whoosh's exact phrase does. `words` holds each word's occurrence
    keys (occurrence_keys), ascending."""
    if not words:
        return np.empty(0, dtype=np.int64)
    runs = words[0]
    for keys in words[1:]:
        # A run goes on where this word sits one position after the run's last word. The shift
        # goes on the shorter side, the only one copied. (A position never reaches 2**32 - 1,
        # so adding one never spills into the document.)
        if len(runs) <= len(keys):
            runs = _common(runs + 1, keys)
        else:
            runs = _common(runs, keys - 1) + 1
        if not len(runs):
            break
    docs = runs >> 32
    # Sorted, so repeats sit side by side: keep the first of each.
    return docs[np.concatenate(([True], docs[1:] != docs[:-1]))] if len(docs) else docs


def _common(smaller: np.ndarray, larger: np.ndarray) -> np.ndarray:
    # Both sorted and free of repeats: look each of the fewer up among the more.
    if len(smaller) > len(larger):
        smaller, larger = larger, smaller
    if not len(larger):
        return larger
    at = np.minimum(np.searchsorted(larger, smaller), len(larger) - 1)
    return smaller[larger[at] == smaller]
