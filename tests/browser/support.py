"""Helpers shared by the browser tests: Playwright's `expect`, the JSON API read over HTTP, and
readers for what a page shows (hit ids, facet counts, totals). No fixtures and no asserts here.
"""

from __future__ import annotations

import json
import os
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit
from urllib.request import urlopen

import pytest
import waitress

from searchapp import create_app

if os.environ.get("ARCHIVE_SEARCH_BROWSER_REQUIRED") == "1":
    from playwright.sync_api import expect  # noqa: F401  (in CI a missing Playwright is an error)
else:
    expect = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[test]'"
    ).expect

HIT_LINKS = "section.results article.hit h3 a"
TOTAL = "p.total strong"
# The contract says aria-pressed; a checkbox role with aria-checked says the same thing.
SELECTED_TOGGLE = 'a.toggle[aria-pressed="true"], a.toggle[aria-checked="true"]'


def query_args(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


def api_search(base: str, args, per_page: int | None = None) -> dict:
    """GET /api/search with the same arguments a page was showing (optionally another per_page)."""
    pairs = [(k, v) for k, v in args if not (per_page and k in ("per_page", "page"))]
    if per_page:
        pairs.append(("per_page", str(per_page)))
    with urlopen(f"{base}/api/search?{urlencode(pairs)}", timeout=10) as response:
        return json.load(response)


def report_id(href: str) -> str:
    """The report id in a /report/<id>?q=...#m1 link."""
    path = urlsplit(href).path
    assert path.startswith("/report/"), href
    return unquote(path[len("/report/") :])


def hit_ids(page) -> list[str]:
    return [
        report_id(href)
        for href in page.locator(HIT_LINKS).evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
    ]


def facet_value(page, facet: str, value: str):
    """The (visible) list item of one facet value."""
    return page.locator(f'section.facet[data-facet="{facet}"] li[data-value="{value}"]:visible')


def facet_counts(page, facet: str) -> dict[str, int]:
    """{value: count} for every value listed in a facet block, folded away under "more" or not."""
    return page.locator(f'section.facet[data-facet="{facet}"] li[data-value]').evaluate_all(
        """items => Object.fromEntries(items.map(li => [
            li.dataset.value, parseInt(li.querySelector('.count').textContent.replace(/\\D/g, ''))
        ]))"""
    )


def api_counts(payload: dict, facet: str) -> dict[str, int]:
    return {v["value"]: v["count"] for v in payload["facets"][facet] if v["count"] > 0}


def wait_for_args(page, predicate) -> None:
    """Wait until the page's URL (after a navigation or a history.pushState) satisfies
    `predicate(list of query pairs)`, and the page has loaded."""
    page.wait_for_url(lambda url: predicate(query_args(url)))
    page.wait_for_load_state("load")


def expect_results_match_api(page, base: str) -> dict:
    """The page's total and hits (ids, in order) are exactly the API's for the page's URL."""
    payload = api_search(base, query_args(page.url))
    expect(page.locator(TOTAL)).to_have_text(str(payload["total"]))
    expect(page.locator(HIT_LINKS)).to_have_text([hit["title"] for hit in payload["hits"]])
    assert hit_ids(page) == [hit["id"] for hit in payload["hits"]]
    return payload


def figure_in(label: str, unit: str = "report") -> int:
    """The number before "report(s)" (or another unit) in a bar's or region's text label."""
    found = re.search(rf"(\d[\d,]*)\s+{unit}s?\b", label)
    assert found, f"no '{unit}' count in label {label!r}"
    return int(found.group(1).replace(",", ""))


@contextmanager
def served(index_dir: Path, name: str = "live-server"):
    """The real app over `index_dir`, served by waitress in a daemon thread; gives its base URL."""
    app = create_app({"INDEX_DIR": str(index_dir)})
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, name=name, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        server.task_dispatcher.shutdown()
        thread.join(timeout=5)
