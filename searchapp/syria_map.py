"""The map of Syria's governorates shaded by matching reports, as a plain view-model for SVG.

Geometry (projection, path strings, label points) is computed here once; the template only prints
it. No Flask and no markup here: the JSON API serialises the same view-model via to_json().
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from searchapp.geo_syria import OUTLINES
from searchapp.params import SearchRequest
from searchapp.urls import excluded_toggled, search_url, toggled

FACET = "governorate"
WIDTH = 400  # viewBox width; the height follows from the country's proportions
PAD = 10
SHADES = 5  # shade classes 1..5 for counts above zero; 0 is "no reports"
# Damascus is about ten viewBox units across, too small to find or hit: it gets a round marker
# of at least this radius, drawn above Rif Dimashq, and its label beside the marker.
MARKER_RADIUS = 8.0
MARKED = ("Damascus",)
# A region whose largest inscribed circle is at least this wide also shows its name (the five
# large ones; the south-west is too crowded, its names are in each region's title).
NAME_MIN_RADIUS = 30.0
# The count's vertical offset from its point, in ems so it holds at any font size: centred on
# the point, or below it when the name stands above (the template sets the name at -0.3em).
COUNT_DY, COUNT_DY_UNDER_NAME = ".35em", "1em"


@dataclass(frozen=True)
class Shape:
    """A governorate's drawing in viewBox units, independent of any search."""

    name: str
    d: str
    label_x: float
    label_y: float
    radius: float  # of the largest inscribed circle around the label point
    marker_r: float  # > 0: draw a round marker at the label point
    show_name: bool
    # where the count is written: at the label point, or for a marked region left of its marker
    # (map.css sets text-anchor: end there)
    text_x: float
    count_dy: str


@dataclass(frozen=True)
class MapRegion:
    name: str
    d: str
    label_x: float
    label_y: float
    marker_r: float
    show_name: bool
    text_x: float
    count_dy: str
    count: int
    shade: int
    selected: bool
    excluded: bool
    url: str | None  # None: nothing to find there, so not a link
    aria_label: str
    css_class: str


@dataclass(frozen=True)
class LegendEntry:
    shade: int
    low: int
    high: int

    @property
    def label(self) -> str:
        if self.high == 0:
            return "none"
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


@dataclass(frozen=True)
class MapView:
    width: int
    height: int
    regions: list[MapRegion]  # in drawing order: Damascus's marker last, above its neighbour
    legend: list[LegendEntry]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    def to_json(self) -> dict:
        order = {name: i for i, name in enumerate(OUTLINES)}
        return {
            "regions": [
                {
                    "name": r.name,
                    "count": r.count,
                    "shade": r.shade,
                    "selected": r.selected,
                    "excluded": r.excluded,
                    "url": r.url,
                }
                for r in sorted(self.regions, key=lambda r: order[r.name])
            ],
            "legend": [{"shade": e.shade, "low": e.low, "high": e.high} for e in self.legend],
        }


# --- geometry -------------------------------------------------------------------------------


def _bounds():
    points = [p for rings in OUTLINES.values() for ring in rings for p in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), max(lons), min(lats), max(lats)


@cache
def _projection() -> tuple[float, float, float, float, int]:
    """Equirectangular with longitudes shrunk by cos(middle latitude): true shape at this size."""
    west, east, south, north = _bounds()
    shrink = math.cos(math.radians((south + north) / 2))
    scale = (WIDTH - 2 * PAD) / ((east - west) * shrink)
    height = round((north - south) * scale + 2 * PAD)
    return west, north, shrink, scale, height


def project(lon: float, lat: float) -> tuple[float, float]:
    west, north, shrink, scale, _ = _projection()
    return (
        round(PAD + (lon - west) * shrink * scale, 1),
        round(PAD + (north - lat) * scale, 1),
    )


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def path_d(rings: Sequence[Sequence[tuple[float, float]]]) -> str:
    """An SVG path: one closed subpath per ring (holes cut by fill-rule evenodd)."""
    parts = []
    for ring in rings:
        points = [project(lon, lat) for lon, lat in ring]
        parts.append("M" + " ".join(f"{_number(x)},{_number(y)}" for x, y in points) + "Z")
    return "".join(parts)


def signed_distance(x: float, y: float, rings) -> float:
    """Distance to the nearest edge, negative outside (even-odd rule, so holes count)."""
    inside, best = False, math.inf
    for ring in rings:
        for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (ay > y) != (by > y) and x < (bx - ax) * (y - ay) / (by - ay) + ax:
                inside = not inside
            dx, dy = bx - ax, by - ay
            t = ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy) if dx or dy else 0.0
            t = min(1.0, max(0.0, t))
            best = min(best, math.hypot(x - ax - t * dx, y - ay - t * dy))
    return best if inside else -best


def _centroid(ring) -> tuple[float, float]:
    edges = list(zip(ring, ring[1:] + ring[:1], strict=True))
    cross = [ax * by - bx * ay for (ax, ay), (bx, by) in edges]
    area3 = 3 * sum(cross) or 1.0
    x = sum((ax + bx) * c for ((ax, _), (bx, _)), c in zip(edges, cross, strict=True))
    y = sum((ay + by) * c for ((_, ay), (_, by)), c in zip(edges, cross, strict=True))
    return x / area3, y / area3


def inscribed_centre(rings, precision: float = 0.5) -> tuple[float, float, float]:
    """The pole of inaccessibility: the inside point farthest from every edge, and that distance.

    Best-first search over square cells (the polylabel method): a cell is split only while the
    best distance any point in it could reach beats the best found so far.
    """
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    size = min(max(xs) - min(xs), max(ys) - min(ys)) / 4 or 1.0
    cells = []

    def push(cx, cy, half):
        d = signed_distance(cx, cy, rings)
        heapq.heappush(cells, (-(d + half * math.sqrt(2)), cx, cy, half, d))

    x = min(xs)
    while x < max(xs):
        y = min(ys)
        while y < max(ys):
            push(x + size / 2, y + size / 2, size / 2)
            y += size
        x += size
    best = _centroid(rings[0])  # a good first guess for most shapes
    best_d = signed_distance(*best, rings)
    while cells:
        bound, x, y, half, d = heapq.heappop(cells)
        if d > best_d:
            best, best_d = (x, y), d
        if -bound - best_d <= precision:
            continue
        for ox in (-half / 2, half / 2):
            for oy in (-half / 2, half / 2):
                push(x + ox, y + oy, half / 2)
    return round(best[0], 1), round(best[1], 1), round(best_d, 1)


@cache
def shapes() -> tuple[Shape, ...]:
    """Every governorate drawn once per process: the outlines never change."""
    drawn = []
    for name, rings in OUTLINES.items():
        projected = [[project(lon, lat) for lon, lat in ring] for ring in rings]
        x, y, radius = inscribed_centre(projected)
        show_name = radius >= NAME_MIN_RADIUS
        if name in MARKED:
            marker_r = max(MARKER_RADIUS, radius)
            # west of the marker, where Rif Dimashq's own label is not
            text = (x - marker_r - 2, COUNT_DY)
        else:
            marker_r = 0.0
            text = (x, COUNT_DY_UNDER_NAME if show_name else COUNT_DY)
        drawn.append(Shape(name, path_d(rings), x, y, radius, marker_r, show_name, *text))
    return tuple(drawn)


def map_height() -> int:
    return _projection()[4]


# --- shading --------------------------------------------------------------------------------


def shade_bounds(largest: int) -> list[int]:
    """Upper count of each shade 1..5 on a log scale up to `largest`, which always gets shade 5.

    Shade k holds counts up to (largest + 1) ** (k / 5) - 1, so each shade spans the same ratio
    of counts and one governorate with thousands of reports does not wash out all the others.
    """
    if largest <= 0:
        return [0] * SHADES
    bounds = [math.floor((largest + 1) ** (k / SHADES) - 1 + 1e-9) for k in range(1, SHADES)]
    return [*bounds, largest]


def shade_of(count: int, bounds: Sequence[int]) -> int:
    if count <= 0:
        return 0
    return next((k for k, high in enumerate(bounds, 1) if count <= high), SHADES)


def legend(bounds: Sequence[int]) -> list[LegendEntry]:
    """The shades in use with their count ranges; shades no count can reach are left out."""
    entries, low = [LegendEntry(0, 0, 0)], 1
    for k, high in enumerate(bounds, 1):
        if high >= low:
            entries.append(LegendEntry(k, low, high))
            low = high + 1
    return entries


# --- the view-model -------------------------------------------------------------------------


def _aria_label(name: str, count: int, selected: bool, excluded: bool) -> str:
    label = f"{name}: {count} report{'' if count == 1 else 's'}"
    if selected:
        return label + ", selected (select again to remove the filter)"
    if excluded:
        return label + ", excluded (select to stop excluding)"
    return label


def build_map(request: SearchRequest, counts: Mapping[str, int]) -> MapView | None:
    """The map for this search; None when no governorate has a report and none is chosen.

    `counts` are the governorate facet's counts (computed without the governorate filter, so
    the other regions keep their numbers when one is selected); missing names count 0.
    """
    selected = set(request.filters.get(FACET, ()))
    excluded = set(request.excluded.get(FACET, ()))
    known = {name: max(0, int(counts.get(name, 0))) for name in OUTLINES}
    if not any(known.values()) and not (selected | excluded) & known.keys():
        return None
    bounds = shade_bounds(max(known.values()))
    regions = []
    for shape in shapes():
        name, count = shape.name, known[shape.name]
        is_selected, is_excluded = name in selected, name in excluded
        if is_excluded:
            url = search_url(excluded_toggled(request, FACET, name))
        elif count or is_selected:
            url = search_url(toggled(request, FACET, name))
        else:
            url = None
        shade = shade_of(count, bounds)
        css = [
            "region",
            f"shade-{shade}",
            *(["selected"] if is_selected else []),
            *(["excluded"] if is_excluded else []),
            *(["marked"] if shape.marker_r else []),
        ]
        regions.append(
            MapRegion(
                name=name,
                d=shape.d,
                label_x=shape.label_x,
                label_y=shape.label_y,
                marker_r=shape.marker_r,
                show_name=shape.show_name,
                text_x=round(shape.text_x, 1),
                count_dy=shape.count_dy,
                count=count,
                shade=shade,
                selected=is_selected,
                excluded=is_excluded,
                url=url,
                aria_label=_aria_label(name, count, is_selected, is_excluded),
                css_class=" ".join(css),
            )
        )
    # Selected outlines are drawn after their neighbours so no border covers them; markers last.
    regions.sort(key=lambda r: (r.marker_r > 0, r.selected))
    return MapView(WIDTH, map_height(), regions, legend(bounds))
