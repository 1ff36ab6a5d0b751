"""Search URLs: each helper changes one thing and keeps the rest of the request."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

import pytest
from werkzeug.datastructures import MultiDict

from searchapp.params import SearchRequest, parse_search_args
from searchapp.urls import (
    cleared,
    excluded_toggled,
    query_args,
    search_url,
    toggled,
    with_chart,
    with_dates,
)

BASE = SearchRequest(q="shelling", filters={"city": ("Aleppo",)}, sort="relevance", page=3)


def round_trip(request: SearchRequest) -> SearchRequest:
    return parse_search_args(MultiDict(parse_qsl(urlsplit(search_url(request)).query)))


def test_exclusions_are_written_with_a_minus_and_read_back():
    request = excluded_toggled(BASE, "actor", "Islamic State")
    assert ("actor", "-Islamic State") in query_args(request)
    assert round_trip(request) == request
    assert request.page == 1


@pytest.mark.parametrize("value", ["-", "- Reuters", "--", "\\", "\\-", "-\\", "a-b", "Reuters"])
def test_a_value_beginning_with_a_minus_or_the_mark_is_selected_and_excluded_as_it_is(value):
    selected = toggled(BASE, "source", value)
    assert round_trip(selected).filters == {"city": ("Aleppo",), "source": (value,)}
    excluded = excluded_toggled(BASE, "source", value)
    assert round_trip(excluded).excluded == {"source": (value,)}
    assert round_trip(excluded).filters == {"city": ("Aleppo",)}


def test_only_values_that_need_it_are_marked():
    args = query_args(toggled(excluded_toggled(BASE, "source", "-"), "actor", "Russia"))
    assert ("source", "-\\-") in args and ("actor", "Russia") in args and ("city", "Aleppo") in args


def test_excluding_a_selected_value_unselects_it_and_selecting_lifts_an_exclusion():
    excluded = excluded_toggled(BASE, "city", "Aleppo")
    assert excluded.filters == {} and excluded.excluded == {"city": ("Aleppo",)}
    selected = toggled(excluded, "city", "Aleppo")
    assert selected.filters == {"city": ("Aleppo",)} and selected.excluded == {}
    assert excluded_toggled(excluded, "city", "Aleppo").excluded == {}


def test_dates_chart_and_clear_keep_the_words():
    dated = with_dates(BASE, dt.date(2014, 3, 1), dt.date(2014, 3, 31))
    assert ("from", "2014-03-01") in query_args(dated) and dated.page == 1
    charted = with_chart(dated, "deaths")
    assert ("chart", "deaths") in query_args(charted)
    assert round_trip(charted) == charted
    assert query_args(cleared(excluded_toggled(charted, "actor", "Russia"))) == [
        ("q", "shelling"),
        ("chart", "deaths"),
    ]
