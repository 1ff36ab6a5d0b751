"""Keyboard use and page weight in a real browser: "/" focuses the search box, Tab reaches the
facet links with a visible focus ring; a typical search page stays small and fetches nothing but
its own server.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.support import expect

MAX_PAGE_BYTES = 150_000
FOCUS_ON_FACET_LINK = "() => !!document.activeElement.closest('section.facet[data-facet] li a')"


def test_slash_focuses_the_search_box_and_tab_reaches_the_facets(page, live_server):
    page.goto(live_server + "/?q=killed")
    expect(page.locator("#q")).not_to_be_focused()
    page.keyboard.press("/")
    expect(page.locator("#q")).to_be_focused()
    expect(page.locator("#q")).to_have_value("killed")

    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUS_ON_FACET_LINK):
            break
    else:
        pytest.fail("40 presses of Tab never reached a facet")
    focused = page.evaluate(
        """() => { const el = document.activeElement, style = getComputedStyle(el);
            return {tag: el.tagName, style: style.outlineStyle, width: style.outlineWidth}; }"""
    )
    assert focused["tag"] == "A"
    assert focused["style"] != "none" and focused["width"] != "0px", focused


@pytest.mark.parametrize(
    "path", ["/?q=killed", "/?q=killed&city=Aleppo&city=Homs&actor=-Islamic+State"]
)
def test_a_search_page_is_light_and_entirely_local(page, live_server, path):
    requests = []
    page.on("requestfinished", lambda request: requests.append(request))
    page.goto(live_server + path, wait_until="networkidle")

    sizes = {r.url: r.sizes() for r in requests}
    total = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes.values())
    kinds = {r.resource_type for r in requests}
    print(f"\n{path}: {len(requests)} requests, {total} bytes")
    assert {"document", "stylesheet", "script"} <= kinds
    assert total < MAX_PAGE_BYTES, sizes
    assert {urlsplit(r.url).hostname for r in requests} == {"127.0.0.1"}
