"""A phone-sized viewport (facets folded into a panel) and screenshots of the main pages, saved
under the test's temporary folder for a person to look at.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE
from tests.browser.reports import LONG_ID, MATCH_WORD
from tests.browser.support import expect, expect_results_match_api, wait_for_args

JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
PNG = b"\x89PNG\r\n\x1a\n"


@JS
def test_on_a_phone_the_facets_fold_into_a_panel(new_page, live_server, javascript):
    page = new_page(javascript=javascript, viewport=PHONE)
    page.goto(live_server + "/?q=killed")
    city = page.locator('section.facet[data-facet="city"]')

    expect(city).to_be_hidden()
    expect(page.locator("article.hit").first).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.locator(".panel-label").click()
    expect(city).to_be_visible()
    value = city.locator("li[data-value]").first.get_attribute("data-value")
    city.locator("li[data-value] a.toggle").first.click()
    wait_for_args(page, lambda args: ("city", value) in args)
    expect_results_match_api(page, live_server)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


SHOTS = {
    "search-desktop": ("/?q=killed", None),
    "search-phone": ("/?q=killed", PHONE),
    "filtered-desktop": ("/?q=killed&city=Aleppo&city=Homs&actor=-Islamic+State", None),
    "report-desktop": (f"/report/{LONG_ID}?q={MATCH_WORD}", None),
}


def test_screenshots_of_the_main_pages(new_page, live_server, tmp_path):
    for name, (path, viewport) in SHOTS.items():
        page = new_page(viewport=viewport)
        page.goto(live_server + path)
        expect(page.locator("main")).to_be_visible()
        shot = tmp_path / f"{name}.png"
        page.screenshot(path=shot, full_page=name != "report-desktop")
        print(f"screenshot: {shot}")
        assert shot.read_bytes().startswith(PNG)
