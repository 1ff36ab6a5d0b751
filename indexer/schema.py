"""The index format: the Whoosh schema, its field names, and the Report-to-document mapping.

This is the one place field names are spelled; the web app imports them from here. No I/O.
"""

from __future__ import annotations

import json

from whoosh.analysis import CharsetFilter, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from indexer.places import governorates_of
from indexer.records import Report
from indexer.tolls import toll_range

# Field names.
ID_FIELD = "id"
TITLE = "title"
BODY = "body"
SOURCE = "source"
URL = "url"
PATH = "path"
ROW = "row"
CITIES = "cities"
GOVERNORATES = "governorates"
ACTORS = "actors"
PERPETRATOR = "perpetrator"
DEATH_TOLL = "death_toll"
TOLL_APPROXIMATE = "toll_approximate"
TOLL_RANGE = "toll_range"
TOLL_SORT = "toll_sort"
PUBLISHED = "published"
DATE_SORT = "date_sort"
DATED = "dated"
YEAR = "year"
MONTH = "month"
CONTENT_HASH = "content_hash"
EVIDENCE = "evidence"

# The fields a free-text query searches, with their boosts.
TEXT_FIELDS = {TITLE: 2.0, BODY: 1.0}

# Facets: the public parameter name (URL and API) -> the index field holding its values.
FACETS = {
    "city": CITIES,
    "governorate": GOVERNORATES,
    "actor": ACTORS,
    "toll_range": TOLL_RANGE,
    "year": YEAR,
    "month": MONTH,
    "source": SOURCE,
}
# The year value of a report with no defensible date.
UNDATED = "undated"
# Multi-valued facet fields are stored as one string with this separator.
LIST_SEPARATOR = ","


def _text_analyzer():
    # Stemming so "killed" finds "killing"; accent folding so "Médecins" finds "medecins".
    return StemmingAnalyzer() | CharsetFilter(accent_map)


def _facet_list():
    return KEYWORD(stored=True, commas=True, lowercase=False, scorable=False, sortable=True)


def build_schema() -> Schema:
    """A fresh Schema object (Whoosh schemas are mutable, so never share one)."""
    return Schema(
        **{
            ID_FIELD: ID(stored=True, unique=True),
            # spelling=True keeps the unstemmed words too, for "did you mean" suggestions.
            TITLE: TEXT(
                analyzer=_text_analyzer(),
                stored=True,
                field_boost=TEXT_FIELDS[TITLE],
                spelling=True,
            ),
            BODY: TEXT(analyzer=_text_analyzer(), stored=True, spelling=True),
            SOURCE: ID(stored=True, sortable=True),
            URL: STORED(),
            PATH: STORED(),
            ROW: STORED(),
            CITIES: _facet_list(),
            GOVERNORATES: _facet_list(),
            ACTORS: _facet_list(),
            PERPETRATOR: STORED(),
            DEATH_TOLL: STORED(),
            TOLL_APPROXIMATE: STORED(),
            TOLL_RANGE: ID(stored=True, sortable=True),
            # Sort keys: a report with no toll sorts as -1, so it comes last in "highest toll".
            TOLL_SORT: NUMERIC(int, bits=64, sortable=True, signed=True),
            PUBLISHED: STORED(),
            # yyyymmdd, 0 when undated; DATED puts undated reports last in both date orders.
            DATE_SORT: NUMERIC(int, sortable=True),
            DATED: NUMERIC(int, sortable=True),
            YEAR: ID(stored=True, sortable=True),
            MONTH: ID(stored=True, sortable=True),
            CONTENT_HASH: ID(stored=True),
            EVIDENCE: STORED(),
        }
    )


def _join(values) -> str:
    # The separator cannot appear inside a value, or the value would split in two.
    return LIST_SEPARATOR.join(v.replace(LIST_SEPARATOR, " ") for v in values)


def split_list(stored: str | None) -> list[str]:
    """The values of a multi-valued facet field as stored."""
    return [v for v in (stored or "").split(LIST_SEPARATOR) if v]


def to_document(report: Report) -> dict:
    """The Whoosh document for a cleaned, extracted report."""
    cities = [e.value for e in report.cities]
    date = report.published.value if report.published else None
    toll = report.death_toll.value if report.death_toll else None
    evidence = {
        "cities": [{"value": e.value, "text": e.text} for e in report.cities],
        "actors": [{"value": e.value, "text": e.text} for e in report.actors],
        "perpetrator": (
            {"value": report.perpetrator.value, "text": report.perpetrator.text}
            if report.perpetrator
            else None
        ),
        "death_toll": (
            {"value": toll, "text": report.death_toll.text} if report.death_toll else None
        ),
        "published": ({"value": date.isoformat(), "text": report.published.text} if date else None),
        "source": (
            {"value": report.source, "text": report.source_evidence} if report.source else None
        ),
    }
    document = {
        ID_FIELD: report.id,
        TITLE: report.title,
        BODY: report.body,
        SOURCE: report.source or "",
        URL: report.url or "",
        PATH: report.path,
        ROW: report.row,
        CITIES: _join(cities),
        GOVERNORATES: _join(governorates_of(cities)),
        ACTORS: _join(e.value for e in report.actors),
        PERPETRATOR: report.perpetrator.value if report.perpetrator else None,
        DEATH_TOLL: toll,
        TOLL_APPROXIMATE: bool(report.death_toll and report.death_toll.approximate),
        TOLL_RANGE: toll_range(toll),
        TOLL_SORT: toll if toll is not None else -1,
        PUBLISHED: date.isoformat() if date else None,
        DATE_SORT: int(date.strftime("%Y%m%d")) if date else 0,
        DATED: 1 if date else 0,
        YEAR: str(date.year) if date else UNDATED,
        MONTH: date.strftime("%Y-%m") if date else "",
        CONTENT_HASH: report.content_hash,
        EVIDENCE: json.dumps(evidence, ensure_ascii=False),
    }
    # Whoosh rejects empty ID values for indexing; leave those fields out instead.
    return {k: v for k, v in document.items() if v != "" or k in (URL, PATH)}
