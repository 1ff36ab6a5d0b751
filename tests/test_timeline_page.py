"""The timeline chart on the real page over the sample index, each bar's link checked against
the API (build_timeline itself is in test_timeline.py)."""

from __future__ import annotations

import calendar
import re
from urllib.parse import parse_qsl, urlsplit

from bs4 import BeautifulSoup

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
