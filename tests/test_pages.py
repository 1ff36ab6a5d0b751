"""The HTML pages through the Flask test client: facets, chips, snippets, report page, errors."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from bs4 import BeautifulSoup

from tests.conftest import build_index, make_client, write_reports


def page(client, path="/", **params):
    response = client.get(path, query_string=params or None)
    return response, BeautifulSoup(response.get_data(as_text=True), "html.parser")


def facet_block(soup, name):
    section = soup.select_one(f'section.facet[data-facet="{name}"]')
    return [
        {
            "label": li.select_one(".label").get_text(strip=True),
            "count": int(li.select_one(".count").get_text(strip=True)),
            "selected": "selected" in (li.get("class") or []),
            "excluded": "excluded" in (li.get("class") or []),
        }
        for li in section.select("li[data-value]")
    ]


def test_the_page_and_the_api_agree(client):
    response, soup = page(client, q="killed", city="Aleppo")
    assert response.status_code == 200
    api = client.get("/api/search", query_string={"q": "killed", "city": "Aleppo"}).get_json()
    for name in ("city", "actor", "toll_range", "year", "source"):
        expected = [
            {
                "label": v["label"],
                "count": v["count"],
                "selected": v["selected"],
                "excluded": v["excluded"],
            }
            for v in api["facets"][name]
        ]
        assert facet_block(soup, name) == expected
    assert soup.select_one(".total strong").get_text() == str(api["total"])
    titles = [a.get_text() for a in soup.select(".hit h3 a")]
    assert titles == [h["title"] for h in api["hits"]]


def test_clicking_a_facet_value_adds_a_filter_and_a_removable_chip(client):
    _, soup = page(client, q="killed")
    link = next(a for a in soup.select('section[data-facet="city"] li a.toggle'))
    city = link.select_one(".label").get_text(strip=True)
    args = parse_qsl(urlsplit(link["href"]).query)
    assert ("q", "killed") in args and ("city", city) in args

    _, filtered = page(client, **dict(args))
    chips = [a.get_text(" ", strip=True) for a in filtered.select(".chips li:not(.clear) a")]
    assert chips == [f"City: {city} × (remove)"]
    remove = filtered.select_one(".chips li a")["href"]
    assert parse_qsl(urlsplit(remove).query) == [("q", "killed")]
    assert filtered.select_one(".chips .clear a")["href"] == "/?q=killed"


def test_snippets_mark_the_matched_words(client):
    _, soup = page(client, q="barrel bombs")
    marks = {m.get_text().lower() for m in soup.select(".hit .snippet mark")}
    assert marks and marks <= {"barrel", "bombs", "bomb", "bombing", "bombed", "barrels"}


def test_months_appear_once_a_year_is_selected(client):
    _, soup = page(client)
    assert soup.select_one('section[data-facet="month"]') is None
    year = facet_block(soup, "year")[0]["label"]
    _, soup = page(client, year=year)
    months = facet_block(soup, "month")
    assert months and all(m["label"].endswith(year) for m in months)


def test_sort_and_page_links_keep_the_state(client):
    _, soup = page(client, q="killed", city="Aleppo", per_page=2)
    sort_links = {a.get_text(): a["href"] for a in soup.select(".sorts a")}
    assert dict(parse_qsl(urlsplit(sort_links["Newest"]).query)) == {
        "q": "killed",
        "city": "Aleppo",
        "sort": "newest",
        "per_page": "2",
    }
    next_link = soup.select_one('.pagination a[rel="next"]')["href"]
    assert dict(parse_qsl(urlsplit(next_link).query))["page"] == "2"


def test_report_page_shows_text_facets_and_highlights_the_query(client):
    _, results = page(client, q="water treatment")
    link = results.select_one(".hit h3 a")["href"]
    response, soup = page(client, link)
    assert response.status_code == 200
    assert {m.get_text().lower() for m in soup.select(".text mark")} == {"water", "treatment"}
    api = client.get("/api/report/txt/hama-water-plant-wrapped.txt").get_json()
    links = {(a["class"][1], a.get_text(), a["href"]) for a in soup.select(".facet-links a.badge")}
    expected = {("city", c, f"/?city={c.replace(' ', '+')}") for c in api["cities"]}
    expected |= {("actor", a, f"/?actor={a.replace(' ', '+')}") for a in api["actors"]}
    expected |= {
        ("toll_range", "1–9 killed", "/?toll_range=1-9"),
        ("year", "Undated", "/?year=undated"),
    }
    expected |= {("governorate", "Hama", "/?governorate=Hama")}
    assert links == expected


def test_report_page_expands_wildcards_and_skips_negated_words(client):
    report = "/report/txt/hama-water-plant-wrapped.txt"
    _, soup = page(client, report, q="treat* AND NOT water")
    assert {m.get_text().lower() for m in soup.select(".text mark")} == {"treatment"}


def test_unknown_report_is_a_friendly_404(client):
    response, soup = page(client, "/report/nothing-here.txt")
    assert response.status_code == 404
    assert "nothing-here.txt" in soup.get_text()


def test_bad_page_number_is_a_friendly_400(client):
    response, soup = page(client, page="-3")
    assert response.status_code == 400
    assert "page must be between" in soup.get_text()


def test_missing_index_says_which_command_to_run(tmp_path):
    client = make_client(tmp_path / "no-index-here")
    for path in ("/", "/report/x.txt"):
        response = client.get(path)
        assert response.status_code == 503
        assert "python -m indexer" in response.get_data(as_text=True)
    api = client.get("/api/search")
    assert api.status_code == 503 and api.get_json()["error"] == "index_unavailable"


HOSTILE = {
    "evil.txt": (
        "<script>alert('headline')</script> Attack on <b>Idlib</b>\n"
        "Warplanes struck Idlib <img src=x onerror=alert(1)> killing 4 people. "
        "{{ config }} {% raw %} and &lt;i&gt; stayed text."
    )
}


def test_html_in_reports_is_shown_as_text_never_as_markup(tmp_path):
    index_dir = build_index(tmp_path / "index", write_reports(tmp_path / "reports", HOSTILE))
    client = make_client(index_dir)
    for path, params in (("/", {}), ("/", {"q": "idlib"}), ("/report/evil.txt", {"q": "idlib"})):
        response, soup = page(client, path, **params)
        html = response.get_data(as_text=True)
        assert soup.find("script", string=lambda s: s and "alert" in s) is None
        assert soup.find("img") is None and soup.find("b") is None
        assert "&lt;script&gt;alert(" in html
        assert "{{ config }}" in soup.get_text()
    api = client.get("/api/search", query_string={"q": "idlib"}).get_json()
    assert "<img" not in api["hits"][0]["snippet"]
    assert api["hits"][0]["title"].startswith("<script>")  # JSON carries the text as it is


def test_a_reindex_is_seen_without_a_restart(tmp_path):
    reports = tmp_path / "reports"
    write_reports(reports, {"a.txt": "Shelling in Homs\nShells hit Homs, killing 3 people."})
    index_dir = build_index(tmp_path / "index", reports)
    client = make_client(index_dir)
    assert client.get("/api/search").get_json()["total"] == 1
    write_reports(reports, {"b.txt": "Clashes in Hama\nFighting near Hama killed 12 people."})
    build_index(index_dir, reports)
    payload = client.get("/api/search").get_json()
    assert payload["total"] == 2
    assert {v["value"] for v in payload["facets"]["city"]} == {"Homs", "Hama"}


def test_excluding_a_value_strikes_it_through_in_the_facet_and_the_chip(client):
    _, soup = page(client, q="killed")
    item = soup.select_one('section[data-facet="actor"] li[data-value]')
    actor = item["data-value"]
    assert item.select_one("a.toggle")["aria-checked"] == "false"
    _, excluded = page(
        client, **dict(parse_qsl(urlsplit(item.select_one("a.exclude")["href"]).query))
    )
    struck = excluded.select_one(f'section[data-facet="actor"] li[data-value="{actor}"]')
    assert struck["class"] == ["excluded"] and struck.select_one("s").get_text() == actor
    chip = excluded.select_one("ul.chips li.chip-excluded")
    assert chip.select_one("s").get_text() == f"Actor: not {actor}"
    assert parse_qsl(urlsplit(chip.a["href"]).query) == [("q", "killed")]
    # Including it again is one click on the same place.
    assert struck.select_one("a.exclude")["href"] == "/?q=killed"


def test_a_chosen_value_stays_in_view_even_when_it_would_sit_under_more(client):
    _, soup = page(client)
    hidden = soup.select('section[data-facet="city"] details.more li[data-value]')
    assert hidden, "the sample has more than ten cities"
    city = hidden[-1]["data-value"]
    _, chosen = page(client, city=city)
    top = chosen.select('section[data-facet="city"] > ul.values li[data-value]')
    assert city in [li["data-value"] for li in top]
    assert city not in [
        li["data-value"] for li in chosen.select('section[data-facet="city"] details li')
    ]


def test_export_links_carry_the_whole_search(client):
    _, soup = page(client, q="killed", city="Aleppo", page="1")
    links = {a["data-format"]: a["href"] for a in soup.select("a.export")}
    assert links == {
        "csv": "/export.csv?q=killed&city=Aleppo",
        "jsonl": "/export.jsonl?q=killed&city=Aleppo",
    }
