"""The JSON search API end to end over the sample corpus: exact counts, OR/AND, sorting, paging.

Expected values are computed from the pipeline's Reports in Python, never from the index.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from indexer.places import governorates_of
from indexer.tolls import toll_range
from tests.conftest import build_index, make_client


def facet_values(report) -> dict[str, list[str]]:
    date = report.published.value if report.published else None
    cities = [e.value for e in report.cities]
    return {
        "city": cities,
        "governorate": governorates_of(cities),
        "actor": [e.value for e in report.actors],
        "toll_range": [toll_range(report.death_toll.value if report.death_toll else None)],
        "year": [str(date.year) if date else "undated"],
        "month": [date.strftime("%Y-%m")] if date else [],
        "source": [report.source] if report.source else [],
    }


def expected_counts(reports, name) -> dict[str, int]:
    return dict(Counter(v for r in reports for v in facet_values(r)[name]))


def api_counts(payload, name) -> dict[str, int]:
    return {v["value"]: v["count"] for v in payload["facets"][name]}


def matching(reports, **filters):
    """Reports having, for every facet given, any of its values (OR within, AND across)."""
    return [
        r
        for r in reports
        if all(set(facet_values(r)[name]) & set(values) for name, values in filters.items())
    ]


def get(client, **params):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def all_ids(client, **params):
    payload = get(client, per_page=100, **params)
    assert payload["total"] <= 100
    return [hit["id"] for hit in payload["hits"]]


def test_the_sample_corpus_has_every_kind_of_facet_value(sample_reports):
    assert len(sample_reports) >= 35
    assert len(expected_counts(sample_reports, "governorate")) >= 8
    assert len(expected_counts(sample_reports, "actor")) >= 7
    assert set(expected_counts(sample_reports, "toll_range")) == {
        "none",
        "1-9",
        "10-49",
        "50-99",
        "100-499",
        "500+",
    }
    assert expected_counts(sample_reports, "year")["undated"] >= 5
    assert any(r.death_toll and r.death_toll.approximate for r in sample_reports)


@pytest.mark.parametrize(
    "name", ["city", "governorate", "actor", "toll_range", "year", "month", "source"]
)
def test_browse_all_counts_equal_independent_counts(client, sample_reports, name):
    payload = get(client)
    assert payload["total"] == len(sample_reports)
    assert api_counts(payload, name) == expected_counts(sample_reports, name)


def test_or_within_a_facet_and_and_across_facets(client, sample_reports):
    cities = expected_counts(sample_reports, "city")
    first, second = sorted(cities, key=lambda c: (-cities[c], c))[:2]
    either = matching(sample_reports, city=[first, second])
    payload = get(client, city=[first, second])
    assert payload["total"] == len(either) > cities[first]
    assert sorted(all_ids(client, city=[first, second])) == sorted(r.id for r in either)

    actor = expected_counts(either, "actor")
    chosen_actor = max(actor, key=lambda a: (actor[a], a))
    both = matching(sample_reports, city=[first, second], actor=[chosen_actor])
    assert sorted(all_ids(client, city=[first, second], actor=chosen_actor)) == sorted(
        r.id for r in both
    )


def test_each_facet_is_counted_without_its_own_filter(client, sample_reports):
    cities = expected_counts(sample_reports, "city")
    city = max(cities, key=lambda c: (cities[c], c))
    years = expected_counts(matching(sample_reports, city=[city]), "year")
    year = max(years, key=lambda y: (years[y], y))
    payload = get(client, city=city, year=year)
    # City counts: only the year filter applies, so other cities stay selectable.
    assert api_counts(payload, "city") == expected_counts(
        matching(sample_reports, year=[year]), "city"
    )
    assert api_counts(payload, "year") == expected_counts(
        matching(sample_reports, city=[city]), "year"
    )
    assert api_counts(payload, "actor") == expected_counts(
        matching(sample_reports, city=[city], year=[year]), "actor"
    )
    selected = [v["value"] for v in payload["facets"]["city"] if v["selected"]]
    assert selected == [city]


def test_a_selected_value_with_no_matches_stays_visible_with_zero(client):
    payload = get(client, city="Nowhere-on-earth")
    assert payload["total"] == 0
    assert {"value": "Nowhere-on-earth", "count": 0, "selected": True}.items() <= next(
        v for v in payload["facets"]["city"] if v["value"] == "Nowhere-on-earth"
    ).items()


def test_date_range_keeps_dated_reports_inside_it(client, sample_reports):
    inside = [
        r
        for r in sample_reports
        if r.published and "2014-01-01" <= r.published.value.isoformat() <= "2016-12-31"
    ]
    assert sorted(all_ids(client, **{"from": "2014-01-01", "to": "2016-12-31"})) == sorted(
        r.id for r in inside
    )


def test_newest_and_oldest_put_undated_reports_last(client):
    newest = get(client, per_page=100, sort="newest")["hits"]
    dates = [h["published"] for h in newest]
    dated = [d for d in dates if d]
    assert dates == dated + [None] * (len(dates) - len(dated))
    assert dated == sorted(dated, reverse=True)
    oldest = [h["published"] for h in get(client, per_page=100, sort="oldest")["hits"]]
    assert oldest == sorted(dated) + [None] * (len(dates) - len(dated))


def test_toll_sort_is_highest_first_with_no_toll_last(client, sample_reports):
    tolls = [h["death_toll"] for h in get(client, per_page=100, sort="toll")["hits"]]
    known = sorted((r.death_toll.value for r in sample_reports if r.death_toll), reverse=True)
    assert tolls == known + [None] * (len(tolls) - len(known))


def test_pages_partition_the_results(client):
    everything = all_ids(client, sort="oldest")
    pages = [
        [h["id"] for h in get(client, sort="oldest", per_page=7, page=n)["hits"]]
        for n in range(1, 8)
    ]
    assert [i for page in pages for i in page] == everything
    assert get(client, per_page=7)["pages"] == -(-len(everything) // 7)
    assert get(client, page=500)["hits"] == []


def test_relevance_puts_headline_matches_first_and_marks_words(client, sample_reports):
    word = "Palmyra"
    payload = get(client, q=word.lower())
    in_title = {r.id for r in sample_reports if word in r.title}
    assert in_title
    assert {h["id"] for h in payload["hits"][: len(in_title)]} == in_title
    assert all(h["score"] > 0 for h in payload["hits"])
    assert f"<mark>{word}</mark>" in payload["hits"][0]["snippet"]


def test_stemming_finds_other_forms_of_a_word(client):
    killed = {h["id"] for h in get(client, q="killed", per_page=100)["hits"]}
    killing = {h["id"] for h in get(client, q="killing", per_page=100)["hits"]}
    assert killed == killing and killed


def test_phrase_across_a_former_line_break_matches(client):
    payload = get(client, q='"water treatment plant"')
    assert [h["id"] for h in payload["hits"]] == ["txt/hama-water-plant-wrapped.txt"]
    assert (
        "<mark>water</mark> <mark>treatment</mark> <mark>plant</mark>"
        in (payload["hits"][0]["snippet"])
    )


def test_comment_threads_are_not_searchable(client):
    assert get(client, q="Zorbatron77")["total"] == 0


def test_query_syntax_works(client, sample_reports):
    by_field = get(client, q="city:Aleppo", per_page=100)
    assert by_field["total"] == len(matching(sample_reports, city=["Aleppo"]))
    negated = get(client, q="NOT killed", per_page=100)["total"]
    assert negated == len(sample_reports) - get(client, q="killed")["total"]
    assert get(client, q="aleppo~")["total"] >= get(client, q="aleppo")["total"] > 0
    assert get(client, q="kill*")["total"] >= get(client, q="killed")["total"]


def test_broken_syntax_falls_back_with_a_notice(client):
    payload = get(client, q='"barrel bombs')
    assert payload["notice"] and payload["total"] > 0


@pytest.mark.parametrize(
    ("params", "status", "param_word"),
    [
        ({"page": "zero"}, 400, "page"),
        ({"per_page": "-1"}, 400, "per_page"),
        ({"sort": "best"}, 400, "sort"),
        ({"from": "2013-02-31"}, 400, "from"),
        ({"q": "a" * 1001}, 413, "query"),
    ],
)
def test_bad_parameters_get_a_json_error(client, params, status, param_word):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == status
    body = response.get_json()
    assert set(body) == {"error", "message"} and param_word in body["message"]


def test_hit_shape(client):
    hit = get(client, q="killed")["hits"][0]
    assert set(hit) == {
        "id",
        "title",
        "url",
        "published",
        "source",
        "original_url",
        "cities",
        "governorates",
        "actors",
        "perpetrator",
        "death_toll",
        "toll_approximate",
        "toll_range",
        "snippet",
        "score",
    }
    assert hit["url"].startswith("/report/")


def test_report_api_returns_fields_text_and_evidence(client, sample_reports):
    report = next(r for r in sample_reports if r.death_toll and r.cities)
    response = client.get(f"/api/report/{report.id}")
    assert response.status_code == 200
    body = response.get_json()
    assert (body["id"], body["title"], body["text"]) == (report.id, report.title, report.body)
    assert body["death_toll"] == report.death_toll.value
    assert body["perpetrator"] == (report.perpetrator.value if report.perpetrator else None)
    assert body["cities"] == [e.value for e in report.cities]
    assert body["evidence"]["death_toll"]["text"] == report.death_toll.text
    assert [e["value"] for e in body["evidence"]["cities"]] == body["cities"]
    assert [e["value"] for e in body["evidence"]["actors"]] == body["actors"]
    assert all(e["text"] for kind in ("cities", "actors") for e in body["evidence"][kind])
    source = body["evidence"]["source"]
    assert source == (
        {"value": report.source, "text": report.source_evidence} if report.source else None
    )


def test_unknown_report_is_a_json_404(client):
    response = client.get("/api/report/no/such/report.txt")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


def excluding(reports, **excluded):
    return [
        r
        for r in reports
        if not any(set(facet_values(r)[name]) & set(values) for name, values in excluded.items())
    ]


def test_an_excluded_value_removes_its_reports_and_keeps_its_own_count(client, sample_reports):
    actor = expected_counts(sample_reports, "actor")
    target = max(actor, key=actor.get)
    payload = get(client, actor=f"-{target}", per_page=100)
    expected = excluding(sample_reports, actor=[target])
    assert sorted(h["id"] for h in payload["hits"]) == sorted(r.id for r in expected)
    assert payload["excluded"] == {"actor": [target]}
    # The actor facet is counted without its own filter, so the excluded value keeps its count.
    values = {v["value"]: v for v in payload["facets"]["actor"]}
    assert values[target]["count"] == actor[target]
    assert values[target]["excluded"] is True
    assert values[target]["exclude_url"] == "/?per_page=100"
    # Other facets are counted over what is left.
    assert api_counts(payload, "city") == expected_counts(expected, "city")


def test_selection_and_exclusion_combine_across_facets(client, sample_reports):
    city = expected_counts(sample_reports, "city")
    a, b = sorted(city, key=lambda c: (-city[c], c))[:2]
    chosen = matching(sample_reports, city=[a, b])
    actor = expected_counts(chosen, "actor")
    dropped = max(actor, key=actor.get)
    payload = get(client, city=[a, b], actor=f"-{dropped}", per_page=100)
    expected = excluding(chosen, actor=[dropped])
    assert sorted(h["id"] for h in payload["hits"]) == sorted(r.id for r in expected)
    assert payload["total"] == len(expected)


def test_the_timeline_counts_reports_and_deaths_per_month_whatever_the_dates(
    client, sample_reports
):
    city = expected_counts(sample_reports, "city")
    target = max(city, key=city.get)
    payload = get(client, city=target, **{"from": "2014-01-01", "to": "2014-12-31"})
    chosen = matching(sample_reports, city=[target])
    expected: dict[str, list[int]] = {}
    for report in chosen:
        if report.published:
            month = expected.setdefault(report.published.value.strftime("%Y-%m"), [0, 0])
            month[0] += 1
            month[1] += report.death_toll.value if report.death_toll else 0
    assert {m["month"]: [m["reports"], m["deaths"]] for m in payload["timeline"]["months"]} == (
        expected
    )
    assert payload["timeline"]["undated"] == sum(1 for r in chosen if not r.published)
    assert payload["total"] == sum(
        1 for r in chosen if r.published and r.published.value.year == 2014
    )


def test_a_phrase_marks_its_runs_not_its_words_alone(client):
    hits = get(client, q='"air strikes"', per_page=100)["hits"]
    marked = 0
    for hit in hits:
        snippet = hit["snippet"]  # unmarked when the phrase is only in the headline
        words = [word.lower() for word in re.findall(r"<mark>([^<]*)</mark>", snippet)]
        marked += bool(words)
        # Every mark is one half of an "air strike(s)" run, in order ("air drops" is not).
        assert all(w in ("air", "strikes", "strike") for w in words), snippet
        pairs = list(zip(words[::2], words[1::2], strict=True))
        assert all(a == "air" and b.startswith("strike") for a, b in pairs), snippet
    assert marked >= 3


def test_a_source_beginning_with_a_minus_can_be_selected_and_excluded(tmp_path):
    # "source=- Wire" would read as excluding "Wire", so the facet's own links mark such a value.
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "export.csv").write_text(
        "id,title,body,source\n"
        "a,Shelling in Homs,Shells hit Homs on Monday.,- Wire\n"
        "b,Raid on Douma,Jets struck Douma on Tuesday.,Reuters\n"
        "c,Strike on Idlib,A strike hit Idlib on Sunday.,- Wire\n",
        encoding="utf-8",
    )
    client = make_client(build_index(tmp_path / "index", folder))
    body = client.get("/api/search").get_json()
    wire = {v["value"]: v for v in body["facets"]["source"]}["- Wire"]
    assert wire["count"] == 2

    def api(url):
        return client.get(url.replace("/?", "/api/search?", 1)).get_json()

    assert sorted(hit["id"] for hit in api(wire["toggle_url"])["hits"]) == ["a", "c"]
    assert [hit["id"] for hit in api(wire["exclude_url"])["hits"]] == ["b"]
    page = client.get(wire["toggle_url"])
    assert page.status_code == 200 and b"Raid on Douma" not in page.data
