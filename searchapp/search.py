"""The search layer: run a validated SearchRequest against a Whoosh searcher and return plain data.

Hits with snippets, and each facet's counts computed with every other facet's filters applied but
not its own (so its other values stay selectable). Both the HTML page and the JSON API render
what this returns. No Flask here.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
from markupsafe import Markup
from whoosh import query, searching

from indexer.schema import BODY, FACETS, TITLE
from searchapp import facets as facet_view
from searchapp.facts import ReportFacts, read_facts
from searchapp.highlight import (
    Wanted,
    highlight_text,
    plain_snippet,
    snippet_highlighter,
    whole_text_highlighter,
)
from searchapp.match_sets import WHOOSH_SECONDS, Engine
from searchapp.params import SearchRequest
from searchapp.queries import effective_sort, parse_user_query
from searchapp.query_limits import bounded
from searchapp.ranking import page_of
from searchapp.suggest import SUGGEST_BELOW, suggest_query

_WHOLE = whole_text_highlighter()
_SNIPPET = snippet_highlighter()

# The facets the timeline ignores, like the date range: it shows when, whatever the dates chosen.
TIME_FACETS = ("year", "month")


@dataclass
class Hit:
    facts: ReportFacts
    title_html: Markup
    snippet: Markup
    score: float | None


@dataclass
class SearchResults:
    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: list[facet_view.Facet]
    notice: str | None = None
    took_ms: float = 0.0
    pages: int = 0
    facet_errors: list[str] = field(default_factory=list)
    # "YYYY-MM" -> (matching reports, their summed death toll), every filter but the dates applied.
    timeline: dict[str, tuple[int, int]] = field(default_factory=dict)
    undated: int = 0
    suggestion: str | None = None


def bounded_query(text: str, reader) -> tuple[query.Query, str | None]:
    """The user's query with wildcards and fuzzy words cut to what one search may cost
    (searchapp.query_limits), and the notice to show, if any."""
    parsed = parse_user_query(text)
    q, cut = bounded(parsed.query, reader)
    return q, parsed.notice or cut


def highlight_words(q: query.Query, reader) -> dict[str, Wanted]:
    """Per field, what a hit's text is marked with: the indexed words of `q`, and its exact
    phrases as runs of words (nothing under a NOT)."""
    words: dict[str, set[str]] = {}
    phrases: dict[str, set[tuple[str, ...]]] = {}

    def walk(node: query.Query) -> None:
        if isinstance(node, query.Not):
            return
        if isinstance(node, query.AndNot):
            walk(node.a)
            return
        if isinstance(node, query.Phrase) and node.slop == 1 and node.words:
            phrases.setdefault(node.fieldname, set()).add(tuple(node.words))
            return
        if node.is_leaf():
            for fieldname, text in node.existing_terms(reader, phrases=True, expand=True):
                field = reader.schema[fieldname]
                words.setdefault(fieldname, set()).add(field.from_bytes(text))
            return
        for child in node.children():
            walk(child)

    walk(q)
    return {
        fieldname: Wanted(
            frozenset(words.get(fieldname, ())), frozenset(phrases.get(fieldname, ()))
        )
        for fieldname in set(words) | set(phrases)
    }


def _to_hit(searcher, docnum: int, words: dict, score: float | None) -> Hit:
    fields = searcher.stored_fields(docnum)
    title, body = fields.get(TITLE, ""), fields.get(BODY, "")
    schema = searcher.schema
    # The headline is shown whole; the body only as fragments around the matches.
    title_html = (
        highlight_text(title, words[TITLE], schema[TITLE].analyzer, _WHOLE, top=1)
        if words.get(TITLE) and title
        else ""
    )
    snippet = (
        " ".join(highlight_text(body, words[BODY], schema[BODY].analyzer, _SNIPPET, top=2).split())
        if words.get(BODY) and body
        else ""
    )
    return Hit(
        facts=read_facts(fields),
        title_html=Markup(title_html) if title_html else plain_snippet(title, limit=10_000),
        snippet=Markup(snippet) if snippet else plain_snippet(body),
        score=round(score, 4) if score is not None else None,
    )


def ranked(searcher, q, words, everything, engine, sort: str, start: int, stop: int):
    """(document number, score or None) of the hits on the page, in order."""
    if sort != "relevance" or words.scores is not None:
        docs = page_of(everything, words.scores, engine.arrays, sort, start, stop)
        scores = words.scores if sort == "relevance" else None
        return [(d, float(scores[d]) if scores is not None else None) for d in docs]
    # A shape numpy does not score (sloppy phrases, ranges): Whoosh ranks, within the filters.
    allowed = None if np.array_equal(everything, words.mask) else set(np.flatnonzero(everything))
    results = searcher.search(q, filter=allowed, limit=stop)
    return [(hit.docnum, hit.score) for hit in results[start:stop]]


def search(searcher: searching.Searcher, request: SearchRequest, engine: Engine) -> SearchResults:
    """Run `request`. `engine` (searchapp.match_sets) holds the arrays and caches of the index
    generation `searcher` reads."""
    started = time.perf_counter()
    user_query, notice = bounded_query(request.q, searcher.reader())
    sort = effective_sort(request)
    words = engine.words(user_query)
    masks: dict[tuple, np.ndarray] = {}

    def matched(without: tuple[str, ...] = (), dates: bool = True) -> np.ndarray:
        # Facets with no selection of their own share the set matched by all the filters.
        own = set(without) & (set(request.filters) | set(request.excluded))
        key = (tuple(sorted(own)), dates or not (request.date_from or request.date_to))
        if key not in masks:
            masks[key] = words.mask & engine.filters(request, key[0], dates)
        return masks[key]

    everything = matched()
    total = int(everything.sum())
    counts: dict[str, dict[str, int]] = {}
    facet_errors = []
    for name, fieldname in FACETS.items():
        try:
            counts[name] = engine.arrays.field(fieldname).counts(matched((name,)))
        except Exception as error:  # a failing facet degrades only itself
            facet_errors.append(f"{name}: {error}")
            counts[name] = {}
    timeline, undated = {}, 0
    try:
        timeline, undated = engine.arrays.timeline(matched(TIME_FACETS, dates=False))
    except Exception as error:  # the chart degrades alone, like a facet
        facet_errors.append(f"timeline: {error}")

    start, stop = (request.page - 1) * request.per_page, request.page * request.per_page
    hits: list[Hit] = []
    if start < total:
        shown = ranked(searcher, user_query, words, everything, engine, sort, start, stop)
        terms = highlight_words(user_query, searcher.reader()) if request.q else {}
        hits = [_to_hit(searcher, docnum, terms, score) for docnum, score in shown]
    if not words.complete:
        notice = (
            f"This query took longer than {WHOOSH_SECONDS:g} s, so the results and counts are "
            "incomplete; a more specific query will be quicker."
        )
    suggestion = None
    if request.q and total < SUGGEST_BELOW:
        suggestion = _better_query(searcher, request, total, engine)
    return SearchResults(
        request=request,
        total=total,
        hits=hits,
        facets=facet_view.build_facets(request, counts),
        notice=notice,
        took_ms=round((time.perf_counter() - started) * 1000, 1),
        pages=math.ceil(total / request.per_page),
        facet_errors=facet_errors,
        timeline=timeline,
        undated=undated,
        suggestion=suggestion,
    )


def _better_query(
    searcher: searching.Searcher, request: SearchRequest, found: int, engine: Engine
) -> str | None:
    """A corrected query that finds more reports than `found` with the same filters, or None."""
    suggestion = suggest_query(searcher, request.q)
    if suggestion is None:
        return None
    words = engine.words(bounded_query(suggestion, searcher.reader())[0])
    return suggestion if int((words.mask & engine.filters(request)).sum()) > found else None
