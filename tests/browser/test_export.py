"""Exports in a real browser: the CSV and JSON Lines links download the current filtered result
set, every row of it, in the same order as /api/search gives for the same search.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.browser.support import api_search, query_args

SEARCH = "/?q=killed&actor=Syrian+government&toll_range=10-49"


def csv_ids(text: str) -> list[str]:
    # A citation line may precede the header; data rows are what have an id.
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return [row["id"] for row in csv.DictReader(io.StringIO("\n".join(lines)))]


def jsonl_ids(text: str) -> list[str]:
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [row["id"] for row in rows if "id" in row]


@pytest.mark.parametrize("fmt, read_ids", [("csv", csv_ids), ("jsonl", jsonl_ids)])
def test_export_downloads_the_filtered_results(page, live_server, fmt, read_ids):
    page.goto(live_server + SEARCH)
    expected = api_search(live_server, query_args(page.url), per_page=100)
    assert 10 < expected["total"] <= 100, "more than one page, all within one API call"

    with page.expect_download() as download_info:
        page.locator(f'a.export[data-format="{fmt}"]').click()
    download = download_info.value
    assert download.failure() is None
    text = Path(download.path()).read_text(encoding="utf-8-sig")

    assert read_ids(text) == [hit["id"] for hit in expected["hits"]]
