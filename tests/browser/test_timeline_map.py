"""The timeline and the map in a real browser: a bar or a region is a link that filters the
results to its month (or year) or governorate, and its text label gives the number it then shows.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.support import (
    SELECTED_TOGGLE,
    api_search,
    expect,
    expect_results_match_api,
    figure_in,
    query_args,
    wait_for_args,
)

JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
BARS = "figure.timeline a.bar[data-key]"


def bars(page) -> list[tuple[str, int]]:
    """(key, number of reports) for every bar, oldest first."""
    expect(page.locator("figure.timeline svg")).to_be_visible()
    labelled = page.locator(BARS).evaluate_all(
        """bars => bars.map(a => [a.dataset.key, a.getAttribute('aria-label') ||
            (a.querySelector('title') || {}).textContent || ''])"""
    )
    found = sorted((key, figure_in(label)) for key, label in labelled)
    assert found, "the timeline has bars"
    return found


def date_filtered(args) -> bool:
    names = {name for name, _ in args}
    return bool({"month", "year"} & names) or {"from", "to"} <= names


@JS
def test_clicking_a_timeline_bar_filters_to_its_period(new_page, live_server, javascript):
    page = new_page(javascript=javascript)
    page.goto(live_server + "/")
    key, count = max(bars(page), key=lambda bar: (bar[1], bar[0]))

    page.locator(f'figure.timeline a.bar[data-key="{key}"]').click()
    wait_for_args(page, date_filtered)

    payload = expect_results_match_api(page, live_server)
    assert payload["total"] == count
    everything = api_search(live_server, query_args(page.url), per_page=100)
    assert [(h["published"] or "")[: len(key)] for h in everything["hits"]] == [key] * count


def test_dragging_across_bars_selects_a_date_range(new_page, live_server):
    page = new_page()
    page.goto(live_server + "/")
    nonzero = [bar for bar in bars(page) if bar[1] > 0]
    assert len(nonzero) >= 3
    (start, _), (end, _) = nonzero[0], nonzero[2]
    start_box = page.locator(f'figure.timeline a.bar[data-key="{start}"]').bounding_box()
    end_box = page.locator(f'figure.timeline a.bar[data-key="{end}"]').bounding_box()

    page.mouse.move(
        start_box["x"] + start_box["width"] / 2, start_box["y"] + start_box["height"] / 2
    )
    page.mouse.down()
    page.mouse.move(
        end_box["x"] + end_box["width"] / 2, end_box["y"] + end_box["height"] / 2, steps=8
    )
    page.mouse.up()
    wait_for_args(page, lambda args: {"from", "to"} <= {name for name, _ in args})

    dates = dict(query_args(page.url))
    assert dates["from"].startswith(start) and dates["to"].startswith(end), dates
    payload = expect_results_match_api(page, live_server)
    assert payload["total"] == sum(n for key, n in nonzero if start <= key <= end)


@JS
def test_clicking_a_map_region_filters_to_its_governorate(new_page, live_server, javascript):
    page = new_page(javascript=javascript)
    page.goto(live_server + "/")
    governorate = "Aleppo"
    expected = {
        v["value"]: v["count"] for v in api_search(live_server, [])["facets"]["governorate"]
    }[governorate]
    region = page.locator(f'figure.map a.region[data-governorate="{governorate}"]')
    expect(page.locator("figure.map svg")).to_be_visible()
    label = region.evaluate(
        """a => a.getAttribute('aria-label') ||
            (a.querySelector('title') || {}).textContent || a.textContent"""
    )
    assert int(re.findall(r"\d[\d,]*", label)[-1].replace(",", "")) == expected, label

    region.click()
    wait_for_args(page, lambda args: ("governorate", governorate) in args)
    payload = expect_results_match_api(page, live_server)
    assert payload["total"] == expected
    block = page.locator('section.facet[data-facet="governorate"]')
    expect(block.locator(SELECTED_TOGGLE)).to_have_count(1)
