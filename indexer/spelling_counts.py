"""Counting a segment's spelling words ("did you mean" reads only their frequencies). Pure; the
writer decides when to hand the counts to its postings pool."""

from __future__ import annotations

from collections import Counter

from whoosh.system import pack_uint


class SpellingCounts:
    """A segment's spelling words, counted: one posting per word instead of one per report.

    Whoosh adds every distinct unstemmed word of a report as its own posting `(word, doc 0,
    weight 1)`; all that "did you mean" reads of them is a word's frequency, the sum of those
    weights: the number of reports using it. Half of all the postings a full run sorts and
    writes were these. Counted here, a word becomes one posting `(word, doc 0, weight n)` per
    segment (per hand-over, when the writer holds more than SPELLING_WORDS_HELD words, see
    indexer.segment_writers): the same words, the same frequencies; only their document count
    is no longer the number of reports.
    """

    def __init__(self):
        self._counts: dict[str, Counter] = {}
        self.held = 0

    def add(self, fieldname: str, words: set[str]) -> None:
        counts = self._counts.get(fieldname)
        if counts is None:
            counts = self._counts[fieldname] = Counter()
        before = len(counts)
        counts.update(words)
        self.held += len(counts) - before

    def add_count(self, fieldname: str, word: str, count: int) -> None:
        """A word used `count` times (a merged segment's frequency of it)."""
        counts = self._counts.get(fieldname)
        if counts is None:
            counts = self._counts[fieldname] = Counter()
        if word not in counts:
            self.held += 1
        counts[word] += count

    def add_to(self, pool) -> None:
        """Give the pool one posting per word counted, and start again from nothing."""
        for fieldname, counts in self._counts.items():
            for word, count in counts.items():
                # The value is the Frequency format's own (a count), as Whoosh would read it.
                pool.add((fieldname, word.encode("utf-8"), 0, float(count), pack_uint(count)))
        self._counts = {}
        self.held = 0
