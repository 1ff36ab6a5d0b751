"""Readers: each format's fields, encodings detected, bad files and rows reported and skipped."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from indexer.finding import find_files, read_paths
from indexer.readers import MalformedRecord, UnreadableFile
from indexer.readers.html import read_html
from indexer.readers.tabular import read_csv, read_json
from indexer.readers.txt import read_txt

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def test_txt_first_non_empty_line_is_the_headline():
    [report] = read_txt(b"\n\n  Shelling hits Douma  \n\nFirst line.\nSecond line.\n", "a/b.txt")
    assert (report.id, report.title, report.body) == (
        "a/b.txt",
        "Shelling hits Douma",
        "First line.\nSecond line.",
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary content, not text"),
        (b"Only a headline\n", "a headline but no body"),
    ],
)
def test_txt_unusable_files_raise_with_reason(data, reason):
    with pytest.raises(UnreadableFile) as error:
        list(read_txt(data, "x.txt"))
    assert error.value.reason == reason
    assert error.value.path == "x.txt"


def test_txt_encoding_is_detected_not_assumed():
    latin1 = "Médecins Sans Frontières said the clinic in Daraa was hit.".encode("latin-1")
    [report] = read_txt(b"Clinic hit\n" + latin1, "x.txt")
    assert report.body.startswith("Médecins Sans Frontières")


PAGE = """<!doctype html><html><head>
<title>Title tag | Site</title>
<meta property="og:title" content="Barrel bombs hit Aleppo market">
<meta property="og:site_name" content="Orontes Daily">
<meta property="article:published_time" content="2016-04-16T09:30:00Z">
<link rel="canonical" href="https://www.orontes.example/news/1">
<style>.x{color:red}</style><script>var tracking = 1;</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World news menu</a></nav>
<h1>Barrel bombs hit Aleppo market (h1)</h1>
<article>
  <div class="share-bar">Share on Facebook Tweet this</div>
  <p>Helicopters dropped barrel bombs on a market.</p>
  <p>Rescuers searched the <b>rubble</b> for hours.</p>
  <div class="related-links"><p>Related: Another story entirely</p></div>
  <section id="comments"><p>Commenter99 says this is terrible</p></section>
</article>
<footer><p>Copyright notice</p></footer>
</body></html>"""


def test_html_takes_headline_body_date_source_from_the_page():
    [report] = read_html(PAGE.encode(), "page.html")
    assert report.title == "Barrel bombs hit Aleppo market"
    assert report.body == (
        "Helicopters dropped barrel bombs on a market.\n\nRescuers searched the rubble for hours."
    )
    assert report.published == "2016-04-16T09:30:00Z"
    assert report.source == "Orontes Daily"
    assert report.url == "https://www.orontes.example/news/1"


@pytest.mark.parametrize(
    ("head", "heading", "title", "source"),
    [
        ("<title>Only the title</title>", "", "Only the title", None),
        ("<title>T</title>", "<h1>The h1 wins over title</h1>", "The h1 wins over title", None),
        (
            '<link rel="canonical" href="https://www.levant-monitor.example/a">',
            "<h1>H</h1>",
            "H",
            "levant-monitor.example",
        ),
    ],
)
def test_html_headline_and_source_fallbacks(head, heading, title, source):
    page = f"<html><head>{head}</head><body>{heading}<div><p>Text of it.</p></div></body></html>"
    [report] = read_html(page.encode(), "p.html")
    assert (report.title, report.source) == (title, source)


def test_html_time_element_gives_the_date_when_meta_is_absent():
    page = (
        '<html><head><title>T</title></head><body><article><time datetime="2014-05-03">3 May'
        "</time><p>Body text.</p></article></body></html>"
    )
    [report] = read_html(page.encode(), "p.html")
    assert report.published == "2014-05-03"


def test_html_declared_windows_1252_is_decoded():
    page = (
        '<html><head><meta charset="windows-1252"><title>Clinic</title></head><body><article>'
        "<p>M\xe9decins Sans Fronti\xe8res said it\x92s closed.</p></article></body></html>"
    ).encode("latin-1")
    [report] = read_html(page, "p.html")
    assert report.body == "Médecins Sans Frontières said it’s closed."


def test_html_without_text_is_reported():
    with pytest.raises(UnreadableFile, match="no article text"):
        list(read_html(b"<html><head><title>T</title></head><body></body></html>", "p.html"))


def test_csv_reads_fakes_style_columns_and_embedded_newlines():
    data = (
        b"unit_id,article_title,article_content,source,date\r\n"
        b'7,Headline one,"Body with, comma\nand a newline",sana,4/16/17\r\n'
        b"8,Headline two,Second body,reuters,\r\n"
    )
    reports = list(read_csv(data, "f.csv"))
    assert [(r.id, r.title, r.body, r.source, r.published, r.row) for r in reports] == [
        ("7", "Headline one", "Body with, comma\nand a newline", "sana", "4/16/17", 2),
        ("8", "Headline two", "Second body", "reuters", None, 3),
    ]


def test_placeholders_for_a_missing_headline_date_source_or_link_are_no_value():
    data = (
        "id,title,text,source,date,url\n"
        "1,N/A,Shells hit Homs. More later.,-,-,-\n"
        "2,Raid on Douma,Jets struck Douma.,unknown,n/a,none\n"
        "3,Strike on Idlib,A strike hit Idlib.,\u2014,?,null\n"
        "4,Attack in Hama,Guns in Hama.,NaN,NULL,...\n"
        "5,NA 24 reports,Shelling in Deraa.,- Wire,2016-04-03,x\n"
    ).encode("utf-8")
    reports = [(r.id, r.title, r.body, r.source, r.published, r.url) for r in read_csv(data, "f")]
    assert reports == [
        ("1", "Shells hit Homs", "Shells hit Homs. More later.", None, None, None),
        ("2", "Raid on Douma", "Jets struck Douma.", None, None, None),
        ("3", "Strike on Idlib", "A strike hit Idlib.", None, None, None),
        ("4", "Attack in Hama", "Guns in Hama.", None, None, None),
        # Values that only begin like a placeholder are values.
        ("5", "NA 24 reports", "Shelling in Deraa.", "- Wire", "2016-04-03", "x"),
    ]


def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them_whatever_the_line_breaks():
    before = b'title,text\nOne,"first"\nTwo,"second"\n'
    after = b'title,text\nOne,"first\nwith\nlines added"\nTwo,"second"\n'
    rows = [[(r.title, r.row, r.id) for r in read_csv(data, "f.csv")] for data in (before, after)]
    assert rows[0] == rows[1] == [("One", 2, "f.csv#2"), ("Two", 3, "f.csv#3")]


def test_csv_bad_rows_are_yielded_as_errors_and_the_rest_read():
    data = b"id;title;text\n1;A;Body A\n2;B;\n3;;\n4;D;Body D\n"
    items = list(read_csv(data, "f.csv"))
    assert [r.id for r in items if not isinstance(r, MalformedRecord)] == ["1", "4"]
    errors = [(e.row, e.reason) for e in items if isinstance(e, MalformedRecord)]
    assert errors == [(3, "a title but no text"), (4, "no title and no text")]


def test_csv_without_a_text_column_is_unreadable():
    with pytest.raises(UnreadableFile, match="no text column"):
        list(read_csv(b"name,age\nx,1\n", "f.csv"))


def test_csv_without_id_column_uses_path_and_row():
    [report] = read_csv(b"title,content\nT,Body\n", "sub/f.csv")
    assert report.id == "sub/f.csv#2"


def test_jsonl_reads_objects_and_reports_bad_lines():
    lines = [
        json.dumps({"id": "j1", "title": "T1", "text": "B1", "date": "2015-01-02"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "j2", "headline": "T2", "body": "B2", "url": "https://e.example/2"}),
    ]
    items = list(read_json("\n".join(lines).encode(), "f.jsonl"))
    good = [
        (r.id, r.title, r.body, r.published, r.url)
        for r in items
        if r.__class__.__name__ == "RawReport"
    ]
    assert good == [
        ("j1", "T1", "B1", "2015-01-02", None),
        ("j2", "T2", "B2", None, "https://e.example/2"),
    ]
    assert [(e.row, e.reason.split(":")[0]) for e in items if isinstance(e, MalformedRecord)] == [
        (2, "invalid JSON"),
        (3, "not an object with named fields"),
    ]


def test_json_list_file():
    data = json.dumps([{"title": "A", "content": "x"}, {"title": "B", "content": "y"}]).encode()
    assert [r.id for r in read_json(data, "f.json")] == ["f.json#1", "f.json#2"]


def test_find_files_walks_folders_sorted_and_skips_other_types(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ["b/z.txt", "a.html", "notes.md", ".hidden.txt", "b/a.jsonl"]:
        (tmp_path / name).write_text("x")
    found = [item[1] for item in find_files([tmp_path])]
    assert found == ["a.html", "b/a.jsonl", "b/z.txt"]


def test_read_paths_reports_missing_paths_and_bad_files_and_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text("Headline\nBody text here.")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "image.txt").write_bytes(b"\x00\x01\x02\x03" * 50)
    items = list(read_paths([tmp_path / "missing", tmp_path]))
    reports = [i for i in items if not isinstance(i, Exception)]
    errors = sorted(str(e) for e in items if isinstance(e, Exception))
    assert [r.id for r in reports] == ["good.txt"]
    assert errors == sorted(
        [
            f"{tmp_path / 'missing'}: no such file or folder",
            "empty.txt: empty file",
            "image.txt: binary content, not text",
        ]
    )


def test_fakes_csv_latin1_is_read_whole():
    path = SHARED_DATA / "fakes-dev.csv"
    if not path.exists():
        pytest.skip("../shared/data is absent")
    items = list(read_csv(path.read_bytes(), "fakes-dev.csv"))
    reports = [i for i in items if not isinstance(i, Exception)]
    with path.open(encoding="latin-1", newline="") as handle:
        expected_ids = [row["unit_id"] for row in csv.DictReader(handle)]
    assert len(reports) == 485
    assert [r.id for r in reports] == expected_ids
    assert all(r.body and r.title for r in reports)
    # Latin-1 decoded: no replacement characters anywhere.
    assert not any("\ufffd" in r.body for r in reports)


def test_html_date_from_the_article_header_not_from_a_comment():
    page = (
        "<html><head><title>T</title></head><body>"
        '<div id="comments"><time datetime="2019-01-01">old comment</time></div>'
        '<article><header><h1>H</h1><time datetime="2016-07-28T09:30:00+03:00">July 28</time>'
        "</header><p>Body text.</p>"
        '<article class="comment-body"><time datetime="2016-07-29">reply</time><p>Nice</p>'
        "</article></article></body></html>"
    )
    [report] = read_html(page.encode(), "p.html")
    assert (report.published, report.body) == ("2016-07-28T09:30:00+03:00", "Body text.")
