"""Request validation: every parameter checked at the edge, with a message and a status."""

from __future__ import annotations

import datetime as dt

import pytest
from werkzeug.datastructures import MultiDict

from searchapp.params import BadParameter, SearchRequest, parse_search_args


def parse(*pairs):
    return parse_search_args(MultiDict(pairs))


def test_defaults_browse_everything_newest_first():
    assert parse() == SearchRequest(q="", filters={}, sort="newest", page=1, per_page=10)


def test_words_make_relevance_the_default_sort():
    assert parse(("q", "  barrel   bombs ")).sort == "relevance"
    assert parse(("q", "barrel bombs")).q == "barrel bombs"


def test_repeated_facet_values_are_kept_in_order_without_duplicates():
    request = parse(("city", "Aleppo"), ("city", "Idlib"), ("city", "Aleppo"), ("actor", " "))
    assert request.filters == {"city": ("Aleppo", "Idlib")}


def test_dates_and_paging():
    request = parse(("from", "2016-01-01"), ("to", "2016-12-31"), ("page", "3"), ("per_page", "50"))
    assert (request.date_from, request.date_to, request.page, request.per_page) == (
        dt.date(2016, 1, 1),
        dt.date(2016, 12, 31),
        3,
        50,
    )


@pytest.mark.parametrize(
    ("pairs", "param", "status"),
    [
        ((("page", "0"),), "page", 400),
        ((("page", "abc"),), "page", 400),
        ((("page", "1000000000000"),), "page", 400),
        ((("per_page", "-1"),), "per_page", 400),
        ((("per_page", "1000000000"),), "per_page", 400),
        ((("sort", "random"),), "sort", 400),
        ((("from", "2013-02-31"),), "from", 400),
        ((("to", "yesterday"),), "to", 400),
        ((("from", "2017-01-02"), ("to", "2017-01-01")), "from", 400),
        ((("q", "x" * 1001),), "q", 413),
        ((("city", "x" * 201),), "city", 400),
    ],
)
def test_bad_parameters_are_refused_with_a_message(pairs, param, status):
    with pytest.raises(BadParameter) as error:
        parse(*pairs)
    assert (error.value.param, error.value.status) == (param, status)
    assert error.value.message


def test_a_leading_minus_excludes_a_value():
    request = parse(("actor", "Russia"), ("actor", "-Islamic State"), ("city", "- Homs"))
    assert request.filters == {"actor": ("Russia",)}
    assert request.excluded == {"actor": ("Islamic State",), "city": ("Homs",)}


@pytest.mark.parametrize(
    "pairs, message",
    [
        ((("actor", "Russia"), ("actor", "-Russia")), "both selected and excluded"),
        ((("chart", "pie"),), "chart must be one of reports, deaths"),
    ],
)
def test_contradictions_and_unknown_charts_are_refused(pairs, message):
    with pytest.raises(BadParameter) as raised:
        parse(*pairs)
    assert message in raised.value.message
    assert raised.value.status == 400


def test_a_lone_minus_is_no_value():
    assert parse(("actor", "-"), ("actor", " - ")).excluded == {}
