"""The timeline above the results: matching reports (or their death tolls) per month or year, as a
view-model whose SVG geometry, labels and URLs are all computed here so the template only prints.

Pure: counts in, plain dataclasses out (no Flask, no Markup, no index access).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from searchapp.params import CHARTS, SearchRequest
from searchapp.urls import search_url, with_chart, with_dates, without_dates

# Beyond five years of months the bars get too thin to point at, so the chart shows years.
MAX_MONTH_BARS = 60
# The viewBox: each bar owns a slot STEP units wide, drawn BAR units wide and centred in it;
# the plot is PLOT_HEIGHT units tall. CSS stretches it to the container (preserveAspectRatio=none).
STEP = 10
BAR = 8
PLOT_HEIGHT = 100
# A bar with any report is drawn at least this tall, so "a few" never looks like "none".
MIN_BAR_HEIGHT = 1.5
# Year labels under the axis: at most this many, so they fit a phone's width.
MAX_YEAR_LABELS = 8
YEAR_LABEL_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)
# A chart of at most a year of months names each month ("Mar"); longer ones name the years, each
# label starting at its January and needing this many bars of room (fits 60 bars on a phone).
MONTH_LABELS_UP_TO = 12
YEAR_LABEL_ROOM = 6
# Mantissas of the "nice" scale maxima (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten).
NICE_STEPS = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)
# English month names, fixed: calendar.month_name follows the process locale.
MONTHS = (
    "January February March April May June July August September October November December"
).split()
SERIES_LABELS = {"reports": "Reports", "deaths": "Deaths"}


@dataclass(frozen=True)
class Bar:
    key: str  # "YYYY-MM" or "YYYY"
    label: str  # "March 2014" or "2014"
    date_from: str  # ISO date of the bucket's first day
    date_to: str  # ISO date of its last day
    reports: int
    deaths: int
    selected: bool  # overlaps the request's from/to range
    url: str  # the search limited to this bucket (or, if it is the whole range, without dates)
    description: str  # "March 2014: 12 reports, 230 deaths": tooltip and accessible name
    # Geometry in viewBox units: the drawn bar, and its slot (the full-height hover/click area).
    x: float
    y: float
    width: float
    height: float
    slot_x: float


@dataclass(frozen=True)
class Tick:
    """A year label under the axis; `left` is a percentage of the plot's width."""

    label: str
    x: float
    left: str
    align: str  # "start" (at a January's left edge) or "middle" (under a year bar)


@dataclass(frozen=True)
class Gridline:
    """A horizontal line at `value`; `top` is its position as a percentage of the plot height."""

    value: int
    label: str
    y: float
    top: str


@dataclass(frozen=True)
class SeriesLink:
    name: str
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class Timeline:
    granularity: str  # "month" or "year"
    series: str  # "reports" or "deaths": what the bars measure
    title: str  # "Reports per month"
    span_label: str  # "March 2012 – July 2018"
    bars: list[Bar]
    ticks: list[Tick]
    gridlines: list[Gridline]
    separators: list[float]  # x of the boundaries between years, on a chart of months
    scale_max: int  # the value at the top of the plot
    total_reports: int
    total_deaths: int
    totals_label: str  # "33 dated reports, 3,427 deaths"
    undated: int
    width: int
    height: int
    view_box: str
    step: int  # width of a bar's slot, in viewBox units
    series_links: list[SeriesLink]
    range_label: str | None  # "March 2014", "2014", "3 March 2014 – 9 April 2014" ...
    clear_url: str | None  # the same search without the date range, when one is set
    range_base_url: str  # the search without dates: the script appends &from=...&to=...

    def to_json(self) -> dict:
        """The figures for the JSON API: buckets, scale and links, without the SVG geometry."""
        drawn = ("x", "y", "width", "height", "slot_x", "description")
        return {
            "granularity": self.granularity,
            "series": self.series,
            "scale_max": self.scale_max,
            "total_reports": self.total_reports,
            "total_deaths": self.total_deaths,
            "undated": self.undated,
            "range_label": self.range_label,
            "clear_url": self.clear_url,
            "series_links": [asdict(link) for link in self.series_links],
            "bars": [{k: v for k, v in asdict(bar).items() if k not in drawn} for bar in self.bars],
        }


@dataclass(frozen=True)
class _Bucket:
    key: str
    label: str
    first: dt.date
    last: dt.date
    reports: int
    deaths: int


def nice_ceiling(value: float) -> int:
    """The smallest "round" whole number >= value (1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 25, 30 ...)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in NICE_STEPS:
        candidate = step * power
        if candidate >= value and candidate == int(candidate):
            return int(candidate)
    return int(10 * power)  # unreachable: the last step is 10


def _month_index(key: str) -> int:
    year, month = key.split("-")
    return int(year) * 12 + int(month) - 1


def _month_bucket(index: int, figures: tuple[int, int]) -> _Bucket:
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return _Bucket(
        key=f"{year:04d}-{month + 1:02d}",
        label=f"{MONTHS[month]} {year}",
        first=dt.date(year, month + 1, 1),
        last=dt.date(year, month + 1, last_day),
        reports=figures[0],
        deaths=figures[1],
    )


def _buckets(
    months: Mapping[str, tuple[int, int]], window: tuple[int | None, int | None] = (None, None)
) -> list[_Bucket]:
    """Every month (or year, for a long span) from the first to the last, empty ones as zeros.

    A span too long for months shows years, unless a date range (`window`, month indexes) is
    chosen: then the chart zooms to that range's months, so a clicked year opens into its months.
    """
    by_index = {_month_index(key): figures for key, figures in months.items() if figures[0]}
    if not by_index:
        return []
    first, last = min(by_index), max(by_index)
    if last - first + 1 <= MAX_MONTH_BARS:
        return [_month_bucket(i, by_index.get(i, (0, 0))) for i in range(first, last + 1)]
    low = max(first, window[0]) if window[0] is not None else first
    high = min(last, window[1]) if window[1] is not None else last
    if (low, high) != (first, last) and low <= high:
        if high - low + 1 <= MAX_MONTH_BARS:
            return [_month_bucket(i, by_index.get(i, (0, 0))) for i in range(low, high + 1)]
        first, last = low, high
        by_index = {i: figures for i, figures in by_index.items() if low <= i <= high}
    years: dict[int, tuple[int, int]] = {}
    for index, (reports, deaths) in by_index.items():
        before = years.get(index // 12, (0, 0))
        years[index // 12] = (before[0] + reports, before[1] + deaths)
    return [
        _Bucket(
            key=f"{year:04d}",
            label=str(year),
            first=dt.date(year, 1, 1),
            last=dt.date(year, 12, 31),
            reports=years.get(year, (0, 0))[0],
            deaths=years.get(year, (0, 0))[1],
        )
        for year in range(first // 12, last // 12 + 1)
    ]


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _num(value: float) -> float:
    """Round geometry to two decimals: enough for any screen, and lean markup."""
    rounded = round(value, 2)
    return int(rounded) if rounded == int(rounded) else rounded


def _day(date: dt.date) -> str:
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def range_label(date_from: dt.date | None, date_to: dt.date | None) -> str | None:
    """The selected date range in words: a whole month or year by its name, else its two ends."""
    if date_from and date_to:
        same_month = (date_from.year, date_from.month) == (date_to.year, date_to.month)
        month_end = calendar.monthrange(date_to.year, date_to.month)[1]
        if same_month and date_from.day == 1 and date_to.day == month_end:
            return f"{MONTHS[date_from.month - 1]} {date_from.year}"
        if (date_from.month, date_from.day, date_to.month, date_to.day) == (1, 1, 12, 31):
            if date_from.year == date_to.year:
                return str(date_from.year)
            return f"{date_from.year} – {date_to.year}"
        return f"{_day(date_from)} – {_day(date_to)}"
    if date_from:
        return f"from {_day(date_from)}"
    if date_to:
        return f"until {_day(date_to)}"
    return None


def _ticks(buckets: list[_Bucket], granularity: str, width: int) -> list[Tick]:
    def tick(label: str, x: float, align: str) -> Tick:
        return Tick(label=label, x=_num(x), left=f"{_num(100 * x / width)}", align=align)

    if granularity == "year":
        count = len(buckets)
        every = next((s for s in YEAR_LABEL_STEPS if count / s <= MAX_YEAR_LABELS), count)
        return [
            tick(b.label, i * STEP + STEP / 2, "middle")
            for i, b in enumerate(buckets)
            if every == 1 or b.first.year % every == 0
        ]
    if len(buckets) <= MONTH_LABELS_UP_TO:
        return [
            tick(MONTHS[b.first.month - 1][:3], i * STEP + STEP / 2, "middle")
            for i, b in enumerate(buckets)
        ]
    # A year's label starts at its January and needs a few bars of room to its right.
    room = YEAR_LABEL_ROOM
    ticks = [
        tick(str(b.first.year), i * STEP, "start")
        for i, b in enumerate(buckets)
        if b.first.month == 1 and i <= len(buckets) - room
    ]
    # Name the first, partial year too when there is room before the next January's label.
    if buckets[0].first.month != 1 and buckets[0].first.month <= 13 - room:
        ticks.insert(0, tick(str(buckets[0].first.year), 0, "start"))
    return ticks


def _gridlines(scale_max: int) -> list[Gridline]:
    values = [scale_max, scale_max // 2, 0] if scale_max % 2 == 0 else [scale_max, 0]
    return [
        Gridline(
            value=v,
            label=f"{v:,}",
            y=_num(PLOT_HEIGHT * (1 - v / scale_max)),
            top=f"{_num(100 * (1 - v / scale_max))}",
        )
        for v in values
    ]


def _bar(
    request: SearchRequest, index: int, bucket: _Bucket, value: int, scale_max: int, clear_url: str
) -> Bar:
    ranged = request.date_from is not None or request.date_to is not None
    selected = ranged and (
        (request.date_from is None or bucket.last >= request.date_from)
        and (request.date_to is None or bucket.first <= request.date_to)
    )
    # Clicking the bar that is exactly the selected range again takes the range off, like a toggle.
    is_the_range = (request.date_from, request.date_to) == (bucket.first, bucket.last)
    description = (
        f"{bucket.label}: {_plural(bucket.reports, 'report')}, {_plural(bucket.deaths, 'death')}"
    )
    if is_the_range:
        description += " (selected; choose again to show all dates)"
    elif selected:
        description += " (selected)"
    height = PLOT_HEIGHT * value / scale_max
    if value:
        height = max(height, MIN_BAR_HEIGHT)
    return Bar(
        key=bucket.key,
        label=bucket.label,
        date_from=bucket.first.isoformat(),
        date_to=bucket.last.isoformat(),
        reports=bucket.reports,
        deaths=bucket.deaths,
        selected=selected,
        url=clear_url
        if is_the_range
        else search_url(with_dates(request, bucket.first, bucket.last)),
        description=description,
        x=_num(index * STEP + (STEP - BAR) / 2),
        y=_num(PLOT_HEIGHT - height),
        width=BAR,
        height=_num(height),
        slot_x=index * STEP,
    )


def build_timeline(
    request: SearchRequest, months: Mapping[str, tuple[int, int]], undated: int
) -> Timeline | None:
    """The chart for `months` ("YYYY-MM" -> (reports, deaths)); None when no dated report matches.

    `months` covers the search with every filter but the date range, so the chart keeps its
    context and the selected range shows as highlighted bars; over a span too long for months,
    a chosen range zooms the chart to that range's months instead.
    """
    window = tuple(
        date.year * 12 + date.month - 1 if date else None
        for date in (request.date_from, request.date_to)
    )
    buckets = _buckets(months, window)
    if not buckets:
        return None
    granularity = "month" if len(buckets[0].key) == 7 else "year"
    series = request.chart if request.chart in CHARTS else "reports"
    values = [b.reports if series == "reports" else b.deaths for b in buckets]
    scale_max = nice_ceiling(max(values))
    clear_url = search_url(without_dates(request))
    width = len(buckets) * STEP
    first, last = buckets[0], buckets[-1]
    # Years take a plain en dash (2012–2018); months need the spaces (March 2012 – July 2018).
    dash = "–" if granularity == "year" else " – "
    span_label = first.label if first is last else f"{first.label}{dash}{last.label}"
    ranged = request.date_from is not None or request.date_to is not None
    total_reports = sum(b.reports for b in buckets)
    total_deaths = sum(b.deaths for b in buckets)
    return Timeline(
        granularity=granularity,
        series=series,
        title=f"{SERIES_LABELS[series]} per {granularity}",
        span_label=span_label,
        bars=[
            _bar(request, i, b, value, scale_max, clear_url)
            for i, (b, value) in enumerate(zip(buckets, values, strict=True))
        ],
        ticks=_ticks(buckets, granularity, width),
        gridlines=_gridlines(scale_max),
        separators=[i * STEP for i, b in enumerate(buckets) if i and b.key.endswith("-01")],
        scale_max=scale_max,
        total_reports=total_reports,
        total_deaths=total_deaths,
        totals_label=f"{_plural(total_reports, 'dated report')}, {_plural(total_deaths, 'death')}",
        undated=undated,
        width=width,
        height=PLOT_HEIGHT,
        view_box=f"0 0 {width} {PLOT_HEIGHT}",
        step=STEP,
        series_links=[
            SeriesLink(
                name, SERIES_LABELS[name], search_url(with_chart(request, name)), name == series
            )
            for name in CHARTS
        ],
        range_label=range_label(request.date_from, request.date_to) if ranged else None,
        clear_url=clear_url if ranged else None,
        range_base_url=clear_url,
    )
