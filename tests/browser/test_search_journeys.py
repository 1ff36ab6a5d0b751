"""Searching, ticking facet values, excluding one and following "did you mean" in a real browser,
with JavaScript on and off; the page must show exactly what /api/search returns for its URL.
"""

from __future__ import annotations

import pytest

from tests.browser.support import (
    HIT_LINKS,
    SELECTED_TOGGLE,
    TOTAL,
    api_counts,
    api_search,
    expect,
    expect_results_match_api,
    facet_counts,
    facet_value,
    query_args,
    wait_for_args,
)

JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
BOMB_WORDS = {"barrel", "barrels", "bomb", "bombs", "bombing", "bombed", "bomber", "bombers"}


def top_values(page, facet: str) -> list[str]:
    """The values shown before "more", in the page's order."""
    return page.locator(f'section.facet[data-facet="{facet}"] > ul li[data-value]').evaluate_all(
        "items => items.map(li => li.dataset.value)"
    )


@JS
def test_search_shows_highlighted_results(new_page, live_server, javascript):
    page = new_page(javascript=javascript)
    page.goto(live_server + "/")
    page.locator("#q").fill("barrel bombs")
    page.locator("#q").press("Enter")
    wait_for_args(page, lambda args: ("q", "barrel bombs") in args)

    payload = expect_results_match_api(page, live_server)
    assert payload["total"] > 0
    expect(page.locator("article.hit h3 mark").first).to_be_visible()
    marks = page.locator("article.hit mark").all_inner_texts()
    headline_marks = page.locator("article.hit h3 mark").count()
    assert len(marks) > headline_marks, "the snippets highlight the words too"
    assert {m.lower() for m in marks} <= BOMB_WORDS


@JS
def test_two_values_of_one_facet_and_one_of_another_give_exactly_the_api_results(
    new_page, live_server, javascript
):
    page = new_page(javascript=javascript)
    page.goto(live_server + "/?q=killed")
    first_city, second_city = top_values(page, "city")[:2]

    facet_value(page, "city", first_city).locator("a.toggle").click()
    wait_for_args(page, lambda args: ("city", first_city) in args)
    facet_value(page, "city", second_city).locator("a.toggle").click()
    wait_for_args(page, lambda args: ("city", second_city) in args)
    actor = top_values(page, "actor")[0]
    facet_value(page, "actor", actor).locator("a.toggle").click()
    wait_for_args(page, lambda args: ("actor", actor) in args)

    args = query_args(page.url)
    assert sorted(args) == sorted(
        [("q", "killed"), ("city", first_city), ("city", second_city), ("actor", actor)]
    )
    city_block = page.locator('section.facet[data-facet="city"]')
    expect(city_block.locator(SELECTED_TOGGLE)).to_have_count(2)
    expect(
        page.locator('section.facet[data-facet="actor"]').locator(SELECTED_TOGGLE)
    ).to_have_count(1)

    payload = expect_results_match_api(page, live_server)
    assert 0 < payload["total"]
    everything = api_search(live_server, args, per_page=100)
    for hit in everything["hits"]:
        assert {first_city, second_city} & set(hit["cities"]) and actor in hit["actors"]
    shown = page.locator("section.facet[data-facet]").evaluate_all(
        "blocks => blocks.map(b => b.dataset.facet)"
    )
    assert {"city", "actor"} <= set(shown)
    for name in shown:
        assert facet_counts(page, name) == api_counts(payload, name), name


@JS
def test_excluding_a_value(new_page, live_server, javascript):
    page = new_page(javascript=javascript)
    page.goto(live_server + "/?q=killed")
    before = api_search(live_server, [("q", "killed")])
    excluded = "Islamic State"
    excluded_count = api_counts(before, "actor")[excluded]

    facet_value(page, "actor", excluded).locator("a.exclude").click()
    wait_for_args(page, lambda args: ("actor", f"-{excluded}") in args)

    chip = page.locator("ul.chips li.chip-excluded")
    expect(chip).to_have_count(1)
    expect(chip).to_contain_text(excluded)
    struck = chip.evaluate(
        """li => [li, ...li.querySelectorAll('*')].some(el =>
            el.matches('s, del, strike') ||
            getComputedStyle(el).textDecorationLine.includes('line-through'))"""
    )
    assert struck, "the exclusion chip is struck through"
    expect(facet_value(page, "actor", excluded)).to_have_class("excluded")

    payload = expect_results_match_api(page, live_server)
    assert payload["total"] == before["total"] - excluded_count
    everything = api_search(live_server, query_args(page.url), per_page=100)
    assert everything["hits"] and all(excluded not in h["actors"] for h in everything["hits"])


@JS
def test_did_you_mean_link_finds_reports(new_page, live_server, javascript):
    page = new_page(javascript=javascript)
    page.goto(live_server + "/")
    page.locator("#q").fill("bombng")
    page.locator("#q").press("Enter")
    wait_for_args(page, lambda args: ("q", "bombng") in args)
    expect(page.locator(TOTAL)).to_have_text("0")

    suggestion = page.locator("a.suggestion")
    expect(suggestion).to_have_text("bombing")
    suggestion.click()
    wait_for_args(page, lambda args: ("q", "bombing") in args)
    payload = expect_results_match_api(page, live_server)
    assert payload["total"] > 0
    expect(page.locator(HIT_LINKS).first).to_be_visible()
