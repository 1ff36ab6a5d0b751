"""The JSON API's shapes, built from the same plain data the HTML page renders.

Pure functions of SearchResults / ReportView; report URLs are passed in by the view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from searchapp.facet_search import FacetSearch
from searchapp.facets import FacetValue
from searchapp.report import ReportView
from searchapp.search import Hit, SearchResults
from searchapp.syria_map import MapView
from searchapp.timeline import Timeline
from searchapp.urls import query_args


def hit_payload(hit: Hit, report_url: str) -> dict:
    return {**asdict(hit.facts), "url": report_url, "snippet": str(hit.snippet), "score": hit.score}


def facet_value_payload(v: FacetValue) -> dict:
    return {
        "value": v.value,
        "label": v.label,
        "count": v.count,
        "selected": v.selected,
        "excluded": v.excluded,
        "toggle_url": v.toggle_url,
        "exclude_url": v.exclude_url,
    }


def facet_search_payload(found: FacetSearch) -> dict:
    return {
        "facet": found.facet.name,
        "fq": found.fq,
        "matched": found.matched,
        "values": [facet_value_payload(v) for v in found.values],
    }


def search_payload(
    results: SearchResults,
    report_url: Callable[[str], str],
    timeline: Timeline | None = None,
    syria_map: MapView | None = None,
) -> dict:
    request = results.request
    return {
        "query": request.q,
        "params": [list(pair) for pair in query_args(request)],
        "total": results.total,
        "page": request.page,
        "per_page": request.per_page,
        "pages": results.pages,
        "sort": request.sort,
        "notice": results.notice,
        "suggestion": results.suggestion,
        "excluded": {name: list(values) for name, values in request.excluded.items()},
        "hits": [hit_payload(hit, report_url(hit.facts.id)) for hit in results.hits],
        "facets": {
            facet.name: [facet_value_payload(v) for v in facet.values] for facet in results.facets
        },
        "timeline": {
            "months": [
                {"month": month, "reports": reports, "deaths": deaths}
                for month, (reports, deaths) in results.timeline.items()
            ],
            "undated": results.undated,
            "chart": timeline.to_json() if timeline else None,
        },
        "map": syria_map.to_json() if syria_map else None,
        "took_ms": results.took_ms,
    }


def report_payload(report: ReportView, report_url: str, similar_url: Callable[[str], str]) -> dict:
    payload = {
        **asdict(report.facts),
        "url": report_url,
        "text": report.body,
        "evidence": report.evidence,
        "similar": [
            {
                "id": s.id,
                "title": s.title,
                "published": s.published,
                "death_toll": s.death_toll,
                "url": similar_url(s.id),
            }
            for s in report.similar
        ],
    }
    if report.matches is not None:  # only when a query was given
        payload["matches"] = report.matches
    return payload
