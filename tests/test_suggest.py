"""Did you mean: corrections come from the index's own unstemmed words; the syntax is kept."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from searchapp.suggest import suggest_query
from tests.conftest import build_index, make_client, open_handle, write_reports

REPORTS = {
    "a.txt": "Barrel bombs hit Aleppo market\n\nBarrel bombs fell on a market in Aleppo, "
    "killing 12 civilians and wounding dozens, activists said.",
    "b.txt": "Shelling of Douma continues\n\nShelling of Douma killed 5 civilians on Monday; "
    "the bombing went on overnight.",
    "c.txt": "Chlorine attack reported\n\nA chlorine attack was reported near Douma, "
    "with civilians treated for breathing problems.",
    "d.txt": "Checkpoint shelled\n\nA checkpoint outside Idlib was shelled; at one point the fire "
    "spread to a car check on the road.",
    "e.txt": "Checkpoint attacked in Hama\n\nGunmen attacked an army checkpoint in Hama.",
}


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("suggest")
    return build_index(root / "index", write_reports(root / "reports", REPORTS))


@pytest.fixture()
def searcher(small_index):
    yield open_handle(small_index).searcher()


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("bombng", "bombing"),  # one edit beats two ("bombs")
        ("civillians", "civilians"),
        ('"barel bombs"', '"barrel bombs"'),  # quotes kept
        ("Dooma AND chlorine", "Douma AND chlorine"),  # capital and operator kept
        ("the shellng", "the shelling"),  # stop words left alone
        ("SHELLNG", "SHELLING"),
        # "markets" is not in the reports, but it finds "market" as searched: kept as typed.
        ("markets chlorne", "markets chlorine"),
        ("bombings Dooma", "bombings Douma"),
        # Two indexed words run together: the pair, as a phrase unless already in one.
        ("barrelbombs", '"barrel bombs"'),
        ("Barrelbombs aleppo", '"Barrel bombs" aleppo'),
        ('"chlorineattack"', '"chlorine attack"'),
        # Two indexed words that the archive writes as one: joined.
        ("check point", "checkpoint"),
        ("Check point Idlib", "Checkpoint Idlib"),
        ('"shelled check point"', '"shelled checkpoint"'),
    ],
)
def test_unknown_words_get_the_nearest_indexed_word(searcher, typed, expected):
    assert suggest_query(searcher, typed) == expected


@pytest.mark.parametrize(
    "typed",
    # Indexed words that are not one word run apart ("attack reported") are left as they are,
    # and so is a pair across an operator.
    [
        "bombs aleppo",
        "attack reported",
        "check OR point",
        "bomb*",
        "city:Alepo",
        "douma~",
        "xqzzyvw",
        "kil",
        "",
    ],
)
def test_known_words_syntax_and_hopeless_words_get_no_suggestion(searcher, typed):
    assert suggest_query(searcher, typed) is None


def test_the_page_and_the_api_offer_the_suggestion_as_a_link(small_index):
    client = make_client(small_index)
    payload = client.get("/api/search?q=chlorne").get_json()
    assert payload["total"] == 0 and payload["suggestion"] == "chlorine"
    page = BeautifulSoup(client.get("/?q=chlorne&city=Douma").data, "html.parser")
    link = page.select_one("a.suggestion")
    assert link.get_text() == "chlorine"
    assert link["href"] == "/?q=chlorine&city=Douma"
    assert client.get("/api/search?q=chlorine&city=Douma").get_json()["total"] == 1


def test_a_run_together_query_is_offered_as_the_phrase_it_finds(small_index):
    client = make_client(small_index)
    payload = client.get("/api/search?q=barrelbombs").get_json()
    assert payload["total"] == 0 and payload["suggestion"] == '"barrel bombs"'
    assert client.get("/api/search", query_string={"q": '"barrel bombs"'}).get_json()["total"] == 1


def test_two_words_the_archive_writes_as_one_are_offered_joined(small_index):
    client = make_client(small_index)
    payload = client.get("/api/search", query_string={"q": "check point"}).get_json()
    assert payload["total"] == 1 and payload["suggestion"] == "checkpoint"
    assert client.get("/api/search", query_string={"q": "checkpoint"}).get_json()["total"] == 2


def test_no_suggestion_when_the_query_finds_enough_or_the_fix_finds_nothing_more(small_index):
    client = make_client(small_index)
    assert client.get("/api/search?q=civilians").get_json()["suggestion"] is None
    # "chlorne" would become "chlorine", but with Aleppo's filter that finds nothing either.
    assert client.get("/api/search?q=chlorne&city=Aleppo").get_json()["suggestion"] is None
