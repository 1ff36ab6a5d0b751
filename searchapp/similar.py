"""Reports like a given one, by more-like-this: Whoosh's key terms of its stored headline and text
(the Bo1 model behind searcher.more_like), and the other reports ranked by the key terms they
share. Plain data out; no Flask here, and nothing written to the index.
"""

from __future__ import annotations

import heapq

from indexer.schema import BODY, TITLE
from searchapp.facts import ReportFacts, read_facts

SIMILAR_LIMIT = 5
KEY_TERMS = 12
CANDIDATE_TERMS = 40
# Whoosh's key terms can include words most reports contain ("said", "market"): they cost the
# most postings to read and tell reports apart the least. Leaving out words in more than this many
# reports bounds the work at KEY_TERMS x this many postings whatever the archive's size; below
# ~2,000 reports nothing is left out.
MAX_TERM_REPORTS = 2000


def key_terms(searcher, text: str) -> list[tuple[str, float]]:
    """The report's most telling words with their weights: Whoosh's key terms, minus words no
    other report has and words too common to be worth their cost."""
    chosen = []
    for word, weight in searcher.key_terms_from_text(BODY, text, numterms=CANDIDATE_TERMS):
        if 1 < searcher.doc_frequency(BODY, word) <= MAX_TERM_REPORTS:
            chosen.append((word, weight))
            if len(chosen) == KEY_TERMS:
                break
    return chosen


def _likeness(reader, terms: list[tuple[str, float]]) -> dict[int, float]:
    """Each report sharing a key term -> the summed weights of the terms it has, each damped by how
    often it is used (tf / (tf + 1)), so one word repeated cannot outweigh several shared.

    Read straight from the postings: Whoosh's OR matcher (searcher.more_like) took 60 ms for the
    same ranking on a 20,000-report index, this takes under 15."""
    scores: dict[int, float] = {}
    for word, weight in terms:
        for docnum, frequency in reader.postings(BODY, word).items_as("weight"):
            scores[docnum] = scores.get(docnum, 0.0) + weight * frequency / (frequency + 1.0)
    return scores


def similar_reports(
    searcher, docnum: int, fields: dict, limit: int = SIMILAR_LIMIT
) -> list[ReportFacts]:
    """Up to `limit` other reports most like document `docnum`, best first (ties: index order)."""
    # The headline carries the story's key words, so it counts along with the body.
    text = f"{fields.get(TITLE, '')}\n\n{fields.get(BODY, '')}"
    terms = key_terms(searcher, text) if text.strip() else []
    # The reader's postings leave out reports deleted by a reindex (not yet merged away).
    scores = _likeness(searcher.reader(), terms)
    scores.pop(docnum, None)
    best = heapq.nsmallest(limit, scores.items(), key=lambda item: (-item[1], item[0]))
    return [read_facts(searcher.stored_fields(d)) for d, _ in best]
