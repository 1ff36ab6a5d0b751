"""Search URLs as values: a SearchRequest to its query string, and the request one click away.

Every state of the page is a URL; these helpers add or remove one argument and nothing else.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from searchapp.params import DEFAULT_PER_PAGE, SearchRequest


def query_args(request: SearchRequest) -> list[tuple[str, str]]:
    """The query-string arguments that reproduce `request`, leaving out defaults."""
    args: list[tuple[str, str]] = []
    if request.q:
        args.append(("q", request.q))
    for name, values in request.filters.items():
        args.extend((name, value) for value in values)
    if request.date_from:
        args.append(("from", request.date_from.isoformat()))
    if request.date_to:
        args.append(("to", request.date_to.isoformat()))
    if not request.sort_is_default:
        args.append(("sort", request.sort))
    if request.per_page != DEFAULT_PER_PAGE:
        args.append(("per_page", str(request.per_page)))
    if request.page != 1:
        args.append(("page", str(request.page)))
    return args


def search_url(request: SearchRequest, path: str = "/") -> str:
    args = query_args(request)
    return f"{path}?{urlencode(args)}" if args else path


def toggled(request: SearchRequest, name: str, value: str) -> SearchRequest:
    """The request with one facet value added, or removed if it was selected; back to page 1."""
    values = request.filters.get(name, ())
    values = tuple(v for v in values if v != value) if value in values else (*values, value)
    filters = {k: v for k, v in request.filters.items() if k != name}
    if values:
        filters[name] = values
    return replace(request, filters=filters, page=1)


def without_dates(request: SearchRequest) -> SearchRequest:
    return replace(request, date_from=None, date_to=None, page=1)


def cleared(request: SearchRequest) -> SearchRequest:
    """Same words, no filters."""
    return replace(request, filters={}, date_from=None, date_to=None, page=1)


def on_page(request: SearchRequest, page: int) -> SearchRequest:
    return replace(request, page=page)


def sorted_by(request: SearchRequest, sort: str) -> SearchRequest:
    return replace(request, sort=sort, page=1)
