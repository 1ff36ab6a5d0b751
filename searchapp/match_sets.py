"""Match sets: the documents a request's words and filters select, as arrays cached per generation.

`Engine` is what the search layer asks: the words' matches (numpy evaluation where the query
shape allows, Whoosh's own otherwise, under a time limit), each facet's filter mask, and the
per-generation FacetArrays. It caches what repeats across the clicks of one exploration.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh import query

from indexer.schema import FACETS
from searchapp.facet_arrays import FacetArrays
from searchapp.params import SearchRequest
from searchapp.postings_arrays import field_lengths
from searchapp.term_cache import TermCache
from searchapp.vector_eval import Evaluator, Unsupported

# Whoosh's own evaluation (sloppy phrases, rare shapes) stops after this long, saying it is partial.
WHOOSH_SECONDS = 5.0
_CHECK_EVERY = 2048


@dataclass
class Words:
    mask: np.ndarray  # bool per document number
    scores: np.ndarray | None  # BM25F per document; None when Whoosh must rank (see Engine)
    complete: bool = True  # False when the time limit cut Whoosh's evaluation short


def _size(words: Words) -> int:
    return words.mask.nbytes + (words.scores.nbytes if words.scores is not None else 0)


class MatchCache:
    """Recently used match sets of one generation, bounded by their total size in bytes."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, Words] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> Words | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: str, words: Words) -> None:
        size = _size(words)
        if size > self.max_bytes or not words.complete:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = words
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, old = self._entries.popitem(last=False)
                self._bytes -= _size(old)


class Generation:
    """What is computed once per index generation: facet arrays, field lengths, match sets."""

    def __init__(self, reader, match_bytes: int, terms: TermCache | None = None):
        self.arrays = FacetArrays(reader, terms)
        self.matches = MatchCache(match_bytes)
        self._lengths: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def lengths(self, reader, fieldname: str) -> np.ndarray:
        """Per-document lengths of a field (`reader` must read this generation)."""
        with self._lock:
            if fieldname not in self._lengths:
                self._lengths[fieldname] = field_lengths(reader, fieldname)
            return self._lengths[fieldname]


class Engine:
    """One searcher's view of the cached arrays: match sets for words, masks for filters."""

    def __init__(self, searcher, generation: Generation, terms: TermCache):
        self.searcher = searcher
        self.generation = generation
        self.arrays = generation.arrays
        self.terms = terms

    def words(self, q: query.Query) -> Words:
        """The documents matching `q` (live ones only) and, where numpy can, their scores."""
        key = repr(q)
        found = self.generation.matches.get(key)
        if found is not None:
            return found
        try:
            reader = self.searcher.reader()
            evaluator = Evaluator(
                self.searcher,
                self.terms,
                self.arrays.live,
                lambda fieldname: self.generation.lengths(reader, fieldname),
            )
            match = evaluator.evaluate(q)
            words = Words(match.mask, match.scores)
        except Unsupported:
            words = self._by_whoosh(q)
        self.generation.matches.put(key, words)
        return words

    def _by_whoosh(self, q: query.Query) -> Words:
        mask = np.zeros(self.arrays.size, dtype=bool)
        deadline = time.perf_counter() + WHOOSH_SECONDS
        found, complete = [], True
        for n, docnum in enumerate(self.searcher.docs_for_query(q)):
            found.append(docnum)
            if n % _CHECK_EVERY == 0 and time.perf_counter() > deadline:
                complete = False
                break
        mask[np.asarray(found, dtype=np.int64)] = True
        return Words(mask & self.arrays.live, None, complete)

    def filters(
        self, request: SearchRequest, without: tuple[str, ...] = (), dates: bool = True
    ) -> np.ndarray:
        """Documents passing every filter of `request` but those of the facets in `without`
        (and the date range when `dates` is false): selections OR'ed within a facet, AND'ed
        across facets, exclusions removed."""
        arrays = self.arrays
        mask = arrays.live.copy()
        for name, values in request.filters.items():
            if name not in without:
                mask &= arrays.field(FACETS[name]).having(values, arrays.size)
        for name, values in request.excluded.items():
            if name not in without:
                mask &= ~arrays.field(FACETS[name]).having(values, arrays.size)
        if dates and (request.date_from or request.date_to):
            low = int(request.date_from.strftime("%Y%m%d")) if request.date_from else None
            high = int(request.date_to.strftime("%Y%m%d")) if request.date_to else None
            mask &= arrays.dated_between(low, high)
        return mask
