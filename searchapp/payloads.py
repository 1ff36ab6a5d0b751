"""The JSON API's shapes, built from the same plain data the HTML page renders.

Pure functions of SearchResults / ReportView; report URLs are passed in by the view.
"""

from __future__ import annotations

from collections.abc import Callable

from searchapp.report import ReportView
from searchapp.search import Hit, SearchResults
from searchapp.urls import query_args


def hit_payload(hit: Hit, report_url: str) -> dict:
    return {
        "id": hit.id,
        "title": hit.title,
        "url": report_url,
        "published": hit.published,
        "source": hit.source,
        "cities": hit.cities,
        "actors": hit.actors,
        "perpetrator": hit.perpetrator,
        "death_toll": hit.death_toll,
        "toll_approximate": hit.toll_approximate,
        "toll_range": hit.toll_range,
        "snippet": str(hit.snippet),
        "score": hit.score,
    }


def search_payload(results: SearchResults, report_url: Callable[[str], str]) -> dict:
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
        "hits": [hit_payload(hit, report_url(hit.id)) for hit in results.hits],
        "facets": {
            facet.name: [
                {
                    "value": v.value,
                    "label": v.label,
                    "count": v.count,
                    "selected": v.selected,
                    "toggle_url": v.toggle_url,
                }
                for v in facet.values
            ]
            for facet in results.facets
        },
        "took_ms": results.took_ms,
    }


def report_payload(report: ReportView, report_url: str) -> dict:
    return {
        "id": report.id,
        "title": report.title,
        "url": report_url,
        "original_url": report.url,
        "published": report.published,
        "source": report.source,
        "cities": report.cities,
        "governorates": report.governorates,
        "actors": report.actors,
        "perpetrator": report.perpetrator,
        "death_toll": report.death_toll,
        "toll_approximate": report.toll_approximate,
        "toll_range": report.toll_range,
        "text": report.body,
        "evidence": report.evidence,
    }
