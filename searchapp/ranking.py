"""Ordering a match set for one page of results: by score, or by date or death toll, with numpy.

The orders are Whoosh's own (score, then document number; a sort key, then document number), so a
page is the same as Whoosh's `search(..., sortedby=...)` would give; tests hold the two together.
"""

from __future__ import annotations

import numpy as np

from searchapp.facet_arrays import FacetArrays

# From this many matches on, a page sorted by date or toll is read off the order of every document
# rather than found among the matches (partitioning 900,000 tied dates took 130 ms).
WHOLE_ORDER_FROM = 20_000
# Sort names (params.SORTS) -> the keys, most significant first, and whether each is descending.
_DATED, _DATE, _TOLL = "dated", "date", "toll"
SORT_KEYS = {
    "newest": ((_DATED, True), (_DATE, True)),
    "oldest": ((_DATED, True), (_DATE, False)),
    "toll": ((_TOLL, True), (_DATED, True), (_DATE, True)),
}


def _key(arrays: FacetArrays, name: str) -> np.ndarray:
    if name == _DATED:
        return (arrays.date_sort > 0).astype(np.int64)
    if name == _DATE:
        return arrays.date_sort
    return arrays.tolls


def _top_scores(docs: np.ndarray, scores: np.ndarray, limit: int) -> np.ndarray:
    values = scores[docs]
    if limit < len(docs):
        # Keep everything scoring at least the limit-th best, ties included, then order exactly.
        threshold = np.partition(values, len(values) - limit)[len(values) - limit]
        keep = values >= threshold
        docs, values = docs[keep], values[keep]
    order = np.lexsort((docs, -values))
    return docs[order][:limit]


def _top_sorted(docs: np.ndarray, arrays: FacetArrays, sort: str, limit: int) -> np.ndarray:
    keys = [(_key(arrays, name)[docs], descending) for name, descending in SORT_KEYS[sort]]
    primary, descending = keys[0]
    primary = -primary if descending else primary
    if limit < len(docs):
        threshold = np.partition(primary, limit - 1)[limit - 1]
        keep = primary <= threshold
        docs = docs[keep]
        keys = [(values[keep], desc) for values, desc in keys]
    return _in_order(docs, keys)[:limit]


def _in_order(docs: np.ndarray, keys: list[tuple[np.ndarray, bool]]) -> np.ndarray:
    # np.lexsort takes the least significant key first; the document number breaks every tie.
    columns = [docs] + [(-values if desc else values) for values, desc in reversed(keys)]
    return docs[np.lexsort(columns)]


def _every_document_in_order(arrays: FacetArrays, sort: str) -> np.ndarray:
    docs = np.arange(arrays.size)
    keys = [(_key(arrays, name), descending) for name, descending in SORT_KEYS[sort]]
    return _in_order(docs, keys).astype(np.int32 if arrays.size < 2**31 else np.int64)


def page_of(
    mask: np.ndarray,
    scores: np.ndarray | None,
    arrays: FacetArrays,
    sort: str,
    start: int,
    stop: int,
) -> list[int]:
    """Document numbers of positions start..stop of the matches in `sort` order ("relevance"
    orders by `scores`)."""
    docs = np.flatnonzero(mask)
    if start >= len(docs):
        return []
    if sort == "relevance":
        if scores is None:
            raise ValueError("relevance order needs scores")
        top = _top_scores(docs, scores, stop)
    elif len(docs) >= WHOLE_ORDER_FROM:
        # Every document in this order, computed once per generation (80-160 ms at 1M); the
        # matches come out of it in order with one pass, instead of partitioning them anew.
        order = arrays.derived(("order", sort), lambda: _every_document_in_order(arrays, sort))
        top = order[np.flatnonzero(mask[order])[:stop]]
    else:
        top = _top_sorted(docs, arrays, sort, stop)
    return [int(d) for d in top[start:stop]]
