"""Hostile reports through the real app: markup, script, javascript: URLs and template syntax in
headlines, bodies, sources, URLs and ids are shown as text on every page, in the JSON API and in
the exports, and never become markup, links or evaluated templates.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from html import unescape
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests import hostile_reports as hostile
from tests.conftest import build_index, make_client

# Totals of what the structural check looked at, for the closing figures.
TALLY: Counter = Counter()
LINK_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")
FORBIDDEN_TAGS = ("img", "iframe", "object", "embed", "frame", "base", "style", "template")
STATIC_SCRIPT = re.compile(r'<script src="/static/[a-z]+\.js" defer></script>')


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    return build_index(root / "index", hostile.write_hostile_corpus(root / "corpus"))


@pytest.fixture()
def client(hostile_index):
    return make_client(hostile_index)


def inert(html: str) -> BeautifulSoup:
    """Parse a page and assert it holds no markup but the site's own: no script but the static
    files, no element a report could have brought, no event handler, no inline style and no
    link that is not to this site or plain http(s)."""
    TALLY["pages"] += 1
    scripts = re.findall(r"<script\b[^>]*>(?:.*?</script>)?", html, re.IGNORECASE | re.DOTALL)
    assert all(STATIC_SCRIPT.fullmatch(tag) for tag in scripts), scripts
    assert not re.search(rf"<(?:{'|'.join(FORBIDDEN_TAGS)})\b", html, re.IGNORECASE)
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(True):
        TALLY["elements"] += 1
        assert element.name not in FORBIDDEN_TAGS, element
        for name, value in element.attrs.items():
            TALLY["attributes"] += 1
            assert not name.lower().startswith("on"), (element.name, name, value)
            assert name.lower() != "style", element
            if name.lower() in LINK_ATTRIBUTES:
                assert_safe_link(element, value)
    assert len(soup.find_all("svg")) <= 2, "only the timeline and the map draw SVG"
    return soup


def assert_safe_link(element, value: str) -> None:
    if element.name == "link" and element.get("rel") == ["icon"]:
        assert value == "data:,"
        return
    parts = urlsplit(value.strip())
    assert parts.scheme in ("", "http", "https"), (element.name, value)
    assert not re.search(r"[\x00-\x1f]", value), value


def get(client, path: str, status: int = 200, **params):
    response = client.get(path, query_string=params or None)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response


def page(client, path: str = "/", status: int = 200, **params) -> BeautifulSoup:
    return inert(get(client, path, status, **params).get_data(as_text=True))


def report_path(report_id: str, api: bool = False) -> str:
    return ("/api/report/" if api else "/report/") + quote(report_id)


def text_of(element) -> str:
    return element.get_text()


def snippet_html_is_marks_only(snippet: str) -> str:
    """The text of an API snippet, asserting its only tags are <mark> and </mark>."""
    bare = snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in bare and ">" not in bare, snippet
    return unescape(bare)


IDS = [report.id for report in hostile.EXPECTED]
SOURCES = sorted({r.source for r in hostile.EXPECTED if r.source})


def test_the_corpus_is_indexed_whole(client):
    payload = get(client, "/api/search", per_page=100).get_json()
    assert sorted(hit["id"] for hit in payload["hits"]) == sorted(IDS)
    assert {v["value"] for v in payload["facets"]["source"]} == set(SOURCES)
    cities = {v["value"] for v in payload["facets"]["city"]}
    assert {"Aleppo", "Homs", "Damascus", "Daraa", "Hama", "Raqqa", "Latakia"} <= cities


@pytest.mark.parametrize("report_id", IDS)
def test_the_api_report_carries_the_original_strings(client, report_id):
    expected = hostile.BY_ID[report_id]
    payload = get(client, report_path(report_id, api=True)).get_json()
    assert payload["id"] == report_id
    assert payload["title"] == expected.title
    assert payload["source"] == expected.source
    assert payload["original_url"] == expected.url
    for fragment in expected.in_body:
        assert fragment in payload["text"]


def test_the_results_page_shows_headlines_and_metadata_as_text(client):
    response = get(client, "/", per_page=100)
    html = response.get_data(as_text=True)
    soup = inert(html)
    headlines = {text_of(a) for a in soup.select("section.results article.hit h3 a")}
    assert headlines == {r.title for r in hostile.EXPECTED}
    sources = {text_of(s) for s in soup.select("article.hit .meta .source")}
    assert sources == set(SOURCES)
    assert "&lt;script&gt;alert(&#39;xss-script&#39;)&lt;/script&gt;" in html
    assert "&lt;b onmouseover=alert(1)&gt;x&lt;/b&gt;" in html
    # The template syntax is printed as it was written, never evaluated.
    template_hit = next(a for a in soup.select("article.hit h3 a") if "Homs" in text_of(a))
    assert text_of(template_hit) == hostile.TXT["txt/template-syntax.txt"][0]
    assert "49" not in text_of(template_hit) and "looploop" not in html


def test_hit_links_carry_hostile_ids_inside_the_href(client):
    soup = page(client, "/", per_page=100, q="Latakia")
    (link,) = soup.select("article.hit h3 a")
    assert unquote(urlsplit(link["href"]).path) == "/report/" + hostile.HOSTILE_ID
    assert get(client, urlsplit(link["href"]).path).status_code == 200


@pytest.mark.parametrize("q", ["alert", "onerror", "script", "svg", "endfor"])
def test_snippets_escape_everything_but_the_marks(client, q):
    soup = page(client, "/", q=q, per_page=100)
    snippets = soup.select("article.hit p.snippet")
    assert snippets
    for snippet in snippets:
        assert {tag.name for tag in snippet.find_all(True)} <= {"mark"}
        assert all(text_of(mark).lower().startswith(q[:4]) for mark in snippet.select("mark"))
    payload = get(client, "/api/search", q=q, per_page=100).get_json()
    texts = [snippet_html_is_marks_only(hit["snippet"]) for hit in payload["hits"]]
    assert [text_of(s) for s in snippets] == texts


def test_the_snippet_of_a_script_in_the_body_reads_as_that_script(client):
    soup = page(client, "/", q="bakery")
    # The fragment ends mid-tag, as fragments do; what is there is text.
    assert "Aleppo. <script>alert('xss-script')</script" in text_of(soup.select_one("p.snippet"))


def test_hostile_sources_are_facet_values_shown_as_text(client):
    soup = page(client, "/")
    items = soup.select('section.facet[data-facet="source"] li[data-value]')
    assert sorted(li["data-value"] for li in items) == SOURCES
    for li in items:
        assert text_of(li.select_one(".label")) == li["data-value"]
        assert li.select_one("a.exclude")["title"] == f"Exclude {li['data-value']}"


@pytest.mark.parametrize("source", SOURCES)
def test_selecting_a_hostile_source_gives_a_text_chip(client, source):
    soup = page(client, "/", source=source)
    assert soup.select_one("p.total strong").get_text() == "1"
    (chip,) = soup.select("ul.chips li:not(.clear) a")
    assert text_of(chip).startswith(f"Source: {source} ×")
    li = soup.select_one(f'section.facet[data-facet="source"] li[data-value="{_css(source)}"]')
    assert li.select_one("a.toggle")["aria-checked"] == "true"
    (hit,) = soup.select("article.hit")
    assert text_of(hit.select_one(".meta .source")) == source


@pytest.mark.parametrize("source", SOURCES)
def test_excluding_a_hostile_source_gives_a_struck_text_chip(client, source):
    soup = page(client, "/", source=f"-{source}")
    assert soup.select_one("p.total strong").get_text() == str(len(IDS) - 1)
    chip = soup.select_one("ul.chips li.chip-excluded")
    assert text_of(chip.select_one("s")) == f"Source: not {source}"


def _css(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


@pytest.mark.parametrize("report_id", IDS)
@pytest.mark.parametrize("q", ["", "alert"])
def test_report_pages_show_the_report_as_text(client, report_id, q):
    expected = hostile.BY_ID[report_id]
    soup = page(client, report_path(report_id), **({"q": q} if q else {}))
    assert text_of(soup.select_one("article.report h1")) == expected.title
    text = text_of(soup.select_one("div.text"))
    for fragment in expected.in_body:
        assert fragment in text
    assert {tag.name for tag in soup.select_one("div.text").find_all(True)} <= {"p", "mark", "span"}
    facts = {
        text_of(dt): dd
        for dt, dd in zip(soup.select("dl.facts dt"), soup.select("dl.facts dd"), strict=True)
    }
    if expected.source:
        assert text_of(facts["Source"]).startswith(expected.source)
    if expected.url:
        original = facts["Original"]
        assert text_of(original) == expected.url
        if expected.url.startswith("https://"):
            assert original.select_one("a")["href"] == expected.url
        else:
            assert original.select_one("a") is None, "only http(s) URLs may become links"


def test_not_links_are_never_hrefs_anywhere(client):
    pages = [get(client, report_path(r.id)).get_data(as_text=True) for r in hostile.EXPECTED]
    for html in pages:
        for url in hostile.NOT_LINKS:
            assert f'href="{url}' not in html and "href='javascript" not in html.lower()


def test_timeline_and_map_labels_are_the_charts_own(client):
    soup = page(client, "/")
    chart = get(client, "/api/search").get_json()
    bars = {a["data-key"]: a for a in soup.select("figure.timeline a.bar")}
    assert list(bars) == [bar["key"] for bar in chart["timeline"]["chart"]["bars"]]
    for bar in chart["timeline"]["chart"]["bars"]:
        label = f"{bar['label']}: {bar['reports']} report"
        assert bars[bar["key"]]["aria-label"].startswith(label)
        assert text_of(bars[bar["key"]].title).startswith(label)
    assert bars["2016-05"]["aria-label"] == "May 2016: 1 report, 30 deaths"
    regions = {a["data-governorate"]: a for a in soup.select("figure.map a.region")}
    for region in chart["map"]["regions"]:
        if region["count"]:
            assert regions[region["name"]]["aria-label"].startswith(f"{region['name']}: ")
    assert regions["Aleppo"]["aria-label"].startswith("Aleppo: 2 reports")
    assert text_of(soup.select_one("figure.timeline .tl-undated")) == "Undated: 1 (not charted)"


BAD_MARKUP = [
    "<script>alert(1)</script>",
    '<img src="x">',
    '<p onclick="go()">x</p>',
    '<span style="color:red">x</span>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" JAVASCRIPT:alert(1)">x</a>',
    '<form action="data:text/html,x"></form>',
    "<iframe></iframe>",
]


@pytest.mark.parametrize("markup", BAD_MARKUP)
def test_the_check_catches_what_it_looks_for(client, markup):
    html = get(client, "/").get_data(as_text=True)
    inert(html)
    with pytest.raises(AssertionError):
        inert(html.replace("</main>", markup + "</main>"))


HOSTILE_QUERIES = [
    hostile.SCRIPT,
    hostile.TITLE_BREAKOUT,
    hostile.ATTRIBUTE_BREAKOUT,
    hostile.TEMPLATE,
    hostile.HOSTILE_SOURCE,
    "javascript:alert(1)",
    hostile.RLO + "alert",
]


@pytest.mark.parametrize("q", HOSTILE_QUERIES)
@pytest.mark.parametrize("path", ["/", "/facets/source", "/report/csv-hostile-source"])
def test_hostile_queries_are_printed_as_text(client, q, path):
    soup = page(client, path, q=q)
    assert soup.select_one("#q")["value"] == q
    if path == "/":
        # As text, without the bidirectional controls (tab_title; the search box keeps them).
        assert text_of(soup.title) == f"{q.replace(hostile.RLO, '')} – Archive Search"
        empty = soup.select_one("p.empty")
        assert empty is None or q in text_of(empty)
        for link in soup.select("figure.timeline a.bar, ul.chips a, nav.sorts a"):
            assert ("q", q) in _args(link["href"])


def _args(href: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(href).query, keep_blank_values=True)


def test_the_search_api_carries_the_originals(client):
    payload = get(client, "/api/search", per_page=100, q="killed").get_json()
    for hit in payload["hits"]:
        expected = hostile.BY_ID[hit["id"]]
        assert (hit["title"], hit["source"]) == (expected.title, expected.source)
        snippet_html_is_marks_only(hit["snippet"])
    sources = {v["value"]: v["label"] for v in payload["facets"]["source"]}
    assert all(value == label for value, label in sources.items())


@pytest.mark.parametrize(("fq", "found"), [("script", 2), ("onmouseover", 1), ("{{", 1)])
def test_facet_value_search_lists_hostile_values_as_text(client, fq, found):
    payload = get(client, "/api/facets/source", fq=fq).get_json()
    assert payload["matched"] == found
    assert all(fq in v["value"] and v["value"] in SOURCES for v in payload["values"])
    soup = page(client, "/facets/source", fq=fq)
    labels = [text_of(s) for s in soup.select("li[data-value] .label")]
    assert sorted(labels) == sorted(v["value"] for v in payload["values"])
    assert soup.select_one("#fq")["value"] == fq


def test_csv_export_keeps_text_and_defuses_formulas(client):
    response = get(client, "/export.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    by_id = {row["id"]: row for row in rows}
    assert sorted(by_id) == sorted(IDS)
    formula = by_id["csv-formula"]
    assert formula["headline"] == "'" + hostile.FORMULA_TITLE
    assert formula["source"] == "'" + hostile.FORMULA_SOURCE
    assert formula["snippet"].startswith("'-2+3 was written")
    for row in rows:
        for column in ("headline", "source", "snippet"):
            assert not row[column].startswith(("=", "+", "-", "@")), row
    assert by_id["csv-hostile-source"]["headline"] == hostile.CSV_ROWS[0]["title"]
    assert by_id["csv-hostile-source"]["source"] == hostile.HOSTILE_SOURCE


def test_jsonl_export_carries_the_originals(client):
    response = get(client, "/export.jsonl", q="killed")
    lines = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert "_meta" in lines[0]
    for row in lines[1:]:
        expected = hostile.BY_ID[row["id"]]
        assert (row["headline"], row["source"]) == (expected.title, expected.source)
        assert "<mark>" not in row["snippet"]


@pytest.mark.parametrize(
    ("path", "status", "shown"),
    [
        (report_path(hostile.SCRIPT), 404, hostile.SCRIPT),
        (report_path(hostile.ATTRIBUTE_BREAKOUT), 404, "><svg/onload=alert("),
        ("/facets/" + quote(hostile.SVG_ONLOAD), 404, hostile.SVG_ONLOAD),
        ("/?sort=" + quote(hostile.SCRIPT), 400, hostile.SCRIPT),
        ("/?chart=" + quote(hostile.IMG_ONERROR), 400, hostile.IMG_ONERROR),
        ("/?from=" + quote(hostile.TEMPLATE), 400, hostile.TEMPLATE),
        (
            f"/?source={quote(hostile.HOSTILE_SOURCE)}&source=-{quote(hostile.HOSTILE_SOURCE)}",
            400,
            hostile.HOSTILE_SOURCE,
        ),
    ],
)
def test_error_pages_print_hostile_input_as_text(client, path, status, shown):
    response = client.get(path)
    assert response.status_code == status
    soup = inert(response.get_data(as_text=True))
    assert shown in text_of(soup.select_one("section.error p"))
    if not path.startswith("/facets"):
        api_path = "/api" + path if path.startswith("/report") else "/api/search" + path[1:]
        api = client.get(api_path)
        assert api.status_code == status and shown in api.get_json()["message"]


def test_tally(capsys):
    """Not a check: prints what the structural checks covered (run with -s to see it)."""
    with capsys.disabled():
        print(f"\nhostile corpus: {len(IDS)} reports; structural checks: {dict(TALLY)}")


def test_a_direction_override_does_not_reach_the_tab_title(client):
    # In the page the headline sits in its own element; the <title> has no elements, so the
    # override would reverse the rest of the tab's title ("– Archive Search").
    report = page(client, report_path("txt/direction-override.txt"))
    title = report.title.get_text()
    assert "\u202e" not in title and title.endswith("– Archive Search")
    assert "gnp.exe" in title  # the headline itself is kept
    assert "\u202e" in report.find("h1").get_text()  # and shown whole in the page
    searched = page(client, "/", q="\u202eidlib")
    assert "\u202e" not in searched.title.get_text()
