"""The governorate map: outline data, geometry, shading, links, JSON, and the page it draws."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup

from indexer.gazetteer import GOVERNORATES
from searchapp.geo_syria import OUTLINES
from searchapp.params import SearchRequest
from searchapp.syria_map import (
    WIDTH,
    build_map,
    legend,
    map_height,
    project,
    shade_bounds,
    shade_of,
    shapes,
    signed_distance,
)

PATH = re.compile(r"^(M-?[\d.]+,-?[\d.]+(?: -?[\d.]+,-?[\d.]+)+Z)+$")


def regions_by_name(view):
    return {r.name: r for r in view.regions}


# --- the outline data -------------------------------------------------------------------------


def test_the_outlines_are_the_fourteen_gazetteer_governorates_in_its_order():
    assert tuple(OUTLINES) == GOVERNORATES
    assert len(OUTLINES) == 14


@pytest.mark.parametrize("name", GOVERNORATES)
def test_each_outline_is_simplified_lon_lat_rounded_to_three_decimals(name):
    rings = OUTLINES[name]
    points = [p for ring in rings for p in ring]
    assert 9 <= len(points) <= 80
    for lon, lat in points:
        assert 35.6 < lon < 42.5 and 32.2 < lat < 37.4  # Syria's bounding box
        assert round(lon, 3) == lon and round(lat, 3) == lat
    for ring in rings:
        assert len(ring) >= 3 and ring[0] != ring[-1]  # closed implicitly by the path's Z


def test_only_rif_dimashq_has_a_hole_and_it_is_damascus():
    assert [name for name, rings in OUTLINES.items() if len(rings) > 1] == ["Rif Dimashq"]
    assert set(OUTLINES["Rif Dimashq"][1]) == set(OUTLINES["Damascus"][0])


def test_neighbours_share_their_border_points_exactly():
    # each shared border was simplified once, so both sides carry the same vertices
    def points(name):
        return {p for ring in OUTLINES[name] for p in ring}

    assert len(points("Aleppo") & points("Idlib")) >= 5
    assert len(points("Homs") & points("Deir ez-Zor")) >= 3
    assert len(points("Daraa") & points("As-Suwayda")) >= 3


# --- geometry ---------------------------------------------------------------------------------


def test_the_projection_fits_syria_into_the_view_box():
    assert WIDTH == 400 and map_height() == 368
    assert project(35.7234, 37.3)[0] == pytest.approx(10, abs=0.2)  # westmost point at PAD
    assert project(42.378, 34.0)[0] == pytest.approx(390, abs=0.2)  # eastmost at WIDTH - PAD


@pytest.mark.parametrize("shape", shapes(), ids=lambda s: s.name)
def test_paths_are_well_formed_and_inside_the_view_box(shape):
    assert PATH.match(shape.d), shape.d[:80]
    assert shape.d.count("M") == len(OUTLINES[shape.name])
    numbers = [float(n) for n in re.findall(r"-?[\d.]+", shape.d)]
    xs, ys = numbers[0::2], numbers[1::2]
    assert 0 <= min(xs) and max(xs) <= WIDTH
    assert 0 <= min(ys) and max(ys) <= map_height()


@pytest.mark.parametrize("shape", shapes(), ids=lambda s: s.name)
def test_each_label_point_lies_inside_its_own_governorate(shape):
    rings = [[project(lon, lat) for lon, lat in ring] for ring in OUTLINES[shape.name]]
    assert signed_distance(shape.label_x, shape.label_y, rings) > 0
    assert shape.radius == pytest.approx(
        signed_distance(shape.label_x, shape.label_y, rings), abs=0.1
    )


def test_damascus_gets_a_marker_and_the_five_large_governorates_their_names():
    by_name = {s.name: s for s in shapes()}
    assert [s.name for s in shapes() if s.marker_r] == ["Damascus"]
    assert by_name["Damascus"].marker_r == 8.0
    assert {s.name for s in shapes() if s.show_name} == {
        "Aleppo",
        "Homs",
        "Raqqa",
        "Deir ez-Zor",
        "Hasakah",
    }


# --- shading ----------------------------------------------------------------------------------


def test_shade_bounds_are_a_log_scale_up_to_the_largest_count():
    assert shade_bounds(40) == [1, 3, 8, 18, 40]
    assert shade_bounds(1000) == [2, 14, 62, 250, 1000]
    assert shade_bounds(11) == [0, 1, 3, 6, 11]
    assert shade_bounds(1) == [0, 0, 0, 0, 1]
    assert shade_bounds(0) == [0, 0, 0, 0, 0]


def test_shading_is_monotone_in_counts_and_the_largest_is_darkest():
    for largest in (1, 2, 3, 7, 11, 40, 999, 123_456):
        bounds = shade_bounds(largest)
        shades = [shade_of(c, bounds) for c in range(0, min(largest, 5000) + 1)]
        assert shades == sorted(shades)
        assert shades[0] == 0 and shades[1] >= 1
        assert shade_of(largest, bounds) == 5


def test_the_legend_lists_each_reachable_shade_with_its_range():
    assert [(e.shade, e.low, e.high, e.label) for e in legend(shade_bounds(1000))] == [
        (0, 0, 0, "none"),
        (1, 1, 2, "1–2"),
        (2, 3, 14, "3–14"),
        (3, 15, 62, "15–62"),
        (4, 63, 250, "63–250"),
        (5, 251, 1000, "251–1000"),
    ]
    # with few reports the paler shades cannot be reached and are left out
    assert [(e.shade, e.label) for e in legend(shade_bounds(2))] == [
        (0, "none"),
        (4, "1"),
        (5, "2"),
    ]


# --- the view-model ---------------------------------------------------------------------------

COUNTS = {"Aleppo": 40, "Homs": 9, "Damascus": 1, "Idlib": 3, "Nowhere": 7}


def test_every_governorate_is_a_region_with_its_count_and_shade():
    view = build_map(SearchRequest(q="siege", sort="relevance"), COUNTS)
    regions = regions_by_name(view)
    assert set(regions) == set(GOVERNORATES)
    assert {n: r.count for n, r in regions.items() if r.count} == {
        "Aleppo": 40,
        "Homs": 9,
        "Damascus": 1,
        "Idlib": 3,
    }
    assert [regions[n].shade for n in ("Raqqa", "Damascus", "Idlib", "Homs", "Aleppo")] == [
        0,
        1,
        2,
        4,
        5,
    ]
    assert view.view_box == "0 0 400 368"
    assert view.regions[-1].name == "Damascus"  # its marker is drawn above Rif Dimashq


def test_region_links_toggle_the_governorate_filter_and_keep_the_rest():
    request = SearchRequest(q="siege", sort="relevance", filters={"actor": ("Russia",)})
    regions = regions_by_name(build_map(request, {**COUNTS, "Rif Dimashq": 2}))
    assert regions["Aleppo"].url == "/?q=siege&actor=Russia&governorate=Aleppo"
    assert regions["Rif Dimashq"].url == "/?q=siege&actor=Russia&governorate=Rif+Dimashq"
    assert regions["Aleppo"].aria_label == "Aleppo: 40 reports"
    assert regions["Damascus"].aria_label == "Damascus: 1 report"


def test_zero_count_regions_are_not_links_unless_selected_or_excluded():
    request = SearchRequest(
        filters={"governorate": ("Homs", "Raqqa")}, excluded={"governorate": ("Hama",)}
    )
    regions = regions_by_name(build_map(request, {"Homs": 5, "Aleppo": 2}))
    assert regions["Daraa"].url is None
    assert regions["Daraa"].css_class == "region shade-0"
    # selected: a link that removes it, even with nothing there
    assert regions["Raqqa"].selected
    assert regions["Raqqa"].url == "/?governorate=Homs&governorate=-Hama"
    assert regions["Homs"].url == "/?governorate=Raqqa&governorate=-Hama"
    assert regions["Homs"].css_class == "region shade-5 selected"
    assert regions["Homs"].aria_label.startswith("Homs: 5 reports, selected")
    # excluded: a link that lifts the exclusion, keeping the selection
    assert regions["Hama"].excluded and not regions["Hama"].selected
    assert regions["Hama"].url == "/?governorate=Homs&governorate=Raqqa"
    assert regions["Hama"].css_class == "region shade-0 excluded"
    # an unselected region adds itself to the selection (OR within the facet)
    assert (
        regions["Aleppo"].url
        == "/?governorate=Homs&governorate=Raqqa&governorate=Aleppo&governorate=-Hama"
    )


def test_no_map_when_no_governorate_has_a_report_and_none_is_chosen():
    assert build_map(SearchRequest(q="nothing"), {}) is None
    assert build_map(SearchRequest(), {"Nowhere": 3, "Aleppo": 0}) is None
    chosen = build_map(SearchRequest(filters={"governorate": ("Quneitra",)}), {})
    assert chosen is not None
    assert regions_by_name(chosen)["Quneitra"].url == "/"


def test_to_json_gives_regions_in_gazetteer_order_without_geometry():
    data = build_map(SearchRequest(filters={"governorate": ("Idlib",)}), COUNTS).to_json()
    assert [r["name"] for r in data["regions"]] == list(GOVERNORATES)
    assert data["regions"][0] == {
        "name": "Aleppo",
        "count": 40,
        "shade": 5,
        "selected": False,
        "excluded": False,
        "url": "/?governorate=Idlib&governorate=Aleppo",
    }
    assert data["regions"][5] == {
        "name": "Idlib",
        "count": 3,
        "shade": 2,
        "selected": True,
        "excluded": False,
        "url": "/",
    }
    assert data["regions"][12]["url"] is None  # Quneitra: nothing there
    assert data["legend"][0] == {"shade": 0, "low": 0, "high": 0}
    assert data["legend"][-1] == {"shade": 5, "low": 19, "high": 40}


# --- the page ---------------------------------------------------------------------------------


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_the_page_draws_every_governorate_in_a_lean_figure(client):
    response = client.get("/")
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    figure = soup.select_one("figure.map")
    assert figure.select_one("figcaption").get_text() == "Reports by governorate"
    svg = figure.select_one("svg")
    assert svg["aria-labelledby"] == figure.select_one("figcaption")["id"]
    names = [el["data-governorate"] for el in svg.select(".region")]
    assert sorted(names) == sorted(GOVERNORATES)
    assert len(str(figure).encode()) < 12_000
    legend_labels = [li.get_text(strip=True) for li in figure.select(".map-legend li")]
    assert legend_labels[0] == "none"


def test_each_region_link_leads_to_exactly_its_count_of_reports(client):
    soup = soup_of(client, "/")
    links = soup.select("figure.map a.region")
    assert len(links) >= 5  # the sample names places in most governorates
    facet = {
        li["data-value"]: int(li.select_one(".count").get_text(strip=True))
        for li in soup.select('section.facet[data-facet="governorate"] li[data-value]')
    }
    for link in links:
        name = link["data-governorate"]
        count = int(link.select("text")[-1].get_text())
        assert count > 0 and count == facet[name]
        assert link["aria-label"] == f"{name}: {count} report{'' if count == 1 else 's'}"
        assert link.select_one("title").get_text() == link["aria-label"]
        assert parse_qsl(urlsplit(link["href"]).query) == [("governorate", name)]
        followed = soup_of(client, link["href"])
        assert followed.select_one("p.total strong").get_text() == str(count)
        again = followed.select_one(f'figure.map a.region[data-governorate="{name}"]')
        assert "selected" in again["class"] and again["aria-current"] == "true"
        assert again["href"] == "/"


def test_zero_count_regions_are_drawn_but_not_linked_on_the_page(client):
    soup = soup_of(client, "/?q=hospital")
    regions = soup.select("figure.map .region")
    unlinked = [g for g in regions if g.name == "g"]
    assert unlinked and all(g.select("text")[-1].get_text() == "0" for g in unlinked)
    assert all(int(a.select("text")[-1].get_text()) > 0 for a in regions if a.name == "a")


def test_no_map_when_nothing_matches(client):
    soup = soup_of(client, "/?q=xylophonequartz")
    assert soup.select_one("p.total strong").get_text() == "0"
    assert soup.select_one("figure.map") is None


def test_the_map_stylesheet_is_linked_and_served(client):
    soup = soup_of(client, "/")
    hrefs = [link["href"] for link in soup.select('link[rel="stylesheet"]')]
    assert "/static/map.css" in hrefs
    css = client.get("/static/map.css")
    assert css.status_code == 200 and b".map .shade-5" in css.data
