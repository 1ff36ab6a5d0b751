"""Export end to end: /export.csv and /export.jsonl hold exactly the reports /api/search lists.

Real indexes in tmp folders and the real app; the CSV is parsed back with the csv module.
"""

from __future__ import annotations

import csv
import gc
import html
import io
import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from searchapp import create_app
from searchapp.export import (
    COLUMNS,
    EXPORT_CAP,
    SCAN_CHARS,
    csv_chunks,
    match_finder,
    opening,
    scan_window,
)
from tests.conftest import build_index, make_client, write_reports

BOM = "\ufeff".encode()
FIXED_QUERIES = [
    {},
    {"q": "killed"},
    {"q": "killed", "sort": "oldest"},
    {"actor": "Russia"},
    {"city": ["Aleppo", "Homs"]},
    {"actor": "-Islamic State"},
    {"actor": ["Syrian government", "-Russia"], "year": "2016"},
    {"sort": "toll"},
    {"from": "2016-01-01", "to": "2016-12-31"},
    {"q": "city:Douma OR hospital", "sort": "newest"},
]


def read_csv(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    data = response.get_data()
    assert data.startswith(BOM)
    reader = csv.DictReader(io.StringIO(data[len(BOM) :].decode("utf-8"), newline=""))
    assert tuple(reader.fieldnames) == COLUMNS
    return list(reader)


def read_jsonl(response) -> tuple[dict, list[dict]]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    lines = response.get_data(as_text=True).split("\n")
    assert lines[-1] == ""  # every line, the last included, ends with a newline
    records = [json.loads(line) for line in lines[:-1]]
    assert list(records[0]) == ["_meta"]
    return records[0]["_meta"], records[1:]


def api_hits(client, params) -> tuple[int, list[dict]]:
    """Every hit /api/search returns for `params`, page after page of 100."""
    hits, page = [], 1
    while True:
        payload = client.get("/api/search", query_string={**params, "per_page": 100, "page": page})
        assert payload.status_code == 200
        payload = payload.get_json()
        hits += payload["hits"]
        if page >= payload["pages"]:
            return payload["total"], hits
        page += 1


def open_fds() -> int:
    # Files of earlier tests' objects still awaiting the garbage collector are not leaks.
    gc.collect()
    return len(os.listdir("/proc/self/fd"))


@pytest.fixture(scope="module")
def many_index(tmp_path_factory) -> Path:
    """130 dated reports, many sharing a day, so ties straddle the page boundary at 100."""
    folder = tmp_path_factory.mktemp("many-reports")
    cities = ["Homs", "Aleppo", "Hama", "Idlib", "Douma"]
    reports = {
        f"r{n:03d}.txt": (
            f"Shelling in {cities[n % 5]} number {n}\n"
            f"{1 + n % 12} March 2016\n\n"
            f"Shells hit {cities[n % 5]} on a market street, killing {n % 7 + 2} people, "
            "a monitoring group said."
        )
        for n in range(130)
    }
    return build_index(tmp_path_factory.mktemp("many-index"), write_reports(folder, reports))


@pytest.mark.parametrize("params", FIXED_QUERIES, ids=lambda p: json.dumps(p))
def test_rows_are_exactly_the_api_hits_in_order(client, params):
    total, hits = api_hits(client, params)
    rows = read_csv(client.get("/export.csv", query_string=params))
    meta, records = read_jsonl(client.get("/export.jsonl", query_string=params))
    assert total > 0
    assert meta["total"] == total == len(rows) == len(records)
    assert [r["id"] for r in rows] == [h["id"] for h in hits] == [r["id"] for r in records]
    for hit, row, record in zip(hits, rows, records, strict=True):
        assert record["headline"] == row["headline"].removeprefix("'") == hit["title"]
        assert record["date"] == hit["published"] and row["date"] == (hit["published"] or "")
        assert record["source"] == hit["source"] and row["source"] == (hit["source"] or "")
        for key in ("cities", "governorates", "actors"):
            assert record[key] == hit[key]
            assert row[key] == "; ".join(hit[key])
        assert record["perpetrator"] == hit["perpetrator"]
        assert record["death_toll"] == hit["death_toll"]
        assert row["death_toll"] == ("" if hit["death_toll"] is None else str(hit["death_toll"]))
        assert record["toll_approximate"] is hit["toll_approximate"]
        assert row["toll_approximate"] == str(hit["toll_approximate"]).lower()
        assert record["snippet"] == row["snippet"]


def test_snippets_are_the_pages_fragments_as_plain_text(client):
    _, hits = api_hits(client, {"q": "killed"})
    _, records = read_jsonl(client.get("/export.jsonl", query_string={"q": "killed"}))
    marked = 0
    for hit, record in zip(hits, records, strict=True):
        as_text = hit["snippet"].replace("<mark>", "«").replace("</mark>", "»")
        assert record["snippet"] == html.unescape(as_text)
        assert "<" not in record["snippet"]
        marked += "«killed»" in record["snippet"]
    assert marked >= 10
    _, browsing = read_jsonl(client.get("/export.jsonl"))
    _, hits = api_hits(client, {})
    assert [r["snippet"] for r in browsing] == [html.unescape(h["snippet"]) for h in hits]
    assert all("«" not in r["snippet"] and len(r["snippet"]) <= 222 for r in browsing)


def test_exclusion_leaves_out_every_report_with_the_value(client):
    everything = read_csv(client.get("/export.csv"))
    with_is = [r for r in everything if "Islamic State" in r["actors"].split("; ")]
    rows = read_csv(client.get("/export.csv", query_string={"actor": "-Islamic State"}))
    assert with_is and rows
    assert len(rows) == len(everything) - len(with_is)
    assert all("Islamic State" not in r["actors"].split("; ") for r in rows)


def test_every_row_is_exported_beyond_one_page(many_index):
    client = make_client(many_index)
    for params in ({}, {"q": "shelling market"}, {"sort": "oldest"}, {"city": "-Homs"}):
        total, hits = api_hits(client, params)
        rows = read_csv(client.get("/export.csv", query_string=params))
        meta, records = read_jsonl(client.get("/export.jsonl", query_string=params))
        assert total == len(rows) == len(records) == meta["total"] == meta["rows"]
        assert [r["id"] for r in rows] == [h["id"] for h in hits] == [r["id"] for r in records]
    assert len(read_csv(client.get("/export.csv"))) == 130
    assert len(read_csv(client.get("/export.csv", query_string={"city": "-Homs"}))) == 104


def test_the_body_streams_in_chunks_and_per_page_is_ignored(many_index):
    client = make_client(many_index)
    response = client.get("/export.jsonl", query_string={"per_page": 5, "page": 3})
    chunks = list(response.response)
    assert len(chunks) >= 2
    assert sum(chunk.count(b"\n") for chunk in chunks) == 131


def test_csv_quotes_commas_quotes_and_guards_formulas(tmp_path):
    reports = tmp_path / "reports" / "tricky.jsonl"
    reports.parent.mkdir()
    tricky = [
        ("q1", "Shelling in Homs, \"heavy\" and 'worse'", "Shells hit Homs, killing 3 people."),
        ("q2", "=HYPERLINK(1) Hama shelling", "Shells hit Hama, killing 4 people & more."),
        ("q3", "Clashes in Idlib; a ceasefire «holds»", "Fighting in Idlib killed 12 people."),
    ]
    reports.write_text(
        "\n".join(json.dumps({"id": i, "title": t, "content": b}) for i, t, b in tricky),
        encoding="utf-8",
    )
    client = make_client(build_index(tmp_path / "index", reports.parent))
    rows = {r["id"]: r for r in read_csv(client.get("/export.csv"))}
    assert rows["q1"]["headline"] == "Shelling in Homs, \"heavy\" and 'worse'"
    assert rows["q2"]["headline"] == "'=HYPERLINK(1) Hama shelling"  # Excel shows it as text
    assert rows["q2"]["snippet"] == "Shells hit Hama, killing 4 people & more."
    assert rows["q3"]["headline"] == "Clashes in Idlib; a ceasefire «holds»"
    _, records = read_jsonl(client.get("/export.jsonl"))
    assert {r["id"]: r["headline"] for r in records}["q2"] == "=HYPERLINK(1) Hama shelling"


def test_csv_writer_quotes_newlines_and_writes_empty_cells():
    row = dict.fromkeys(COLUMNS, None)
    row.update(
        id="a,1",
        headline='Line one\nline "two", three',
        cities=["Aleppo", "Homs"],
        governorates=[],
        toll_approximate=True,
        death_toll=0,
        snippet="-5 degrees",
    )
    text = "".join(csv_chunks([row]))
    assert text.startswith("\ufeff") and text.endswith("\r\n")
    (parsed,) = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    assert parsed["id"] == "a,1"
    assert parsed["headline"] == 'Line one\nline "two", three'
    assert parsed["cities"] == "Aleppo; Homs" and parsed["governorates"] == ""
    assert parsed["toll_approximate"] == "true" and parsed["death_toll"] == "0"
    assert parsed["snippet"] == "'-5 degrees" and parsed["date"] == "" and parsed["source"] == ""


def test_opening_cuts_at_a_word_and_keeps_text_plain():
    assert opening("Short  text\nhere & there") == "Short text here & there"
    cut = opening("word " * 100)
    assert cut.endswith("word …") and len(cut) <= 222


def test_permalinks_are_absolute_and_round_trip(client):
    params = {"q": "killed", "actor": ["Syrian government", "-Russia"], "per_page": 7, "page": 2}
    response = client.get("/export.csv", query_string=params)
    rows = read_csv(response)
    assert len(rows) > 7  # more than the page asked for: paging is ignored
    search_url = response.headers["X-Search-URL"]
    assert search_url.startswith("http://localhost/?")
    assert "page" not in search_url and "per_page" not in search_url
    assert {r["search_url"] for r in rows} == {search_url}
    target = urlsplit(search_url)
    page = client.get(f"{target.path}?{target.query}")
    total = BeautifulSoup(page.get_data(as_text=True), "html.parser").select_one("p.total strong")
    assert int(total.get_text()) == len(rows) == int(response.headers["X-Total-Count"])
    assert client.get(f"/api/search?{target.query}").get_json()["total"] == len(rows)
    for row in rows[:5]:
        link = urlsplit(row["report_url"])
        assert row["report_url"].startswith("http://localhost/report/")
        assert link.query == "q=killed"
        report = client.get(f"{link.path}?{link.query}")
        assert report.status_code == 200
        assert "<mark" in report.get_data(as_text=True)
    meta, records = read_jsonl(client.get("/export.jsonl", query_string=params))
    assert meta["search_url"] == search_url and records[0]["report_url"] == rows[0]["report_url"]


def test_headers_name_the_file_and_state_the_figures(client):
    for fmt, content_type in (("csv", "text/csv"), ("jsonl", "application/x-ndjson")):
        response = client.get(f"/export.{fmt}", query_string={"actor": "Russia"})
        response.close()  # only the headers are read here
        assert response.headers["Content-Type"] == f"{content_type}; charset=utf-8"
        assert re.fullmatch(
            rf'attachment; filename="archive-search-\d{{8}}-\d{{6}}\.{fmt}"',
            response.headers["Content-Disposition"],
        )
        assert response.headers["X-Export-Cap"] == str(EXPORT_CAP)
        assert response.headers["X-Export-Truncated"] == "false"
        assert response.headers["X-Total-Count"] == response.headers["X-Export-Rows"]
        assert response.headers["X-Search-URL"] == "http://localhost/?actor=Russia"
    meta, _ = read_jsonl(client.get("/export.jsonl"))
    assert set(meta) == {"search_url", "exported_at", "total", "rows", "cap", "truncated"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", meta["exported_at"])


def test_the_cap_exports_the_first_rows_in_sort_order_and_says_so(sample_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(sample_index), "EXPORT_CAP": 5})
    client = client.test_client()
    total, hits = api_hits(client, {"sort": "toll"})
    response = client.get("/export.csv", query_string={"sort": "toll"})
    rows = read_csv(response)
    assert [r["id"] for r in rows] == [h["id"] for h in hits[:5]]
    assert response.headers["X-Export-Cap"] == "5" and response.headers["X-Export-Rows"] == "5"
    assert response.headers["X-Total-Count"] == str(total) and total > 5
    assert response.headers["X-Export-Truncated"] == "true"
    meta, records = read_jsonl(client.get("/export.jsonl", query_string={"sort": "toll"}))
    assert meta | {"exported_at": None, "search_url": None} == {
        "search_url": None,
        "exported_at": None,
        "total": total,
        "rows": 5,
        "cap": 5,
        "truncated": True,
    }
    assert [r["id"] for r in records] == [r["id"] for r in rows]


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"sort": "bogus"}, 400, "sort must be one of"),
        ({"from": "2016-13-01"}, 400, "from must be a date"),
        ({"from": "2017-01-01", "to": "2016-01-01"}, 400, "after the"),
        ({"actor": ["Russia", "-Russia"]}, 400, "both selected and excluded"),
        ({"q": "x" * 1001}, 413, "longer than 1000"),
    ],
)
def test_bad_parameters_get_a_clear_error(client, params, status, words):
    for fmt in ("csv", "jsonl"):
        response = client.get(f"/export.{fmt}", query_string=params)
        assert response.status_code == status
        assert words in response.get_data(as_text=True)
        assert "Content-Disposition" not in response.headers
    assert client.get("/export.xml").status_code == 404


def test_an_empty_result_set_gives_the_header_row_or_the_meta_line_only(client):
    params = {"q": "zzyzx"}
    response = client.get("/export.csv", query_string=params)
    assert read_csv(response) == []
    assert response.get_data() == BOM + (",".join(COLUMNS) + "\r\n").encode()
    assert response.headers["X-Total-Count"] == "0"
    meta, records = read_jsonl(client.get("/export.jsonl", query_string=params))
    assert records == [] and meta["total"] == 0 and meta["rows"] == 0


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files via /proc")
def test_the_exports_searcher_is_closed_and_the_index_can_be_rebuilt(tmp_path):
    reports = write_reports(
        tmp_path / "reports",
        {
            f"r{n}.txt": f"Shelling in Homs {n}\nShells hit Homs, killing {n} people."
            for n in range(3)
        },
    )
    index_dir = build_index(tmp_path / "index", reports)
    client = make_client(index_dir)
    client.get("/export.csv").close()  # warm up: imports, caches
    before = open_fds()
    for _ in range(3):
        response = client.get("/export.jsonl")
        assert len(read_jsonl(response)[1]) == 3
        response.close()
    assert open_fds() == before
    # A download abandoned after its first chunk still releases the searcher.
    partial = client.get("/export.csv", buffered=False)
    next(iter(partial.response))
    partial.close()
    assert open_fds() == before
    write_reports(reports, {"r9.txt": "Clashes in Hama\nFighting near Hama killed 12 people."})
    build_index(index_dir, reports)
    rows = read_csv(client.get("/export.csv", query_string={"city": "Hama"}))
    assert [r["id"] for r in rows] == ["r9.txt"]
    assert len(read_csv(client.get("/export.csv"))) == 4


def test_long_reports_are_scanned_around_their_first_match(tmp_path):
    filler = "Residents queued for bread and fuel in the cold while the talks went on. " * 400
    reports = {
        "deep.txt": f"Gas attack in Idlib\n{filler}Medics said chlorine was used. {filler}",
        "head.txt": f"Talks in Geneva\nChlorine was mentioned first. {filler}",
    }
    client = make_client(build_index(tmp_path / "index", write_reports(tmp_path / "r", reports)))
    _, records = read_jsonl(client.get("/export.jsonl", query_string={"q": "chlorine"}))
    snippets = {r["id"]: r["snippet"] for r in records}
    assert len(filler) > 9 * SCAN_CHARS
    assert "Medics said «chlorine» was used." in snippets["deep.txt"]
    assert snippets["head.txt"].startswith("«Chlorine» was mentioned first.")


def test_the_match_finder_finds_stemmed_words_at_word_starts():
    finder = match_finder(["kill", "studi", "un"])
    text = "Skilled workers; STUDIES of the UN killing"
    assert [m.group() for m in finder.finditer(text)] == ["STUD", "UN", "kil"]
    assert match_finder([]) is None
    assert match_finder([f"term{n}x" for n in range(500)]) is None


def test_the_scan_window_is_bounded_and_starts_at_a_word():
    body = "alpha " * 1000 + "chlorine here " + "omega " * 1000
    window = scan_window(body, match_finder(["chlorin"]))
    assert len(window) <= SCAN_CHARS and "chlorine here" in window
    assert window.startswith("alpha ") and window.endswith("omega")
    assert scan_window(body, None) == body[:SCAN_CHARS].rsplit(" ", 1)[0]
    assert scan_window("short text", None) == "short text"


def test_without_an_index_the_export_says_which_command_to_run(tmp_path):
    response = make_client(tmp_path / "no-index").get("/export.csv")
    assert response.status_code == 503
    assert "python -m indexer" in response.get_data(as_text=True)
