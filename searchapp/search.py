"""The search layer: run a validated SearchRequest against a Whoosh searcher and return plain data.

Hits with snippets, and each facet's counts computed with every other facet's filters applied but
not its own (so its other values stay selectable). Both the HTML page and the JSON API render
what this returns. No Flask here.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
from markupsafe import Markup
from whoosh import searching

from indexer.schema import BODY, FACETS, MONTH, TITLE, TOLL_SORT
from searchapp import facets as facet_view
from searchapp.facts import ReportFacts, read_facts
from searchapp.highlight import plain_snippet, snippet_highlighter, whole_text_highlighter
from searchapp.params import SearchRequest
from searchapp.queries import combine, filters_for, parse_user_query, sort_for
from searchapp.suggest import SUGGEST_BELOW, suggest_query

_WHOLE = whole_text_highlighter()

# Posting sets of one facet field: value -> the document numbers holding it.
Postings = Mapping[str, frozenset[int]]
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


def facet_postings(reader, fieldname: str) -> dict[str, frozenset[int]]:
    """Every value of a facet field with the documents holding it (read once per generation)."""
    return {
        value: frozenset(reader.postings(fieldname, value).all_ids())
        for value in reader.field_terms(fieldname)
    }


def _count(postings: Postings, matched: frozenset[int]) -> dict[str, int]:
    counts = {}
    for value, docs in postings.items():
        n = len(docs & matched)  # set intersection walks the smaller side
        if n:
            counts[value] = n
    return counts


def death_tolls(reader) -> np.ndarray:
    """Each document's death toll by document number (-1 when none), read once per generation."""
    count = reader.doc_count_all()
    if not reader.has_column(TOLL_SORT):
        return np.full(count, -1, dtype=np.int64)
    return np.fromiter(iter(reader.column_reader(TOLL_SORT)), dtype=np.int64, count=count)


def _timeline(
    months: Postings, matched: frozenset[int], tolls: np.ndarray
) -> tuple[dict[str, tuple[int, int]], int]:
    timeline = {}
    dated = 0
    for month, docs in months.items():
        inside = docs & matched
        if inside:
            values = tolls[np.fromiter(inside, dtype=np.int64, count=len(inside))]
            timeline[month] = (len(inside), int(values[values > 0].sum()))
            dated += len(inside)
    return dict(sorted(timeline.items())), len(matched) - dated


def _to_hit(hit: searching.Hit, highlighted: bool, scored: bool) -> Hit:
    fields = hit.fields()
    title = fields.get(TITLE, "")
    # The headline is shown whole; the body only as fragments around the matches.
    title_html = _WHOLE.highlight_hit(hit, TITLE, text=title, top=1) if highlighted else ""
    snippet = " ".join(hit.highlights(BODY, top=2).split()) if highlighted else ""
    return Hit(
        facts=read_facts(fields),
        title_html=Markup(title_html) if title_html else plain_snippet(title, limit=10_000),
        snippet=Markup(snippet) if snippet else plain_snippet(fields.get(BODY, "")),
        score=round(hit.score, 4) if scored and hit.score is not None else None,
    )


def search(
    searcher: searching.Searcher,
    request: SearchRequest,
    postings_for: Callable[[str], Postings],
    tolls_for: Callable[[], np.ndarray] | None = None,
) -> SearchResults:
    """Run `request`; `postings_for(field)` gives a facet field's posting sets and `tolls_for()`
    the per-document death tolls (the caller caches both per index generation)."""
    started = time.perf_counter()
    parsed = parse_user_query(request.q)
    matched_by_filters: dict[tuple, frozenset[int]] = {}

    def matched(without: tuple[str, ...] = (), dates: bool = True) -> frozenset[int]:
        # Facets with no selection of their own share the set matched by all the filters.
        key = (
            tuple(sorted((n, v) for n, v in request.filters.items() if n not in without)),
            tuple(sorted((n, v) for n, v in request.excluded.items() if n not in without)),
            dates,
        )
        if key not in matched_by_filters:
            q = combine(parsed.query, filters_for(request, without=without, dates=dates))
            matched_by_filters[key] = frozenset(searcher.docs_for_query(q))
        return matched_by_filters[key]

    everything = matched()
    counts: dict[str, dict[str, int]] = {}
    facet_errors = []
    for name, fieldname in FACETS.items():
        try:
            counts[name] = _count(postings_for(fieldname), matched((name,)))
        except Exception as error:  # a failing facet degrades only itself
            facet_errors.append(f"{name}: {error}")
            counts[name] = {}
    timeline, undated = {}, 0
    try:
        tolls = tolls_for() if tolls_for else death_tolls(searcher.reader())
        timeline, undated = _timeline(postings_for(MONTH), matched(TIME_FACETS, dates=False), tolls)
    except Exception as error:  # the chart degrades alone, like a facet
        facet_errors.append(f"timeline: {error}")

    sortedby = sort_for(request)
    highlighted = bool(request.q)
    start, limit = (request.page - 1) * request.per_page, request.page * request.per_page
    hits: list[Hit] = []
    if start < len(everything):
        results = searcher.search(
            parsed.query, filter=set(everything), limit=limit, sortedby=sortedby, terms=highlighted
        )
        results.highlighter = snippet_highlighter()
        hits = [_to_hit(hit, highlighted, sortedby is None) for hit in results[start:limit]]
    suggestion = None
    if request.q and len(everything) < SUGGEST_BELOW:
        suggestion = _better_query(searcher, request, len(everything))
    return SearchResults(
        request=request,
        total=len(everything),
        hits=hits,
        facets=facet_view.build_facets(request, counts),
        notice=parsed.notice,
        took_ms=round((time.perf_counter() - started) * 1000, 1),
        pages=math.ceil(len(everything) / request.per_page),
        facet_errors=facet_errors,
        timeline=timeline,
        undated=undated,
        suggestion=suggestion,
    )


def _better_query(searcher: searching.Searcher, request: SearchRequest, found: int) -> str | None:
    """A corrected query that finds more reports than `found` with the same filters, or None."""
    suggestion = suggest_query(searcher, request.q)
    if suggestion is None:
        return None
    q = combine(parse_user_query(suggestion).query, filters_for(request))
    return suggestion if sum(1 for _ in searcher.docs_for_query(q)) > found else None
