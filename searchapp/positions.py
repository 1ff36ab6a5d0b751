"""Exact phrases: the documents where words occur one right after another, from their positions.

Pure numpy over (document, position) arrays (indexer.whoosh_postings decodes them); no index
access and no caching here.
"""

from __future__ import annotations

import numpy as np


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
