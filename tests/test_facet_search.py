"""Searching a facet's values on the server: every value, accent- and case-blind, counted like the
sidebar, as a page (no JavaScript) and as JSON."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from searchapp.facet_search import folded
from tests.test_search_api import expected_counts, matching


def api(client, name, **params):
    response = client.get(f"/api/facets/{name}", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_folding_ignores_case_and_accents():
    assert folded("Ḥomṣ") == "homs"
    assert folded("DEIR ez-Zor") == "deir ez-zor"


def test_every_matching_value_is_found_with_its_sidebar_count(client, sample_reports):
    counts = expected_counts(sample_reports, "city")
    wanted = {c: n for c, n in counts.items() if "a" in folded(c)}
    payload = api(client, "city", fq="A")
    assert {v["value"]: v["count"] for v in payload["values"]} == wanted
    assert payload["matched"] == len(wanted)
    # Values that start with the text come first, then by count.
    starts = [v["value"] for v in payload["values"] if folded(v["value"]).startswith("a")]
    assert [v["value"] for v in payload["values"]][: len(starts)] == starts


def test_counts_follow_the_other_filters_but_not_the_facets_own(client, sample_reports):
    actors = expected_counts(sample_reports, "actor")
    actor = max(actors, key=actors.get)
    cities = expected_counts(sample_reports, "city")
    city = max(cities, key=cities.get)
    payload = api(client, "city", fq="", actor=actor, city=city)
    expected = expected_counts(matching(sample_reports, actor=[actor]), "city")
    assert {v["value"]: v["count"] for v in payload["values"]} == expected
    chosen = next(v for v in payload["values"] if v["value"] == city)
    assert chosen["selected"] is True


def test_the_list_is_capped_and_says_how_many_matched(client, monkeypatch, sample_reports):
    monkeypatch.setattr("searchapp.facet_search.MAX_FACET_MATCHES", 3)
    payload = api(client, "city")
    assert len(payload["values"]) == 3
    assert payload["matched"] == len(expected_counts(sample_reports, "city"))


def test_the_page_lists_matching_values_as_filter_links(client, sample_reports):
    page = BeautifulSoup(client.get("/facets/city?fq=alep&q=killed").data, "html.parser")
    items = page.select("section.facet[data-facet=city] li[data-value]")
    assert [li["data-value"] for li in items] == ["Aleppo"]
    toggle = items[0].select_one("a.toggle")["href"]
    assert toggle == "/?q=killed&city=Aleppo"
    assert items[0].select_one("a.exclude")["href"] == "/?q=killed&city=-Aleppo"
    # The form keeps the search's other arguments.
    hidden = {i["name"]: i["value"] for i in page.select("form.facet-search input[type=hidden]")}
    assert hidden == {"q": "killed"}


def test_the_sidebar_offers_a_filter_box_only_for_long_facets(client):
    page = BeautifulSoup(client.get("/").data, "html.parser")
    forms = {
        f.find_parent("section")["data-facet"]: f["action"]
        for f in page.select("form.facet-search")
    }
    assert forms.get("city") == "/facets/city"
    assert "toll_range" not in forms


@pytest.mark.parametrize(
    "url, status",
    [
        ("/api/facets/colour", 404),
        ("/facets/colour", 404),
        ("/api/facets/city?fq=" + "x" * 101, 400),
    ],
)
def test_unknown_facets_and_long_filters_are_refused(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    if url.startswith("/api/"):
        assert response.get_json()["message"]
