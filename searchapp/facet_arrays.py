"""Per-generation arrays of every document's facet values, date and toll, and counting with them.

Built once when an index generation is first searched; then a facet's counts over any match set
are one numpy bincount, and a filter is a boolean mask. No Flask, no query parsing here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from indexer.schema import DATE_SORT, FACETS, MONTH, TOLL_SORT
from searchapp.postings_arrays import live_mask, numeric_column
from searchapp.term_cache import TermCache


@dataclass
class FacetField:
    values: list[str]  # sorted; a value's code is its position here
    docs: list[np.ndarray]  # per code: the live documents holding the value
    pair_docs: np.ndarray  # one entry per (document, value) pair ...
    pair_codes: np.ndarray  # ... and the value's code

    def counts(self, mask: np.ndarray) -> dict[str, int]:
        """How many documents of `mask` hold each value (values with none left out)."""
        if not len(self.pair_docs):
            return {}
        tally = np.bincount(self.pair_codes[mask[self.pair_docs]], minlength=len(self.values))
        return {self.values[code]: int(tally[code]) for code in np.flatnonzero(tally)}

    def having(self, values, size: int) -> np.ndarray:
        """True for each document holding any of `values`."""
        mask = np.zeros(size, dtype=bool)
        codes = {value: code for code, value in enumerate(self.values)}
        for value in values:
            if value in codes:
                mask[self.docs[codes[value]]] = True
        return mask


def _column(reader, fieldname: str, missing: int) -> np.ndarray:
    values = np.full(reader.doc_count_all(), missing, dtype=np.int64)
    # Segment by segment: a segment written without the column has none to read.
    for leaf, offset in reader.leaf_readers():
        count = leaf.doc_count_all()
        if count and leaf.has_column(fieldname):
            raw = numeric_column(leaf.column_reader(fieldname, translate=False), count)
            if raw is None:
                column = leaf.column_reader(fieldname)
                values[offset : offset + count] = np.fromiter(iter(column), np.int64, count=count)
                continue
            # Whoosh's own translation, once per distinct stored number.
            distinct, where = np.unique(raw, return_inverse=True)
            translate = reader.schema[fieldname].from_column_value
            numbers = np.fromiter((translate(int(n)) for n in distinct), np.int64, len(distinct))
            values[offset : offset + count] = numbers[where]
    return values


def _facet_field(reader, fieldname: str, live: np.ndarray, terms) -> FacetField:
    field = reader.schema[fieldname]
    values = sorted(reader.field_terms(fieldname))
    docs = []
    for value in values:
        found, _ = terms.postings(reader, fieldname, field.to_bytes(value))
        docs.append(found[live[found]])
    codes = [np.full(len(d), code, dtype=np.int32) for code, d in enumerate(docs)]
    return FacetField(
        values=values,
        docs=docs,
        pair_docs=np.concatenate(docs) if docs else np.empty(0, dtype=np.int64),
        pair_codes=np.concatenate(codes) if codes else np.empty(0, dtype=np.int32),
    )


class FacetArrays:
    """Everything the search layer counts and filters with, for one index generation."""

    def __init__(self, reader, terms: TermCache | None = None):
        # `terms`: posting lists of the segments an earlier generation already decoded.
        terms = terms if terms is not None else TermCache()
        self.live = live_mask(reader)
        self.size = len(self.live)
        self.fields = {
            fieldname: _facet_field(reader, fieldname, self.live, terms)
            for fieldname in set(FACETS.values()) | {MONTH}
        }
        self.date_sort = _column(reader, DATE_SORT, 0)
        self.tolls = _column(reader, TOLL_SORT, -1)
        self._derived: dict = {}
        self._lock = threading.Lock()

    def derived(self, key, compute: Callable[[], object]):
        """What `compute` makes of these arrays (a sort order, say), made once per generation:
        the first caller computes it, the others wait for that result."""
        with self._lock:
            if key not in self._derived:
                self._derived[key] = compute()
            return self._derived[key]

    def field(self, fieldname: str) -> FacetField:
        return self.fields[fieldname]

    def dated_between(self, low: int | None, high: int | None) -> np.ndarray:
        """Documents dated within [low, high] (yyyymmdd numbers); undated ones never are."""
        mask = self.date_sort >= max(low or 1, 1)
        if high is not None:
            mask &= self.date_sort <= high
        return mask

    def timeline(self, mask: np.ndarray) -> tuple[dict[str, tuple[int, int]], int]:
        """Per month: (documents of `mask`, their summed death toll); and how many are undated."""
        months = self.fields[MONTH]
        if not len(months.pair_docs):
            return {}, int(mask.sum())
        inside = mask[months.pair_docs]
        codes = months.pair_codes[inside]
        tolls = self.tolls[months.pair_docs[inside]]
        reports = np.bincount(codes, minlength=len(months.values))
        positive = np.where(tolls > 0, tolls, 0)
        deaths = np.bincount(codes, weights=positive, minlength=len(months.values))
        timeline = {
            months.values[code]: (int(reports[code]), int(deaths[code]))
            for code in np.flatnonzero(reports)
        }
        return dict(sorted(timeline.items())), int(mask.sum()) - int(reports.sum())
