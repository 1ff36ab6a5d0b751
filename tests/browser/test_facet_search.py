"""Searching a facet's values in a real browser: with JavaScript the list filters as you type
(the server does the matching); without it the form opens a page of matching values to click.
"""

from __future__ import annotations

from tests.browser.support import (
    expect,
    expect_results_match_api,
    facet_value,
    query_args,
    wait_for_args,
)

TYPED = "kha"
MATCHING = ["Khalidiyeh", "Khan Shaykhun"]
CHOSEN = "Khan Shaykhun"


def apply_chosen_value(page, live_server) -> None:
    facet_value(page, "city", CHOSEN).locator("a.toggle").click()
    wait_for_args(page, lambda args: ("city", CHOSEN) in args)
    payload = expect_results_match_api(page, live_server)
    assert payload["total"] == 1
    assert all(CHOSEN in hit["cities"] for hit in payload["hits"])


def test_typing_filters_the_city_list(page, live_server):
    page.goto(live_server + "/?q=killed")
    page.locator('section.facet[data-facet="city"] form.facet-search input[name=fq]').fill(TYPED)

    visible = page.locator('section.facet[data-facet="city"] li[data-value]:visible')
    expect(visible).to_have_count(len(MATCHING))
    assert sorted(visible.evaluate_all("items => items.map(li => li.dataset.value)")) == MATCHING
    apply_chosen_value(page, live_server)
    assert ("q", "killed") in query_args(page.url)


def test_without_javascript_the_form_lists_matching_values(new_page, live_server):
    page = new_page(javascript=False)
    page.goto(live_server + "/?q=killed")
    box = page.locator('section.facet[data-facet="city"] form.facet-search input[name=fq]')
    box.fill(TYPED)
    box.press("Enter")
    wait_for_args(page, lambda args: ("fq", TYPED) in args)

    listed = page.locator('section.facet[data-facet="city"] li[data-value]')
    assert sorted(listed.evaluate_all("items => items.map(li => li.dataset.value)")) == MATCHING
    apply_chosen_value(page, live_server)
    assert ("q", "killed") in query_args(page.url)
