"""The report page through the Flask test client: numbered matches and their navigation, evidence
sentences marked in the text, markup that adds and loses nothing, hostile text, similar reports.

Expectations come from the pipeline's Reports or from reports written here, never from the page.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from tests.conftest import build_index, make_client, write_reports


def page(client, path, **params):
    response = client.get(path, query_string=params or None)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def report_path(report_id: str) -> str:
    return "/report/" + quote(report_id)


def collapsed(text: str) -> str:
    return " ".join(text.split())


def shown_paragraphs(soup) -> list[str]:
    return [p.get_text() for p in soup.select("div.text > p")]


def stored_paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.split("\n\n") if p.strip()]


def evidence_of(report) -> list[tuple[str, str, str]]:
    """(kind, value, sentence) for every fact of a pipeline Report read from its own text."""
    items = [("city", e.value, e.text) for e in report.cities]
    items += [("actor", e.value, e.text) for e in report.actors]
    if report.perpetrator:
        items.append(("perpetrator", report.perpetrator.value, report.perpetrator.text))
    if report.death_toll:
        items.append(("toll", str(report.death_toll.value), report.death_toll.text))
    if report.published and not report.published.text.startswith("metadata:"):
        items.append(("date", report.published.value.isoformat(), report.published.text))
    return items


# --- matches -------------------------------------------------------------------------------------

MATCHES = {
    "homs.txt": (
        "Shelling in Homs\n"
        "Shells hit the Khalidiya district of Homs on Monday, killing 3 people.\n\n"
        "Homs residents said the shelling went on all night; a shell hit a bakery.\n\n"
        "Nothing else was reported."
    ),
    "hama.txt": "Quiet day in Hama\nMarkets opened in Hama on Tuesday and nobody was hurt.",
}


@pytest.fixture(scope="module")
def matches_client(tmp_path_factory):
    root = tmp_path_factory.mktemp("matches")
    return make_client(build_index(root / "index", write_reports(root / "reports", MATCHES)))


def test_marks_are_numbered_in_order_and_count_the_matched_words(matches_client):
    soup = page(matches_client, "/report/homs.txt", q="shell")
    marks = soup.select("div.text mark")
    # "shell" stems like "shells", "shelling": every form in the body, in reading order.
    assert [m.get_text() for m in marks] == ["Shells", "shelling", "shell"]
    assert [m["id"] for m in marks] == ["m1", "m2", "m3"]
    # The headline's match is marked too, but is not a stop of the navigation.
    assert [(m.get_text(), m.get("id")) for m in soup.select("h1 mark")] == [("Shelling", None)]

    nav = soup.select_one("nav.match-nav")
    assert nav.select_one(".match-count").get_text() == "3 matches"
    assert nav.select_one("a.first-match")["href"] == "#m1"
    assert nav.select_one("a.first-match").get_text() == "first match"
    # Without script the links are what they would do at the first match, where the page opens.
    assert nav.select_one("a.next-match")["href"] == "#m2"
    assert nav.select_one("a.prev-match")["href"] == "#m3"

    api = matches_client.get("/api/report/homs.txt", query_string={"q": "shell"}).get_json()
    assert api["matches"] == 3


def test_one_match_navigates_to_itself(matches_client):
    soup = page(matches_client, "/report/homs.txt", q="bakery")
    assert [m["id"] for m in soup.select("div.text mark")] == ["m1"]
    nav = soup.select_one("nav.match-nav")
    assert nav.select_one(".match-count").get_text() == "1 match"
    assert {nav.select_one(f"a.{c}")["href"] for c in ("prev-match", "next-match")} == {"#m1"}


def test_no_navigation_without_matches_in_the_text(matches_client):
    soup = page(matches_client, "/report/homs.txt")
    assert soup.select_one("nav.match-nav") is None and not soup.select("mark")
    assert "matches" not in matches_client.get("/api/report/homs.txt").get_json()

    soup = page(matches_client, "/report/hama.txt", q="shell")
    assert soup.select_one("nav.match-nav") is None and not soup.select("mark")
    assert soup.select_one("p.no-matches") is not None
    api = matches_client.get("/api/report/hama.txt", query_string={"q": "shell"}).get_json()
    assert api["matches"] == 0


def test_the_page_uses_its_own_script_and_style_and_no_inline_script(matches_client):
    soup = page(matches_client, "/report/homs.txt", q="shell")
    scripts = soup.select("script")
    assert all(s.get("src") and not s.string for s in scripts)
    assert "/static/report.js" in [s["src"] for s in scripts]
    assert "/static/report.css" in [link["href"] for link in soup.select("link[rel=stylesheet]")]
    for name in ("report.js", "report.css"):
        with matches_client.get(f"/static/{name}") as response:  # closes the file it sends
            assert response.status_code == 200


# --- evidence, over the whole sample corpus -------------------------------------------------------


def test_every_fact_read_from_the_text_has_its_sentence_marked(client, sample_reports):
    checked = 0
    for report in sample_reports:
        soup = page(client, report_path(report.id))
        spans = {s["id"]: s for s in soup.select("span.evidence[id]")}
        assert len(spans) == len(soup.select("span.evidence[id]")), "anchors are unique"
        for kind, value, sentence in evidence_of(report):
            match = [
                s
                for s in spans.values()
                if s["data-kind"] == kind and s["title"].endswith(f": {value}")
            ]
            assert len(match) == 1, (report.id, kind, value)
            assert collapsed(match[0].get_text()) == collapsed(sentence)
            checked += 1
    assert checked > 200


def test_fact_links_jump_to_their_sentence_and_keep_the_search_link(client, sample_reports):
    report = next(r for r in sample_reports if r.id == "html/hama-rebel-offensive.html")
    soup = page(client, report_path(report.id))
    for evidence in report.cities + report.actors:
        item = next(
            li
            for li in soup.select(".facet-links li")
            if li.select_one("a.badge").get_text() == evidence.value
        )
        badge, where = item.select_one("a.badge"), item.select_one("a.where")
        assert badge["href"].startswith("/?") and "#" not in badge["href"]
        target = soup.find(id=where["href"].removeprefix("#"))
        assert target.name == "span" and "evidence" in target["class"]
        assert collapsed(target.get_text()) == collapsed(evidence.text)
        assert where["title"] == evidence.text
    why = soup.select_one("dl.facts a.why[href='#ev-toll']")
    assert collapsed(soup.find(id="ev-toll").get_text()) == collapsed(report.death_toll.text)
    assert why["title"] == report.death_toll.text
    legend = [s["data-legend"] for s in soup.select(".evidence-legend .swatch")]
    assert legend == ["city", "actor", "toll"]


def test_markup_adds_nothing_and_loses_nothing(client, sample_reports):
    """With words marked inside evidence sentences, every page still shows exactly the stored
    text, and the markup of the text and headline is well nested (it parses as XML)."""
    nested = 0
    for report in sample_reports:
        soup = page(client, report_path(report.id), q="killed said people OR syria*")
        assert shown_paragraphs(soup) == stored_paragraphs(report.body)
        assert soup.select_one("h1").get_text() == report.title.strip()
        for part in soup.select("div.text > p") + [soup.select_one("h1")]:
            ET.fromstring(f"<x>{part.decode_contents()}</x>")  # raises if badly nested
        assert not soup.select("mark span, mark mark"), "marks are innermost"
        nested += len(soup.select("span.evidence mark"))
    assert nested > 20


# --- hostile text ---------------------------------------------------------------------------------

HOSTILE = {
    "evil.txt": (
        'Strike on Idlib & "friends"\n'
        'Warplanes struck Idlib <script>alert("x")</script> & "Tom\'s" market, killing 4 people.'
        "\n\nOthers said the <b>attack</b> & its aftermath were grim."
    )
}


def test_hostile_text_stays_text_inside_evidence_and_marks(tmp_path):
    reports = write_reports(tmp_path / "reports", HOSTILE)
    client = make_client(build_index(tmp_path / "index", reports))
    response = client.get("/report/evil.txt", query_string={"q": "idlib alert attack"})
    html = response.get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script", src=False) is None and soup.find("b") is None

    toll = soup.select_one('div.text span.evidence[data-kind="toll"]')
    sentence = (
        'Warplanes struck Idlib <script>alert("x")</script> & "Tom\'s" market, killing 4 people.'
    )
    assert toll.get_text() == sentence
    assert [m.get_text() for m in toll.select("mark")] == ["Idlib", "alert"]
    assert [m.get_text() for m in soup.select("div.text mark")] == ["Idlib", "alert", "attack"]
    assert '&lt;script&gt;<mark id="m2">alert</mark>(&#34;x&#34;)&lt;/script&gt;' in html
    assert "&amp; &#34;Tom&#39;s&#34;" in html and '&lt;b&gt;<mark id="m3">' in html
    assert shown_paragraphs(soup) == stored_paragraphs(HOSTILE["evil.txt"].split("\n", 1)[1])
    assert soup.select_one("h1").get_text() == 'Strike on Idlib & "friends"'
    # The city was read from the headline: its sentence is marked there, and its link says so.
    city = soup.select_one('h1 span.evidence[data-kind="city"]')
    assert city.get_text() == 'Strike on Idlib & "friends"' and city["id"] == "ev-city-idlib"
    where = soup.select_one(".facet-links a.where")
    assert (where["href"], where["title"]) == ("#ev-city-idlib", 'Strike on Idlib & "friends"')


# --- similar reports ------------------------------------------------------------------------------

SIMILAR = {
    "cistern.txt": (
        "Shelling cracks water cistern in Aleppo\n"
        "12 March 2016\n\n"
        "Shelling cracked the old stone cistern under the mosque square in Aleppo, killing 3 "
        "people queuing for water. Volunteers tried to seal the cistern with clay."
    ),
    "cistern-2.txt": (
        "Volunteers seal shelled cistern in Aleppo\n"
        "20 March 2016\n\n"
        "Volunteers sealed the stone cistern cracked by shelling under the mosque square in "
        "Aleppo with clay, and water ran again."
    ),
    "cistern-3.txt": (
        "Cistern repairs in Idlib\n"
        "Volunteers in Idlib repaired a stone cistern after shelling, killing 2 workers."
    ),
    "bakery.txt": (
        "Bakery reopens in Homs\n"
        "5 May 2017\n\n"
        "A bakery in Homs reopened after months of repairs, and bread queues were short."
    ),
}


@pytest.fixture(scope="module")
def similar_client(tmp_path_factory):
    root = tmp_path_factory.mktemp("similar")
    return make_client(build_index(root / "index", write_reports(root / "reports", SIMILAR)))


def test_similar_reports_are_other_reports_best_first_with_date_and_toll(similar_client):
    soup = page(similar_client, "/report/cistern.txt")
    items = soup.select("section.similar li")
    shown = [
        (
            li.select_one("a")["href"],
            li.select_one("a").get_text(),
            li.select_one(".date").get_text(),
            li.select_one(".toll").get_text(),
        )
        for li in items
    ]
    assert shown == [
        (
            "/report/cistern-2.txt",
            "Volunteers seal shelled cistern in Aleppo",
            "2016-03-20",
            "no toll reported",
        ),
        ("/report/cistern-3.txt", "Cistern repairs in Idlib", "Undated", "2 killed"),
    ]

    api = similar_client.get("/api/report/cistern.txt").get_json()
    assert api["similar"] == [
        {
            "id": "cistern-2.txt",
            "title": "Volunteers seal shelled cistern in Aleppo",
            "published": "2016-03-20",
            "death_toll": None,
            "url": "/report/cistern-2.txt",
        },
        {
            "id": "cistern-3.txt",
            "title": "Cistern repairs in Idlib",
            "published": None,
            "death_toll": 2,
            "url": "/report/cistern-3.txt",
        },
    ]


def test_similar_reports_never_include_the_report_and_agree_with_the_api(client, sample_reports):
    for report in sample_reports[:15]:
        soup = page(client, report_path(report.id))
        links = [a["href"] for a in soup.select("section.similar li a")]
        api = client.get(f"/api/report/{quote(report.id)}").get_json()["similar"]
        assert links == [s["url"] for s in api]
        assert 1 <= len(api) <= 5
        assert report.id not in {s["id"] for s in api}
        assert len({s["id"] for s in api}) == len(api)


def test_a_report_deleted_by_a_reindex_is_no_longer_similar(tmp_path):
    reports = write_reports(tmp_path / "reports", SIMILAR)
    index_dir = build_index(tmp_path / "index", reports)
    client = make_client(index_dir)
    ids = [s["id"] for s in client.get("/api/report/cistern.txt").get_json()["similar"]]
    assert ids == ["cistern-2.txt", "cistern-3.txt"]
    (reports / "cistern-2.txt").unlink()
    build_index(index_dir, reports)  # an update: the document is deleted, not yet merged away
    ids = [s["id"] for s in client.get("/api/report/cistern.txt").get_json()["similar"]]
    assert ids == ["cistern-3.txt"]
