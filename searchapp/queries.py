"""Turning a validated SearchRequest into Whoosh queries: the user's words, facet filters, sorting.

Pure: no app, no index, no I/O, so every shape can be tested on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh import query, sorting
from whoosh.qparser import FieldAliasPlugin, FuzzyTermPlugin, MultifieldParser

from indexer.schema import (
    ACTORS,
    BODY,
    CITIES,
    DATE_SORT,
    DATED,
    FACETS,
    GOVERNORATES,
    SOURCE,
    TEXT_FIELDS,
    TITLE,
    TOLL_SORT,
    build_schema,
)
from searchapp.params import SearchRequest
from searchapp.query_limits import tamed

# Friendlier names people may type before a colon ("city:Aleppo").
FIELD_ALIASES = {
    TITLE: ["headline"],
    BODY: ["text"],
    CITIES: ["city"],
    GOVERNORATES: ["governorate"],
    ACTORS: ["actor"],
    SOURCE: ["outlet"],
}
_OPERATORS = re.compile(r"\b(AND|OR|NOT|ANDNOT|ANDMAYBE)\b")
_WORDS = re.compile(r"\w+", re.UNICODE)

_SCHEMA = build_schema()


@dataclass(frozen=True)
class ParsedQuery:
    query: query.Query
    # Set when the user's syntax could not be honoured and plain words were searched instead.
    notice: str | None = None


def _parser() -> MultifieldParser:
    parser = MultifieldParser(list(TEXT_FIELDS), _SCHEMA, fieldboosts=TEXT_FIELDS)
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
    return parser


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0 and text.count('"') % 2 == 0


def _has_error(q: query.Query) -> bool:
    if isinstance(q, query.Term) and q.fieldname not in _SCHEMA:
        return True
    return any(_has_error(child) for child in q.children())


def plain_words(text: str) -> str:
    """The words of `text` without any query syntax (operators lowered so they count as words)."""
    return " ".join(_WORDS.findall(_OPERATORS.sub(lambda m: m.group().lower(), text)))


def parse_user_query(text: str) -> ParsedQuery:
    """The query for the user's words; Every() for none; plain words when the syntax is broken."""
    if not text.strip():
        return ParsedQuery(query.Every())
    parser = _parser()
    if _balanced(text):
        try:
            parsed = parser.parse(text)
        except Exception:  # Whoosh's parser raises assorted errors on odd syntax
            parsed = None
        if parsed is not None and not _has_error(parsed) and parsed is not query.NullQuery:
            # Fuzzy terms and `*` are held to what the index can answer quickly (query_limits).
            return ParsedQuery(tamed(parsed))
    words = plain_words(text)
    if not words:
        return ParsedQuery(query.NullQuery, "Your query has no words to search for.")
    fallback = parser.parse(words)
    if fallback is query.NullQuery:
        return ParsedQuery(
            fallback, f"Only very common words ({words}), which are not indexed; add another word."
        )
    notice = f"Your query could not be read as search syntax, so these words were searched: {words}"
    return ParsedQuery(fallback, notice)


def facet_filter(field: str, values: tuple[str, ...]) -> query.Query:
    """Reports having any of `values` in a facet field (OR within one facet)."""
    terms = [query.Term(field, value) for value in values]
    return terms[0] if len(terms) == 1 else query.Or(terms)


def date_filter(request: SearchRequest) -> query.Query | None:
    """Reports published within the request's from/to dates (undated ones never match)."""
    if not (request.date_from or request.date_to):
        return None
    low = int(request.date_from.strftime("%Y%m%d")) if request.date_from else 1
    high = int(request.date_to.strftime("%Y%m%d")) if request.date_to else None
    return query.NumericRange(DATE_SORT, low, high)


def filters_for(
    request: SearchRequest, without: str | tuple[str, ...] = (), dates: bool = True
) -> list[query.Query]:
    """Every filter of the request (AND across facets, exclusions as NOT).

    Facets named in `without` are left out, selections and exclusions alike, and so is the date
    range when `dates` is false: that is how each facet is counted without its own filter.
    """
    skip = (without,) if isinstance(without, str) else without
    parts = [
        facet_filter(FACETS[name], values)
        for name, values in request.filters.items()
        if name not in skip
    ]
    parts += [
        query.Not(facet_filter(FACETS[name], values))
        for name, values in request.excluded.items()
        if name not in skip
    ]
    date_range = date_filter(request) if dates else None
    return parts + ([date_range] if date_range else [])


def combine(user_query: query.Query, filters: list[query.Query]) -> query.Query:
    return query.And([user_query, *filters]) if filters else user_query


def effective_sort(request: SearchRequest) -> str:
    """The order of the hits: the request's, or newest first when there are no words to rank by."""
    return "newest" if request.sort == "relevance" and not request.q else request.sort


def sort_for(request: SearchRequest) -> sorting.FacetType | None:
    """Whoosh's sort facet for the hits of `request` (None: by relevance score)."""
    return sort_facet(effective_sort(request))


def sort_facet(sort: str) -> sorting.FacetType | None:
    """How to order hits for a sort name; None means by relevance score."""
    dated_first = sorting.FieldFacet(DATED, reverse=True)
    if sort == "newest":
        return sorting.MultiFacet([dated_first, sorting.FieldFacet(DATE_SORT, reverse=True)])
    if sort == "oldest":
        return sorting.MultiFacet([dated_first, sorting.FieldFacet(DATE_SORT)])
    if sort == "toll":
        return sorting.MultiFacet(
            [
                sorting.FieldFacet(TOLL_SORT, reverse=True),
                dated_first,
                sorting.FieldFacet(DATE_SORT, reverse=True),
            ]
        )
    return None
