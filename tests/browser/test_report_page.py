"""The report page in a real browser: opened from a search it shows the first match, moves
between matches, marks the evidence of each extracted fact, and links to similar reports.
"""

from __future__ import annotations

import json
from urllib.request import urlopen

import pytest

from tests.browser.reports import LONG_ID, MATCH_WORD
from tests.browser.support import expect, report_id

JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


def open_long_report(page, live_server) -> None:
    page.goto(f"{live_server}/?q={MATCH_WORD}")
    page.locator(f'article.hit h3 a[href*="{LONG_ID}"]').click()
    page.wait_for_url(lambda url: LONG_ID in url)
    page.wait_for_load_state("load")


@JS
def test_a_report_opens_at_its_first_match(new_page, live_server, javascript):
    page = new_page(javascript=javascript)
    open_long_report(page, live_server)

    marks = page.locator("div.text mark")
    expect(marks).to_have_count(3)
    assert [m.lower() for m in marks.all_inner_texts()] == [MATCH_WORD] * 3
    expect(page.locator("mark#m1")).to_be_in_viewport()
    expect(page.locator("mark#m2")).not_to_be_in_viewport()
    expect(page.locator('nav.match-nav a[href="#m1"]').first).to_be_attached()


def test_next_and_previous_match(page, live_server):
    open_long_report(page, live_server)
    expect(page.locator("mark#m1")).to_be_in_viewport()
    following = page.locator("nav.match-nav a.next-match:visible").first
    preceding = page.locator("nav.match-nav a.prev-match:visible").first

    following.click()
    expect(page.locator("mark#m2")).to_be_in_viewport()
    expect(page.locator("mark#m1")).not_to_be_in_viewport()
    following.click()
    expect(page.locator("mark#m3")).to_be_in_viewport()
    expect(page.locator("mark#m2")).not_to_be_in_viewport()
    preceding.click()
    expect(page.locator("mark#m2")).to_be_in_viewport()
    expect(page.locator("mark#m3")).not_to_be_in_viewport()


def test_evidence_is_marked_in_the_text(page, live_server):
    open_long_report(page, live_server)
    with urlopen(f"{live_server}/api/report/{LONG_ID}", timeout=10) as response:
        evidence = json.load(response)["evidence"]
    kinds = set(
        page.locator("div.text span.evidence[data-kind]").evaluate_all(
            "spans => spans.map(s => s.dataset.kind)"
        )
    )
    assert {"city", "toll", "date"} <= kinds
    assert {"actor", "perpetrator"} & kinds
    toll_span = page.locator('div.text span.evidence[data-kind="toll"]').first
    assert " ".join(toll_span.inner_text().split()) in evidence["death_toll"]["text"]


def test_similar_reports_link_to_other_reports(page, live_server):
    open_long_report(page, live_server)
    similar = page.locator("section.similar li a")
    expect(similar.first).to_be_visible()
    href = similar.first.get_attribute("href")
    target = report_id(href)
    assert target != LONG_ID

    similar.first.click()
    page.wait_for_url(lambda url: report_id(url) == target)
    with urlopen(f"{live_server}/api/report/{target}", timeout=10) as response:
        title = json.load(response)["title"]
    expect(page.locator("h1")).to_have_text(title)
