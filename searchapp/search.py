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

from markupsafe import Markup
from whoosh import searching

from indexer.schema import BODY, FACETS, TITLE
from searchapp import facets as facet_view
from searchapp.facts import ReportFacts, read_facts
from searchapp.highlight import plain_snippet, snippet_highlighter, whole_text_highlighter
from searchapp.params import SearchRequest
from searchapp.queries import combine, filters_for, parse_user_query, sort_facet

_WHOLE = whole_text_highlighter()

# Posting sets of one facet field: value -> the document numbers holding it.
Postings = Mapping[str, frozenset[int]]


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
) -> SearchResults:
    """Run `request`; `postings_for(field)` gives a facet field's posting sets (caller caches)."""
    started = time.perf_counter()
    parsed = parse_user_query(request.q)
    matched_by_filters: dict[tuple, frozenset[int]] = {}

    def matched(without: str | None) -> frozenset[int]:
        # Facets with no selection of their own share the set matched by all the filters.
        key = tuple(sorted((n, v) for n, v in request.filters.items() if n != without))
        if key not in matched_by_filters:
            q = combine(parsed.query, filters_for(request, without=without))
            matched_by_filters[key] = frozenset(searcher.docs_for_query(q))
        return matched_by_filters[key]

    everything = matched(None)
    counts: dict[str, dict[str, int]] = {}
    facet_errors = []
    for name, fieldname in FACETS.items():
        try:
            counts[name] = _count(postings_for(fieldname), matched(name))
        except Exception as error:  # a failing facet degrades only itself
            facet_errors.append(f"{name}: {error}")
            counts[name] = {}

    sortedby = sort_facet(request.sort)
    if sortedby is None and not request.q:
        sortedby = sort_facet("newest")  # no words, nothing to rank by
    highlighted = bool(request.q)
    start, limit = (request.page - 1) * request.per_page, request.page * request.per_page
    hits: list[Hit] = []
    if start < len(everything):
        results = searcher.search(
            parsed.query, filter=set(everything), limit=limit, sortedby=sortedby, terms=highlighted
        )
        results.highlighter = snippet_highlighter()
        hits = [_to_hit(hit, highlighted, sortedby is None) for hit in results[start:limit]]
    return SearchResults(
        request=request,
        total=len(everything),
        hits=hits,
        facets=facet_view.build_facets(request, counts),
        notice=parsed.notice,
        took_ms=round((time.perf_counter() - started) * 1000, 1),
        pages=math.ceil(len(everything) / request.per_page),
        facet_errors=facet_errors,
    )
