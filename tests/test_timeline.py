"""The timeline: build_timeline's view-model (buckets, scale, geometry, links) as a pure function
(the chart on the real page is in test_timeline_page.py)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict

import pytest
from werkzeug.datastructures import MultiDict

from searchapp.params import SearchRequest, parse_search_args
from searchapp.timeline import build_timeline, nice_ceiling, range_label

D = dt.date


def req(**args) -> SearchRequest:
    """A request as the app parses it from the query string (from_ stands for "from")."""
    return parse_search_args(MultiDict({k.rstrip("_"): v for k, v in args.items()}))


def keys(timeline):
    return [bar.key for bar in timeline.bars]


# --- build_timeline, pure -------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (0, 1),
        (1, 1),
        (2, 2),
        (7, 8),
        (9, 10),
        (11, 15),
        (12, 15),
        (41, 50),
        (64, 80),
        (230, 250),
        (1100, 1500),
        (3001, 4000),
        (8001, 10000),
    ],
)
def test_nice_ceiling(value, expected):
    assert nice_ceiling(value) == expected


def test_nothing_dated_gives_no_chart():
    assert build_timeline(SearchRequest(), {}, 5) is None
    assert build_timeline(SearchRequest(), {"2014-01": (0, 0)}, 0) is None


def test_months_are_filled_with_zeros_and_drawn_to_a_nice_scale():
    timeline = build_timeline(SearchRequest(), {"2014-04": (3, 0), "2014-01": (6, 1200)}, 2)
    assert timeline.granularity == "month"
    assert timeline.series == "reports"
    assert timeline.title == "Reports per month"
    assert timeline.span_label == "January 2014 – April 2014"
    assert keys(timeline) == ["2014-01", "2014-02", "2014-03", "2014-04"]
    assert [(b.label, b.reports, b.deaths) for b in timeline.bars] == [
        ("January 2014", 6, 1200),
        ("February 2014", 0, 0),
        ("March 2014", 0, 0),
        ("April 2014", 3, 0),
    ]
    assert [(b.date_from, b.date_to) for b in timeline.bars][:2] == [
        ("2014-01-01", "2014-01-31"),
        ("2014-02-01", "2014-02-28"),
    ]
    assert timeline.scale_max == 6
    assert [(g.value, g.label, g.y, g.top) for g in timeline.gridlines] == [
        (6, "6", 0, "0"),
        (3, "3", 50, "50"),
        (0, "0", 100, "100"),
    ]
    # Slots of 10 units, bars 8 wide and centred; heights out of 100.
    assert [(b.slot_x, b.x, b.y, b.width, b.height) for b in timeline.bars] == [
        (0, 1, 0, 8, 100),
        (10, 11, 100, 8, 0),
        (20, 21, 100, 8, 0),
        (30, 31, 50, 8, 50),
    ]
    assert (timeline.width, timeline.height, timeline.view_box) == (40, 100, "0 0 40 100")
    assert (timeline.total_reports, timeline.total_deaths, timeline.undated) == (9, 1200, 2)
    assert timeline.totals_label == "9 dated reports, 1,200 deaths"
    assert [b.description for b in timeline.bars] == [
        "January 2014: 6 reports, 1,200 deaths",
        "February 2014: 0 reports, 0 deaths",
        "March 2014: 0 reports, 0 deaths",
        "April 2014: 3 reports, 0 deaths",
    ]
    # A year or less of months names each month under its bar.
    assert [(t.label, t.left, t.align) for t in timeline.ticks] == [
        ("Jan", "12.5", "middle"),
        ("Feb", "37.5", "middle"),
        ("Mar", "62.5", "middle"),
        ("Apr", "87.5", "middle"),
    ]
    assert timeline.range_label is None and timeline.clear_url is None


def test_a_single_report_is_never_drawn_invisible():
    timeline = build_timeline(
        SearchRequest(chart="deaths"), {"2015-01": (1, 1000), "2015-02": (1, 1)}, 0
    )
    assert timeline.scale_max == 1000
    assert [b.height for b in timeline.bars] == [100, 1.5]
    assert timeline.bars[1].description == "February 2015: 1 report, 1 death"


def test_sixty_months_stay_months_and_sixty_one_become_years():
    sixty = build_timeline(SearchRequest(), {"2012-01": (1, 0), "2016-12": (1, 0)}, 0)
    assert sixty.granularity == "month"
    assert len(sixty.bars) == 60
    assert keys(sixty)[:2] == ["2012-01", "2012-02"]
    assert sixty.separators == [120, 240, 360, 480]  # between December and January
    assert [(t.label, t.x, t.align) for t in sixty.ticks] == [
        ("2012", 0, "start"),
        ("2013", 120, "start"),
        ("2014", 240, "start"),
        ("2015", 360, "start"),
        ("2016", 480, "start"),
    ]

    months = {"2012-01": (1, 5), "2012-07": (2, 3), "2017-01": (4, 7)}
    years = build_timeline(SearchRequest(), months, 0)
    assert years.granularity == "year"
    assert years.title == "Reports per year"
    assert years.span_label == "2012–2017"
    assert [(b.key, b.label, b.reports, b.deaths) for b in years.bars] == [
        ("2012", "2012", 3, 8),
        ("2013", "2013", 0, 0),
        ("2014", "2014", 0, 0),
        ("2015", "2015", 0, 0),
        ("2016", "2016", 0, 0),
        ("2017", "2017", 4, 7),
    ]
    assert (years.bars[0].date_from, years.bars[0].date_to) == ("2012-01-01", "2012-12-31")
    assert years.separators == []
    assert [(t.label, t.left, t.align) for t in years.ticks][:2] == [
        ("2012", "8.33", "middle"),
        ("2013", "25", "middle"),
    ]


def test_year_labels_thin_out_on_long_spans_and_partial_years_are_named_when_there_is_room():
    long = build_timeline(SearchRequest(), {"2005-01": (1, 0), "2020-06": (1, 0)}, 0)
    assert len(long.bars) == 16
    assert [t.label for t in long.ticks] == [str(y) for y in range(2006, 2021, 2)]

    late = build_timeline(SearchRequest(), {"2013-03": (1, 0), "2015-08": (1, 0)}, 0)
    assert len(late.bars) == 30
    assert [(t.label, t.x) for t in late.ticks] == [("2013", 0), ("2014", 100), ("2015", 220)]
    # Too close to the end for "2015" to fit: the separator still shows where it starts.
    tight = build_timeline(SearchRequest(), {"2013-11": (1, 0), "2015-03": (1, 0)}, 0)
    assert [t.label for t in tight.ticks] == ["2014"]


def test_the_selected_range_highlights_bars_and_a_bar_equal_to_it_clears_it():
    months = {"2014-01": (1, 0), "2014-02": (2, 0), "2014-03": (3, 0)}
    request = req(q="shelling", from_="2014-02-01", to="2014-02-28", page="3")
    timeline = build_timeline(request, months, 0)
    assert [b.selected for b in timeline.bars] == [False, True, False]
    assert [b.url for b in timeline.bars] == [
        "/?q=shelling&from=2014-01-01&to=2014-01-31",
        "/?q=shelling",
        "/?q=shelling&from=2014-03-01&to=2014-03-31",
    ]
    assert timeline.bars[1].description == (
        "February 2014: 2 reports, 0 deaths (selected; choose again to show all dates)"
    )
    assert timeline.range_label == "February 2014"
    assert timeline.clear_url == timeline.range_base_url == "/?q=shelling"

    overlapping = build_timeline(
        SearchRequest(date_from=D(2014, 1, 15), date_to=D(2014, 2, 3)), months, 0
    )
    assert [b.selected for b in overlapping.bars] == [True, True, False]
    assert overlapping.bars[0].description == "January 2014: 1 report, 0 deaths (selected)"
    assert overlapping.range_label == "15 January 2014 – 3 February 2014"

    open_ended = build_timeline(SearchRequest(date_from=D(2014, 2, 10)), months, 0)
    assert [b.selected for b in open_ended.bars] == [False, True, True]
    assert open_ended.range_label == "from 10 February 2014"
    assert open_ended.clear_url == "/"


@pytest.mark.parametrize(
    "date_from, date_to, expected",
    [
        (D(2016, 2, 1), D(2016, 2, 29), "February 2016"),
        (D(2016, 2, 1), D(2016, 2, 28), "1 February 2016 – 28 February 2016"),
        (D(2016, 1, 1), D(2016, 12, 31), "2016"),
        (D(2014, 1, 1), D(2016, 12, 31), "2014 – 2016"),
        (None, D(2013, 5, 9), "until 9 May 2013"),
        (None, None, None),
    ],
)
def test_range_label(date_from, date_to, expected):
    assert range_label(date_from, date_to) == expected


def test_the_deaths_series_draws_tolls_and_links_both_series():
    months = {"2014-01": (4, 30), "2014-02": (1, 120)}
    request = req(q="aleppo", chart="deaths", from_="2014-01-01")
    timeline = build_timeline(request, months, 0)
    assert timeline.series == "deaths"
    assert timeline.title == "Deaths per month"
    assert timeline.scale_max == 150
    assert [b.height for b in timeline.bars] == [20, 80]
    assert [b.url for b in timeline.bars] == [
        "/?q=aleppo&from=2014-01-01&to=2014-01-31&chart=deaths",
        "/?q=aleppo&from=2014-02-01&to=2014-02-28&chart=deaths",
    ]
    assert [asdict(link) for link in timeline.series_links] == [
        {
            "name": "reports",
            "label": "Reports",
            "url": "/?q=aleppo&from=2014-01-01",
            "current": False,
        },
        {
            "name": "deaths",
            "label": "Deaths",
            "url": "/?q=aleppo&from=2014-01-01&chart=deaths",
            "current": True,
        },
    ]
    assert timeline.range_base_url == "/?q=aleppo&chart=deaths"


def test_json_form_has_the_figures_and_links_without_geometry():
    request = SearchRequest(date_from=D(2013, 1, 1), date_to=D(2018, 12, 31))
    timeline = build_timeline(request, {"2013-06": (2, 9), "2018-06": (1, 0)}, 4)
    payload = timeline.to_json()
    assert json.loads(json.dumps(payload)) == payload
    assert {k: v for k, v in payload.items() if k not in ("bars", "series_links")} == {
        "granularity": "year",
        "series": "reports",
        "scale_max": 2,
        "total_reports": 3,
        "total_deaths": 9,
        "undated": 4,
        "range_label": "2013 – 2018",
        "clear_url": "/",
    }
    assert payload["bars"][:2] == [
        {
            "key": "2013",
            "label": "2013",
            "date_from": "2013-01-01",
            "date_to": "2013-12-31",
            "reports": 2,
            "deaths": 9,
            "selected": True,
            "url": "/?from=2013-01-01&to=2013-12-31",
        },
        {
            "key": "2014",
            "label": "2014",
            "date_from": "2014-01-01",
            "date_to": "2014-12-31",
            "reports": 0,
            "deaths": 0,
            "selected": True,
            "url": "/?from=2014-01-01&to=2014-12-31",
        },
    ]
    assert [link["name"] for link in payload["series_links"]] == ["reports", "deaths"]
    # The whole view-model is plain data too.
    assert json.loads(json.dumps(asdict(timeline)))["bars"][0]["height"] == 100


def test_a_short_span_keeps_its_context_when_a_month_is_chosen():
    months = {"2014-01": (2, 3), "2014-05": (1, 0)}
    request = SearchRequest(date_from=D(2014, 5, 1), date_to=D(2014, 5, 31))
    timeline = build_timeline(request, months, 0)
    assert [b.key for b in timeline.bars] == ["2014-01", "2014-02", "2014-03", "2014-04", "2014-05"]
    assert [b.key for b in timeline.bars if b.selected] == ["2014-05"]


def test_a_long_span_zooms_to_the_chosen_range():
    months = {"2012-03": (1, 1), "2016-02": (4, 10), "2016-11": (1, 2), "2019-01": (1, 0)}
    whole = build_timeline(SearchRequest(), months, 0)
    assert [b.key for b in whole.bars] == [str(y) for y in range(2012, 2020)]
    year = build_timeline(
        SearchRequest(date_from=D(2016, 1, 1), date_to=D(2016, 12, 31)), months, 0
    )
    assert [b.key for b in year.bars] == [f"2016-{m:02d}" for m in range(1, 13)]
    assert sum(b.reports for b in year.bars) == 5
    # An open-ended range longer than five years stays in years, but only its own.
    later = build_timeline(SearchRequest(date_from=D(2012, 6, 1)), months, 0)
    assert [b.key for b in later.bars] == [str(y) for y in range(2012, 2020)]
