"""The cleaning and indexing promises checked through search on the real data in ../shared/data.

Skipped, with a reason, where that folder is absent (a user's fresh clone).
"""

from __future__ import annotations

import pytest

from indexer.run import index_paths
from tests.conftest import TODAY, make_client, shared_data


@pytest.fixture(scope="module")
def raw_client(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("raw-index")
    summary = index_paths([shared_data() / "raw-reports"], index_dir, today=TODAY)
    assert (summary.indexed, summary.skipped) == (5, [])
    return make_client(index_dir)


def total(client, q):
    return client.get("/api/search", query_string={"q": q}).get_json()["total"]


def text_of(client, report_id):
    return client.get(f"/api/report/{report_id}").get_json()


@pytest.mark.parametrize(
    "comment_words",
    ["coolmec", '"Post a Comment"', '"Please fill the fields below"', '"bengla deshi"'],
)
def test_comment_threads_are_not_searchable(raw_client, comment_words):
    assert total(raw_client, comment_words) == 0


@pytest.mark.parametrize(
    "phrase", ['"trying to promote a victory"', '"140 km 90 miles north of Damascus"']
)
def test_phrases_across_former_line_breaks_match(raw_client, phrase):
    assert total(raw_client, phrase) == 1


def test_all_five_raw_reports_are_undated(raw_client):
    payload = raw_client.get("/api/search").get_json()
    assert {v["value"]: v["count"] for v in payload["facets"]["year"]} == {"undated": 5}
    assert all(hit["published"] is None for hit in payload["hits"])


def test_cleaned_text_is_what_is_stored_and_shown(raw_client):
    first = text_of(raw_client, "000_cb240c1147aeec1e.txt")
    assert '\\"' not in first["text"] and "\\'" not in first["text"]
    assert not first["text"].startswith(first["title"])
    arabic = text_of(raw_client, "002_2f5270882f4490ba.txt")["text"]
    assert "W460" not in arabic and not any("\u0600" <= ch <= "\u06ff" for ch in arabic)
    agency = text_of(raw_client, "003_d9e7616951d645c6.txt")
    assert agency["source"] == "Agence France-Presse"
    assert "REUTERS Photo" not in agency["text"]
    assert not agency["text"].startswith(agency["title"])


def test_fakes_dev_csv_indexes_and_searches(tmp_path):
    index_dir = tmp_path / "fakes"
    summary = index_paths([shared_data() / "fakes-dev.csv"], index_dir, today=TODAY)
    assert summary.indexed == 479
    assert {e.reason.split(" '")[0] for e in summary.skipped} == {"duplicate report id"}
    assert len(summary.skipped) == 6
    client = make_client(index_dir)
    payload = client.get("/api/search", query_string={"q": "Aleppo", "per_page": 5}).get_json()
    assert payload["total"] > 50
    assert all("<mark>" in hit["snippet"] or "Aleppo" in hit["title"] for hit in payload["hits"])
    dated = sum(v["count"] for v in payload["facets"]["year"] if v["value"] != "undated")
    assert dated > 0.8 * payload["total"]
