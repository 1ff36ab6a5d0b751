"""Search URLs as values: a SearchRequest to its query string, and the request one click away.

Every state of the page is a URL; these helpers add or remove one argument and nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import lru_cache
from urllib.parse import quote_plus

from searchapp.params import DEFAULT_CHART, DEFAULT_PER_PAGE, SearchRequest, facet_arg


def query_args(request: SearchRequest) -> list[tuple[str, str]]:
    """The query-string arguments that reproduce `request`, leaving out defaults."""
    args: list[tuple[str, str]] = []
    if request.q:
        args.append(("q", request.q))
    for name, values in request.filters.items():
        args.extend((name, facet_arg(value)) for value in values)
    for name, values in request.excluded.items():
        args.extend((name, facet_arg(value, excluded=True)) for value in values)
    if request.date_from:
        args.append(("from", request.date_from.isoformat()))
    if request.date_to:
        args.append(("to", request.date_to.isoformat()))
    if not request.sort_is_default:
        args.append(("sort", request.sort))
    if request.chart != DEFAULT_CHART:
        args.append(("chart", request.chart))
    if request.per_page != DEFAULT_PER_PAGE:
        args.append(("per_page", str(request.per_page)))
    if request.page != 1:
        args.append(("page", str(request.page)))
    return args


@lru_cache(maxsize=16384)
def _quoted(text: str) -> str:
    # A page builds thousands of facet links from the same few names and values.
    return quote_plus(text)


def search_url(request: SearchRequest, path: str = "/") -> str:
    """The URL of `request` (what urllib's urlencode gives, memoised per name and value)."""
    args = query_args(request)
    query = "&".join(f"{_quoted(name)}={_quoted(value)}" for name, value in args)
    return f"{path}?{query}" if args else path


def _flipped(selection, name: str, value: str) -> dict[str, tuple[str, ...]]:
    """`selection` with `value` added to facet `name`, or removed if it was there."""
    values = selection.get(name, ())
    values = tuple(v for v in values if v != value) if value in values else (*values, value)
    flipped = {k: v for k, v in selection.items() if k != name}
    if values:
        flipped[name] = values
    return flipped


def _dropped(selection, name: str, value: str) -> dict[str, tuple[str, ...]]:
    values = selection.get(name, ())
    return _flipped(selection, name, value) if value in values else dict(selection)


def toggled(request: SearchRequest, name: str, value: str) -> SearchRequest:
    """The request with one facet value selected, or unselected if it was; back to page 1.

    Selecting a value that was excluded lifts the exclusion.
    """
    return replace(
        request,
        filters=_flipped(request.filters, name, value),
        excluded=_dropped(request.excluded, name, value),
        page=1,
    )


def excluded_toggled(request: SearchRequest, name: str, value: str) -> SearchRequest:
    """The request with one facet value excluded, or no longer excluded; back to page 1."""
    return replace(
        request,
        filters=_dropped(request.filters, name, value),
        excluded=_flipped(request.excluded, name, value),
        page=1,
    )


def with_dates(
    request: SearchRequest, date_from: dt.date | None, date_to: dt.date | None
) -> SearchRequest:
    return replace(request, date_from=date_from, date_to=date_to, page=1)


def with_chart(request: SearchRequest, chart: str) -> SearchRequest:
    return replace(request, chart=chart)


def without_dates(request: SearchRequest) -> SearchRequest:
    return replace(request, date_from=None, date_to=None, page=1)


def cleared(request: SearchRequest) -> SearchRequest:
    """Same words, no filters."""
    return replace(request, filters={}, excluded={}, date_from=None, date_to=None, page=1)


def on_page(request: SearchRequest, page: int) -> SearchRequest:
    return replace(request, page=page)


def sorted_by(request: SearchRequest, sort: str) -> SearchRequest:
    return replace(request, sort=sort, page=1)
