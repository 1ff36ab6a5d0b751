"""Evaluating common query shapes over whole posting arrays: which reports match, with their scores.

Terms, exact phrases, AND, OR, NOT, AND NOT and AND MAYBE are computed with numpy over every
document at once, scored exactly as Whoosh's BM25F scores them. Any other shape (sloppy phrases,
wildcards, ranges) raises Unsupported and the caller asks Whoosh itself. No caching, no Flask.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh import query, scoring

from searchapp.positions import phrase_documents
from searchapp.term_cache import TermCache


class Unsupported(Exception):
    """This query shape is left to Whoosh."""


@dataclass
class Match:
    mask: np.ndarray  # bool per document number: does it match (deleted ones never do)
    scores: np.ndarray  # float64 per document number; 0 where it does not match


class Evaluator:
    """Evaluates queries against one searcher; `terms` caches decoded posting lists."""

    def __init__(self, searcher, terms: TermCache, live: np.ndarray, lengths):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.terms = terms
        self.live = live
        self.lengths = lengths  # fieldname -> per-document field lengths (float64)
        weighting = searcher.weighting
        if type(weighting) is not scoring.BM25F or weighting._field_B:
            raise Unsupported("only the default BM25F weighting is reproduced")
        self.B, self.K1 = weighting.B, weighting.K1
        self.count = len(live)

    def evaluate(self, q: query.Query) -> Match:
        match = self._eval(q)
        return Match(match.mask & self.live, np.where(match.mask & self.live, match.scores, 0.0))

    def _empty(self) -> Match:
        return Match(np.zeros(self.count, dtype=bool), np.zeros(self.count))

    def _eval(self, q: query.Query) -> Match:
        if q is query.NullQuery or isinstance(q, query.NullQuery.__class__):
            return self._empty()
        kind = type(q)
        if kind is query.Term:
            return self._term(q)
        if kind is query.Every and q.fieldname in (None, "", "*"):
            return Match(self.live.copy(), np.where(self.live, float(q.boost), 0.0))
        if kind is query.Not:
            # Alone, Not is Whoosh's InverseMatcher: every other document, scored 1.
            inner = self._eval(q.query)
            mask = ~inner.mask
            return Match(mask, np.where(mask, 1.0, 0.0))
        if kind is query.Phrase:
            return self._phrase(q)
        if kind is query.And:
            return self._boosted(q, self._and([self._eval(s) for s in q.subqueries]))
        if kind is query.Or:
            if q.scale or q.minmatch:
                raise Unsupported("scaled OR")
            return self._boosted(q, self._or([self._eval(s) for s in q.subqueries]))
        if kind is query.AndNot:
            positive, negative = self._eval(q.a), self._eval(q.b)
            mask = positive.mask & ~negative.mask
            return self._boosted(q, Match(mask, np.where(mask, positive.scores, 0.0)))
        if kind is query.AndMaybe:
            required, optional = self._eval(q.a), self._eval(q.b)
            scores = required.scores + np.where(optional.mask, optional.scores, 0.0)
            return self._boosted(q, Match(required.mask, np.where(required.mask, scores, 0.0)))
        raise Unsupported(kind.__name__)

    def _boosted(self, q: query.Query, match: Match) -> Match:
        if q.boost != 1.0:
            match.scores = match.scores * q.boost
        return match

    def _and(self, parts: list[Match]) -> Match:
        return self._combined(parts, np.logical_and)

    def _or(self, parts: list[Match]) -> Match:
        return self._combined(parts, np.logical_or)

    def _combined(self, parts: list[Match], join) -> Match:
        # Whoosh sums the scores of the parts that match a document (each part is 0 elsewhere).
        if not parts:
            return self._empty()
        mask = parts[0].mask.copy()
        scores = parts[0].scores.copy()
        for part in parts[1:]:
            join(mask, part.mask, out=mask)
            scores += part.scores
        return Match(mask, np.where(mask, scores, 0.0))

    def _phrase(self, q: query.Phrase) -> Match:
        # Whoosh's Phrase: an ordered SpanNear2 over the words' Term matchers, scored as the sum
        # of the words' scores (summed as its binary tree of intersections sums them), boosted.
        if q.fieldname not in self.reader.schema:
            return self._empty()
        field = self.reader.schema[q.fieldname]
        if q.slop != 1 or not field.format or not field.format.supports("positions"):
            raise Unsupported("phrase with slop, or a field without positions")
        texts = []
        for word in q.words:
            try:
                text = field.to_bytes(word)
            except ValueError:
                return self._empty()
            if (q.fieldname, text) not in self.reader:
                return self._empty()
            texts.append(text)
        # Occurrences first: reading them also caches the postings the words' scores need.
        by_word = [self.terms.occurrences(self.reader, q.fieldname, text) for text in texts]
        parts = [self._term(query.Term(q.fieldname, word)) for word in q.words]
        mask = np.zeros(self.count, dtype=bool)
        for segment in zip(*by_word, strict=True):  # per segment: (offset, keys) of each word
            mask[phrase_documents([keys for _, keys in segment]) + segment[0][0]] = True
        scores = _tree_sum([part.scores for part in parts])
        if q.boost != 1.0:
            scores = scores * q.boost
        return Match(mask, np.where(mask, scores, 0.0))

    def _term(self, q: query.Term) -> Match:
        fieldname = q.fieldname
        if fieldname not in self.reader.schema:
            return self._empty()
        field = self.reader.schema[fieldname]
        text = field.to_bytes(q.text)
        docs, weights = self.terms.postings(self.reader, fieldname, text)
        mask = np.zeros(self.count, dtype=bool)
        scores = np.zeros(self.count)
        if not len(docs):
            return Match(mask, scores)
        mask[docs] = True
        if field.scorable:
            scores[docs] = self._bm25(fieldname, text, weights, docs)
        else:
            scores[docs] = weights  # Whoosh's WeightScorer: the posting's weight itself
        if q.boost != 1.0:
            scores[docs] *= q.boost
        return Match(mask, scores)

    def _bm25(self, fieldname: str, text, weights: np.ndarray, docs: np.ndarray) -> np.ndarray:
        # The same arithmetic, in the same order, as whoosh.scoring.bm25, so scores are equal.
        idf = self.searcher.idf(fieldname, text)
        avgfl = self.searcher.avg_field_length(fieldname) or 1
        lengths = self.lengths(fieldname)[docs]
        B, K1 = self.B, self.K1
        return idf * ((weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / avgfl)))


def _tree_sum(scores: list[np.ndarray]) -> np.ndarray:
    # whoosh.util.make_binary_tree's order: the first half's sum plus the second half's.
    if len(scores) == 1:
        return scores[0]
    half = len(scores) // 2
    return _tree_sum(scores[:half]) + _tree_sum(scores[half:])
