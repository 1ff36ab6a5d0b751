"""Hostile reports in a real browser: the site over the hostile corpus (tests/hostile_reports.py)
is browsed, filtered by its hostile facet values, and every report opened, hovered and clicked;
no dialog opens, nothing is logged as an error (a CSP violation would be), and the payloads read
as text. Serves its own index: the shared live server holds the friendly sample.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests import hostile_reports as hostile
from tests.browser.support import TOTAL, expect, served
from tests.conftest import build_index

HITS = "section.results article.hit"
SOURCE_VALUES = 'section.facet[data-facet="source"] li[data-value]'


@pytest.fixture(scope="module")
def hostile_server(browser, tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-browser")
    index_dir = build_index(root / "index", hostile.write_hostile_corpus(root / "corpus"))
    with served(index_dir, "hostile-server") as base:
        yield base


@pytest.fixture()
def watched(new_page):
    """Factory: a page whose dialogs (alert, confirm, prompt) are recorded, dismissed and, after
    the test, fail it; the new_page fixture fails it on console errors and page errors."""
    dialogs: list[str] = []

    def open_page(javascript: bool = True):
        page = new_page(javascript=javascript)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        return page

    yield open_page
    assert dialogs == [], f"injected script opened dialogs: {dialogs}"


def hover_all(page, selector: str) -> int:
    items = page.locator(f"{selector}:visible")
    for i in range(items.count()):
        items.nth(i).hover()
    return items.count()


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


@JS
def test_results_show_payloads_as_text(watched, hostile_server, javascript):
    page = watched(javascript)
    page.goto(f"{hostile_server}/?per_page=100")
    expect(page.locator(TOTAL)).to_have_text(str(len(hostile.EXPECTED)))
    results = page.locator("section.results").inner_text()
    for text in (hostile.SCRIPT, hostile.IMG_ONERROR, hostile.SVG_ONLOAD, hostile.TEMPLATE):
        assert text in results
    facets = page.locator("aside.facets").inner_text()
    assert hostile.HOSTILE_SOURCE in facets
    assert hover_all(page, f"{HITS} h3 a, {HITS} .source, {SOURCE_VALUES} a") > 20
    hover_all(page, "figure.timeline a.bar, figure.map a.region")
    assert no_sideways_scroll(page)
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0


def test_selecting_and_excluding_each_hostile_source(watched, hostile_server):
    page = watched()
    page.goto(hostile_server)
    values = page.locator(SOURCE_VALUES).evaluate_all("items => items.map(li => li.dataset.value)")
    assert sorted(values) == sorted(r.source for r in hostile.EXPECTED if r.source)
    for value in values:
        item = page.locator(SOURCE_VALUES).filter(has=page.get_by_text(value, exact=True))
        item.locator("a.toggle").click()
        page.wait_for_load_state("load")
        expect(page.locator(TOTAL)).to_have_text("1")
        chip = page.locator("ul.chips li:not(.clear)")
        expect(chip).to_have_count(1)
        assert chip.inner_text().startswith(f"Source: {value}")
        chip.hover()
        page.locator(f"{HITS} h3 a").hover()
        item.locator("a.exclude").click()
        page.wait_for_load_state("load")
        expect(page.locator("ul.chips li.chip-excluded")).to_contain_text(f"Source: not {value}")
        page.locator("ul.chips li.chip-excluded a").hover()
        page.locator("ul.chips li.clear a").click()
        page.wait_for_load_state("load")


@pytest.mark.parametrize("report", hostile.EXPECTED, ids=[r.id for r in hostile.EXPECTED])
def test_each_hostile_report_opens_as_text(watched, hostile_server, report):
    page = watched()
    page.goto(f"{hostile_server}/?per_page=100&q=killed+OR+report+OR+alert")
    link = page.locator(f"{HITS} h3 a").filter(has_text=report.title[:60])
    expect(link).to_have_count(1)
    link.click()
    page.wait_for_url(lambda url: "/report/" in url)
    page.wait_for_load_state("load")
    expect(page.locator("article.report h1")).to_have_text(report.title)
    text = page.locator("div.text").inner_text()
    for fragment in report.in_body:
        assert " ".join(fragment.split()) in " ".join(text.split())
    hover_all(page, "article.report h1, div.text p, dl.facts dd, .facet-links a, mark")
    if report.url:
        original = page.locator("dl.facts dd.original")
        expect(original).to_have_text(report.url)
        links = original.locator("a")
        if report.url.startswith("https://"):
            assert links.get_attribute("href") == report.url
        else:
            expect(links).to_have_count(0)
            original.click()
    for mark in page.locator("nav.match-nav a.next-match:visible").all()[:1]:
        mark.click()
    assert no_sideways_scroll(page)
    assert page.url.startswith(f"{hostile_server}/report/")


def test_the_facet_value_page_and_hostile_queries(watched, hostile_server):
    page = watched()
    page.goto(f"{hostile_server}/facets/source?fq={quote('<')}")
    expect(page.locator("li[data-value] .label")).to_have_count(4)
    assert hostile.HOSTILE_SOURCE in page.locator("section.facet").inner_text()
    page.goto(f"{hostile_server}/?q={quote(hostile.TITLE_BREAKOUT)}")
    expect(page.locator("#q")).to_have_value(hostile.TITLE_BREAKOUT)
    assert page.title() == f"{hostile.TITLE_BREAKOUT} – Archive Search"
    # (Error pages are checked through the test client: Chromium logs every 4xx as an error.)
    page.goto(f"{hostile_server}/report/csv-quoted-url?q={quote(hostile.ATTRIBUTE_BREAKOUT)}")
    expect(page.locator("#q")).to_have_value(hostile.ATTRIBUTE_BREAKOUT)
    expect(page.locator("div.text mark")).to_have_count(0)


def test_a_direction_override_does_not_flip_what_follows(watched, hostile_server):
    page = watched()
    page.goto(f"{hostile_server}/report/csv-quoted-url")
    source = page.locator("dl.facts dd:has(bdi.source)")
    expect(source.locator("bdi.source")).to_have_text(hostile.RLO + "Reuters" + hostile.ZERO_WIDTH)
    text = source.locator("bdi.source").bounding_box()
    why = source.locator(".why").bounding_box()
    # Left to right as the page reads: the override stays inside the source's name.
    assert why["x"] >= text["x"] + text["width"] - 1
