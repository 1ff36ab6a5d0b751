"""The timeline: build_timeline's view-model (buckets, scale, geometry, links) as a pure function,
then the chart on the real page over the sample index, each bar's link checked against the API."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import asdict
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup
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


# --- the page, through the real app over the sample index ------------------------------------

FIGURES = re.compile(r"^(.+): ([\d,]+) reports?, ([\d,]+) deaths?")


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def bars_of(soup):
    """Each bar as (key, label, reports, deaths, href, selected), read from its markup."""
    rows = []
    for a in soup.select("figure.timeline svg a.bar"):
        label, reports, deaths = FIGURES.match(a["aria-label"]).groups()
        assert a.title.get_text() == a["aria-label"]
        rows.append(
            (
                a["data-key"],
                label,
                int(reports.replace(",", "")),
                int(deaths.replace(",", "")),
                a["href"],
                "selected" in a["class"],
            )
        )
    return rows


def api_hits(client, href):
    args = [*parse_qsl(urlsplit(href).query), ("per_page", "100")]
    payload = client.get("/api/search", query_string=args).get_json()
    assert payload["total"] <= 100
    return payload["hits"]


def test_the_chart_of_the_whole_sample_is_by_year_and_each_bar_filters_to_its_year(client):
    soup = soup_of(client, "/")
    figure = soup.select_one("figure.timeline")
    assert figure.select_one("svg")["viewbox"] == "0 0 70 100"
    assert figure.select_one("figcaption").get_text(" ", strip=True) == (
        "Reports per year , 2012–2018 33 dated reports, 3,422 deaths"
    )
    assert figure.select_one(".tl-undated").get_text() == "Undated: 7 (not charted)"
    bars = bars_of(soup)
    assert [b[0] for b in bars] == [str(y) for y in range(2012, 2019)]
    assert sum(b[2] for b in bars) == 33
    for key, _, reports, deaths, href, selected in bars:
        assert not selected
        assert parse_qsl(urlsplit(href).query) == [("from", f"{key}-01-01"), ("to", f"{key}-12-31")]
        followed = soup_of(client, href)
        assert followed.select_one("p.total strong").get_text() == str(reports)
        hits = api_hits(client, href)
        assert len(hits) == reports
        assert all(h["published"].startswith(key) for h in hits)
        assert sum(h["death_toll"] or 0 for h in hits) == deaths
        # Too long a span for months, so the chosen year opens into its months.
        months = bars_of(followed)
        assert months[0][0].startswith(key) and months[-1][0].startswith(key)
        assert sum(b[2] for b in months) == reports and all(b[5] for b in months)


def test_a_month_bar_filters_to_exactly_that_months_reports(client):
    soup = soup_of(client, "/?actor=Russia")
    bars = bars_of(soup)
    # Russia's reports run from January 2014 to July 2018: 55 months, every one present.
    assert len(bars) == 55
    assert (bars[0][0], bars[-1][0]) == ("2014-01", "2018-07")
    assert bars[1][1:4] == ("February 2014", 0, 0)
    assert sum(b[2] for b in bars) == 14
    for key, _label, reports, _, href, _ in [b for b in bars if b[2]]:
        year, month = int(key[:4]), int(key[5:])
        last_day = calendar.monthrange(year, month)[1]
        assert parse_qsl(urlsplit(href).query) == [
            ("actor", "Russia"),
            ("from", f"{key}-01"),
            ("to", f"{key}-{last_day:02d}"),
        ]
        followed = soup_of(client, href)
        assert followed.select_one("p.total strong").get_text() == str(reports)
        assert [h["published"][:7] for h in api_hits(client, href)] == [key] * reports
    key, label, reports, _, href, _ = next(b for b in bars if b[2])
    followed = soup_of(client, href)
    selected = [b for b in bars_of(followed) if b[5]]
    assert [b[0] for b in selected] == [key]
    # Chosen again, the selected month takes the date range off.
    assert selected[0][4] == "/?actor=Russia"
    assert followed.select_one(".tl-range").get_text(" ", strip=True) == f"Showing {label}"
    assert followed.select_one("a.tl-clear")["href"] == "/?actor=Russia"


def test_the_deaths_series_sums_the_tolls_of_each_bars_reports(client):
    soup = soup_of(client, "/?chart=deaths")
    figure = soup.select_one("figure.timeline")
    assert figure["data-series"] == "deaths"
    assert figure.select_one("figcaption strong").get_text() == "Deaths per year"
    links = {a["data-series"]: a for a in figure.select("a.series")}
    assert links["deaths"].get("aria-current") == "true"
    assert links["reports"].get("aria-current") is None
    assert links["reports"]["href"] == "/"
    bars = bars_of(soup)
    for _, _, reports, deaths, href, _ in bars:
        assert ("chart", "deaths") in parse_qsl(urlsplit(href).query)
        hits = api_hits(client, href)
        assert len(hits) == reports
        assert sum(h["death_toll"] or 0 for h in hits) == deaths
    # Bar heights follow the tolls: the deadliest year fills most of the plot.
    rects = {
        a["data-key"]: a.select("rect")[-1]
        for a in figure.select("a.bar")
        if len(a.select("rect")) > 1
    }
    deadliest = max(bars, key=lambda b: b[3])
    assert float(rects[deadliest[0]]["height"]) == round(100 * deadliest[3] / 1500, 2)


def test_the_reports_series_is_the_default_and_links_to_deaths(client):
    soup = soup_of(client, "/?q=killed&city=Aleppo")
    links = {a["data-series"]: a for a in soup.select("figure.timeline a.series")}
    assert links["reports"]["aria-current"] == "true"
    assert parse_qsl(urlsplit(links["deaths"]["href"]).query) == [
        ("q", "killed"),
        ("city", "Aleppo"),
        ("chart", "deaths"),
    ]


def test_the_range_url_for_dragging_is_the_search_without_dates(client):
    soup = soup_of(client, "/?q=killed&from=2014-01-01&to=2015-06-30&chart=deaths&page=2")
    figure = soup.select_one("figure.timeline")
    assert "ranged" in figure["class"]
    assert figure["data-range-url"] == "/?q=killed&chart=deaths"
    assert figure.select_one(".tl-range").get_text(" ", strip=True) == (
        "Showing 1 January 2014 – 30 June 2015"
    )
    # The range zooms the chart to its months.
    keys = [b[0] for b in bars_of(soup) if b[5]]
    assert keys == [b[0] for b in bars_of(soup)]
    assert "2014-01" <= keys[0] and keys[-1] <= "2015-06" and len(keys[0]) == 7


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


def test_no_chart_when_nothing_dated_matches(client):
    soup = soup_of(client, "/?q=zzzqqqxxx")
    assert soup.select_one("figure.timeline") is None


def test_the_page_links_the_timeline_files_and_they_are_served(client):
    soup = soup_of(client, "/")
    assert soup.select_one('link[href="/static/timeline.css"]') is not None
    script = soup.select_one('script[src="/static/timeline.js"]')
    assert script is not None and script.has_attr("defer")
    for path in ("/static/timeline.css", "/static/timeline.js"):
        response = client.get(path)
        assert response.status_code == 200
        assert b"http://" not in response.data and b"https://" not in response.data


def test_bars_are_lean(client):
    for url in ("/", "/?actor=Russia&q=killed&chart=deaths&from=2016-01-01"):
        soup = soup_of(client, url)
        figure = soup.select_one("figure.timeline")
        bars = figure.select("a.bar")
        assert len(str(figure)) < 3000 + 400 * len(bars)
