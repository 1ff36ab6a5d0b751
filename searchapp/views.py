"""The site's routes: validate the request, call the search layer, render HTML or JSON.

Thin by design: no query building and no markup here.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from flask import Blueprint, abort, jsonify, render_template, request, url_for

from indexer.schema import FACETS
from searchapp import facets as facet_view
from searchapp.export import export_response
from searchapp.facet_search import MAX_FACET_QUERY, search_facet
from searchapp.index import get_handle, get_searcher
from searchapp.params import SORTS, BadParameter, SearchRequest, parse_search_args
from searchapp.payloads import facet_search_payload, report_payload, search_payload
from searchapp.report import load_report
from searchapp.search import search
from searchapp.syria_map import build_map
from searchapp.timeline import build_timeline
from searchapp.urls import on_page, query_args, search_url, sorted_by

bp = Blueprint("search", __name__)

SORT_LABELS = {
    "relevance": "Relevance",
    "newest": "Newest",
    "oldest": "Oldest",
    "toll": "Highest death toll",
}


def report_url(report_id: str, q: str = "") -> str:
    url = url_for("search.report", report_id=report_id)
    return f"{url}?{urlencode({'q': q})}" if q else url


def _run(search_request: SearchRequest):
    searcher = get_searcher()
    handle = get_handle()
    return search(searcher, search_request, handle.engine(searcher))


def _page_links(search_request: SearchRequest, pages: int) -> dict:
    page = search_request.page
    window = range(max(1, page - 3), min(pages, page + 3) + 1)
    return {
        "previous": search_url(on_page(search_request, page - 1)) if page > 1 else None,
        "next": search_url(on_page(search_request, page + 1)) if page < pages else None,
        "numbers": [(n, search_url(on_page(search_request, n)), n == page) for n in window],
    }


def _hidden_args(search_request: SearchRequest, drop: tuple[str, ...]) -> list[tuple[str, str]]:
    """The arguments a form must carry along so that submitting it keeps the other filters."""
    return [(name, value) for name, value in query_args(search_request) if name not in drop]


@bp.get("/")
def index():
    search_request = parse_search_args(request.args)
    results = _run(search_request)
    sorts = [
        (
            name,
            SORT_LABELS[name],
            search_url(sorted_by(search_request, name)),
            name == search_request.sort,
        )
        for name in SORTS
    ]
    timeline, syria_map = _figures(search_request, results)
    return render_template(
        "search.html",
        results=results,
        timeline=timeline,
        syria_map=syria_map,
        search_request=search_request,
        chips=facet_view.build_chips(search_request),
        clear_url=facet_view.clear_all_url(search_request),
        sorts=sorts,
        pagination=_page_links(search_request, results.pages),
        suggestion_url=(
            search_url(replace(search_request, q=results.suggestion, page=1))
            if results.suggestion
            else None
        ),
        hit_urls={hit.facts.id: _hit_url(hit.facts.id, search_request.q) for hit in results.hits},
        form_hidden=_hidden_args(search_request, drop=("q", "page")),
        date_form_hidden=_hidden_args(search_request, drop=("from", "to", "page")),
        facet_form_hidden=_hidden_args(search_request, drop=("page",)),
        export_urls=_export_urls(search_request),
    )


def _hit_url(report_id: str, q: str) -> str:
    # With words to find, the report opens at its first match, script or no script.
    return report_url(report_id, q) + ("#m1" if q else "")


def _figures(search_request: SearchRequest, results):
    """The timeline and the map of a search, for the page and the API alike."""
    governorates = next((f for f in results.facets if f.name == "governorate"), None)
    counts = {v.value: v.count for v in governorates.values} if governorates else {}
    return (
        build_timeline(search_request, results.timeline, results.undated),
        build_map(search_request, counts),
    )


def _export_urls(search_request: SearchRequest) -> dict[str, str]:
    whole = replace(search_request, page=1)
    return {
        fmt: search_url(whole, path=url_for("search.export", fmt=fmt)) for fmt in ("csv", "jsonl")
    }


def _facet_search(name: str):
    if name not in FACETS:
        abort(404, description=f"There is no facet called {name!r}.")
    fq = request.args.get("fq", "")
    if len(fq) > MAX_FACET_QUERY:
        raise BadParameter("fq", f"the filter text is longer than {MAX_FACET_QUERY} characters")
    search_request = parse_search_args(request.args)
    searcher, handle = get_searcher(), get_handle()
    found = search_facet(search_request, name, fq, handle.engine(searcher))
    return search_request, found


@bp.get("/facets/<name>")
def facet_values(name: str):
    """Every value of one facet matching the filter text: the no-JavaScript facet search."""
    search_request, found = _facet_search(name)
    return render_template(
        "facet_values.html",
        found=found,
        search_request=search_request,
        back_url=search_url(search_request),
        form_hidden=_hidden_args(search_request, drop=("q", "page")),
        facet_form_hidden=_hidden_args(search_request, drop=("page",)),
    )


@bp.get("/api/facets/<name>")
def api_facet_values(name: str):
    _, found = _facet_search(name)
    return jsonify(facet_search_payload(found))


@bp.get("/report/<path:report_id>")
def report(report_id: str):
    q = request.args.get("q", "")[:1000]
    view = load_report(get_searcher(), report_id, q)
    if view is None:
        abort(404, description=f"There is no report with the id {report_id!r} in the index.")
    return render_template(
        "report.html",
        report=view,
        q=q,
        back_url=search_url(SearchRequest(q=q)) if q else None,
        similar_urls={facts.id: report_url(facts.id) for facts in view.similar},
    )


@bp.get("/api/search")
def api_search():
    search_request = parse_search_args(request.args)
    results = _run(search_request)
    timeline, syria_map = _figures(search_request, results)
    return jsonify(search_payload(results, report_url, timeline, syria_map))


@bp.get("/api/report/<path:report_id>")
def api_report(report_id: str):
    q = request.args.get("q", "")[:1000]
    view = load_report(get_searcher(), report_id, q)
    if view is None:
        abort(404, description=f"There is no report with the id {report_id!r} in the index.")
    return jsonify(report_payload(view, report_url(report_id), report_url))


@bp.get("/export.<any(csv, jsonl):fmt>")
def export(fmt: str):
    """The whole result set of a search as CSV or JSON Lines, streamed (see searchapp/export.py)."""
    search_request = parse_search_args(request.args)
    return export_response(
        get_handle(), search_request, fmt, lambda report_id: report_url(report_id, search_request.q)
    )
