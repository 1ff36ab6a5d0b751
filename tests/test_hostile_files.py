"""Hostile files: empty, binary, mis-encoded, truncated, malformed, huge, linked or unreadable.

Each bad file or row is reported with its path (and row) and a reason, the rest is read, and a
run over them completes without losing what the index held. Real files in tmp_path, the real
readers, and the real indexer CLI in a subprocess; nothing mocked.
"""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path

import pytest

from indexer.finding import find_files
from indexer.readers import ReadError, UnreadableFile, read_file
from indexer.readers.html import MAX_TAGS
from indexer.readers.limits import MAX_RECORD_CHARS, MAX_REPORT_CHARS
from indexer.records import RawReport

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4
RANDOM = random.Random(7).randbytes(8192)
RANDOM_NO_NUL = bytes(b or 1 for b in RANDOM)
NULS = b"\x00" * 4096
SENTENCE_BODY = "At least 12 people were killed in Aleppo on Monday, rescuers said."


def read(tmp_path: Path, name: str, data: bytes) -> list[RawReport | ReadError]:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return list(read_file(path, name))


def errors(items) -> list[tuple[int | None, str]]:
    return [(e.row, e.reason) for e in items if isinstance(e, ReadError)]


def reports(items) -> list[RawReport]:
    return [r for r in items if isinstance(r, RawReport)]


# Empty and binary files, whatever their extension.


@pytest.mark.parametrize("name", ["x.txt", "x.html", "x.csv", "x.jsonl", "x.json"])
@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \r\n\t\n  ", "empty file"),
        (PNG, "binary content, not text"),
        (RANDOM, "binary content, not text"),
        (RANDOM_NO_NUL, "binary content, not text"),
        (NULS, "binary content, not text"),
    ],
    ids=["empty", "blank", "png", "random", "random-no-nul", "nuls"],
)
def test_empty_and_binary_files_are_skipped_whole_with_a_reason(tmp_path, name, data, reason):
    [error] = read(tmp_path, name, data)
    assert isinstance(error, UnreadableFile)
    assert (error.path, error.row, error.reason) == (name, None, reason)


# Encodings: detected from the bytes, never assumed.

ARABIC_TITLE = "قصف على حلب"
ARABIC_BODY = "قتل 12 شخصا في غارة جوية على حلب يوم الاثنين."
LATIN_BODY = "Médecins Sans Frontières said the clinic in Daraa was hit."


@pytest.mark.parametrize(
    ("data", "title", "body"),
    [
        (f"Clinic hit\n{LATIN_BODY}".encode("latin-1"), "Clinic hit", LATIN_BODY),
        ("It’s hit\n“Five” died – MSF".encode("cp1252"), "It’s hit", "“Five” died – MSF"),
        (f"{ARABIC_TITLE}\n{ARABIC_BODY}".encode("cp1256"), ARABIC_TITLE, ARABIC_BODY),
        (f"\ufeffClinic hit\n{LATIN_BODY}".encode("utf-16-le"), "Clinic hit", LATIN_BODY),
        (f"\ufeffClinic hit\n{LATIN_BODY}".encode("utf-16-be"), "Clinic hit", LATIN_BODY),
        (f"Clinic hit\n{LATIN_BODY}".encode("utf-16-le"), "Clinic hit", LATIN_BODY),
        (f"{ARABIC_TITLE}\n{ARABIC_BODY}".encode("utf-16-be"), ARABIC_TITLE, ARABIC_BODY),
        (f"\ufeff{ARABIC_TITLE}\n{ARABIC_BODY}".encode("utf-32"), ARABIC_TITLE, ARABIC_BODY),
        (f"\ufeffClinic hit\n{LATIN_BODY}".encode(), "Clinic hit", LATIN_BODY),
        # UTF-8 with Latin-1 pasted in: each part read in its own encoding.
        ("Raid – 5\n".encode() + LATIN_BODY.encode("latin-1"), "Raid – 5", LATIN_BODY),
        # Cut inside a character: the stray bytes are read in Windows-1252, the rest intact.
        ("Raid\nFive killed – ".encode() + "—".encode()[:2], "Raid", "Five killed – â€"),
    ],
    ids=[
        "latin-1",
        "cp1252",
        "cp1256-arabic",
        "utf-16-le-bom",
        "utf-16-be-bom",
        "utf-16-le-no-bom",
        "utf-16-be-no-bom-arabic",
        "utf-32-bom",
        "utf-8-bom",
        "mixed-utf-8-latin-1",
        "utf-8-cut-short",
    ],
)
def test_text_encodings_are_detected(tmp_path, data, title, body):
    [report] = read(tmp_path, "x.txt", data)
    assert (report.title, report.body) == (title, body)


def test_a_csv_export_is_decoded_as_a_stream_even_past_its_first_bytes(tmp_path):
    # ASCII for more than the 64 KB sniffed, then Latin-1 bytes: read as Windows-1252 there.
    padding = b"".join(b"%d,Filler,%s\n" % (n, b"x" * 90) for n in range(1000))
    data = b"id,title,text\n" + padding + b"9999,Clinic," + LATIN_BODY.encode("latin-1")
    items = read(tmp_path, "big.csv", data)
    assert len(reports(items)) == 1001 and errors(items) == []
    assert reports(items)[-1].body == LATIN_BODY


@pytest.mark.parametrize("codec", ["utf-16", "cp1256", "utf-8-sig"])
def test_csv_and_jsonl_in_other_encodings(tmp_path, codec):
    csv_data = f"id,title,text\na1,{ARABIC_TITLE},{ARABIC_BODY}\n".encode(codec)
    line = json.dumps({"id": "j1", "title": ARABIC_TITLE, "text": ARABIC_BODY}, ensure_ascii=False)
    for name, data in (("x.csv", csv_data), ("x.jsonl", (line + "\n").encode(codec))):
        [report] = read(tmp_path, name, data)
        assert (report.id, report.title, report.body) == (report.id, ARABIC_TITLE, ARABIC_BODY)


# Truncated and pathological HTML.

TWO = "Five killed.\n\nRescuers arrived."
HEAD = b"<html><head><title>Shelling in Daraa</title></head><body><article><p>Five killed.</p>"


@pytest.mark.parametrize(
    ("tail", "body"),
    [
        (b'<p>More text <a href="http://x', "Five killed.\n\nMore text"),
        (b"<p>Rescuers arrived.</p><p>More <b", "Five killed.\n\nRescuers arrived.\n\nMore"),
        (b"<p>Rescuers arrived.</p><!-- a comment <p>never closed</p>", TWO),
        (b'<p>Rescuers arrived.</p><script>var x = "<p>not text</p>";', TWO),
        (b"<p>Rescuers arrived.<div><p>Nested <i>badly</p></i>", TWO + " Nested badly"),
        (b"</article></body></html></html></div></p>", "Five killed."),
    ],
    ids=["mid-attribute", "mid-tag", "mid-comment", "unclosed-script", "misnested", "extra-ends"],
)
def test_truncated_and_broken_html_keeps_the_text_before_the_break(tmp_path, tail, body):
    [report] = read(tmp_path, "x.html", HEAD + tail)
    assert (report.title, report.body) == ("Shelling in Daraa", body)


@pytest.mark.parametrize("tag", [b"<div>", b"<p>w", b"<li>", b"<p>w<div>", b'<div class="share">'])
def test_deeply_nested_markup_is_read_in_linear_time(tmp_path, tag):
    data = HEAD + tag * 30_000 + b"<p>deep</p>"
    started = time.monotonic()
    items = read(tmp_path, "deep.html", data)
    assert time.monotonic() - started < 20
    assert len(items) == 1
    if isinstance(items[0], RawReport):
        assert items[0].title == "Shelling in Daraa" and items[0].body.startswith("Five killed.")


def test_a_page_of_too_many_tags_is_skipped_before_parsing(tmp_path):
    [error] = read(tmp_path, "tags.html", HEAD + b"<b>" * (MAX_TAGS + 1))
    assert error.reason.startswith("too much markup (")


# CSV exports.


def csv_items(tmp_path, text: str | bytes) -> list:
    return read(tmp_path, "f.csv", text.encode() if isinstance(text, str) else text)


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiters_and_embedded_newlines(tmp_path, delimiter):
    d = delimiter
    text = f'id{d}title{d}text\r\na{d}One{d}"line one\r\nline two"\r\nb{d}Two{d}"x{d} ""y"""\r\n'
    items = csv_items(tmp_path, text)
    got = [(r.id, r.row, r.body) for r in reports(items)]
    assert got == [("a", 2, "line one\r\nline two"), ("b", 3, f'x{d} "y"')]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name,age\nx,1\n", "no text column (expected one of "),
        ("id,title,text\n", "no reports: a header and no rows"),
        ("id,title,text\n\n\n", "no reports: a header and no rows"),
    ],
)
def test_csv_without_text_column_or_rows_is_skipped_whole(tmp_path, text, expected):
    [error] = csv_items(tmp_path, text)
    assert isinstance(error, UnreadableFile) and error.reason.startswith(expected)


def test_csv_ragged_rows_bom_and_unclosed_quote(tmp_path):
    text = (
        "\ufeffID,Title,Text,Source\n"
        "a,Full row,Body A,SANA\n"
        "b,Short row,Body B\n"  # fewer cells: the text is there, so it is read
        "c,No text\n"
        "d,Too many,Body D,SANA,extra,cells\n"
        'e,Last,"never closed\nand the rest\n'
    )
    items = csv_items(tmp_path, text)
    assert [(r.id, r.row, r.source) for r in reports(items)] == [
        ("a", 2, "SANA"),
        ("b", 3, None),
    ]
    assert errors(items) == [
        (4, "a title but no text"),
        (5, "6 cells where the header has 4 (an unquoted ',' in the text?)"),
        (6, "a quoted cell is not closed before the file ends"),
    ]


@pytest.mark.parametrize("quoted", [False, True])
def test_a_csv_cell_too_long_skips_that_row_only(tmp_path, quoted):
    huge = "word " * (MAX_RECORD_CHARS // 5 + 10)
    if quoted:
        huge = '"' + huge.replace("word", 'a ""quoted"" word\r\n', 1000) + '"'
    text = f"id,title,text\na,One,Body A\nb,Two,{huge}\nc,Three,Body C\n"
    items = csv_items(tmp_path, text)
    assert [(r.id, r.row) for r in reports(items)] == [("a", 2), ("c", 4)]
    assert errors(items) == [(3, f"a cell longer than {MAX_RECORD_CHARS:,} characters: not read")]


def test_a_csv_report_over_the_report_limit_is_skipped(tmp_path):
    text = f"id,title,text\na,One,{'x' * (MAX_REPORT_CHARS + 1)}\nb,Two,Body B\n"
    items = csv_items(tmp_path, text)
    assert [r.id for r in reports(items)] == ["b"]
    [(row, reason)] = errors(items)
    assert row == 2 and reason.startswith("report text too long (1,000,004 characters")


# JSON Lines and JSON.


def test_jsonl_bad_lines_are_reported_and_the_rest_read(tmp_path):
    lines = [
        json.dumps({"id": "j1", "title": "One", "text": "Body one"}),
        '{"id": "j2", "title": "Two", "text": "unterminated',
        "[1, 2, 3]",
        '"a string"',
        "null",
        "",
        "[" * 100_000 + "]" * 100_000,
        '{"id": "big", "text": ' + "9" * 5000 + "}",
        json.dumps({"id": "../../etc/passwd", "title": "T", "text": "B"}),
        json.dumps({"id": "x" * 600, "title": "T", "text": "B"}),
        json.dumps({"id": "j3", "title": "Bad \ud800 char", "text": "NUL\u0000 here \u2028 ok"}),
        "trailing garbage }{",
    ]
    items = read(tmp_path, "f.jsonl", "\n".join(lines).encode())
    assert [(r.id, r.row, r.title, r.body) for r in reports(items)] == [
        ("j1", 1, "One", "Body one"),
        ("j3", 11, "Bad \ufffd char", "NUL here \u2028 ok"),
    ]
    got = [(row, reason.split(":")[0]) for row, reason in errors(items)]
    assert got == [
        (2, "invalid JSON"),
        (3, "not an object with named fields"),
        (4, "not an object with named fields"),
        (5, "not an object with named fields"),
        (7, "invalid JSON"),
        (8, "invalid JSON"),
        (9, "an id with an empty, '.' or '..' path segment ('../../etc/passwd')"),
        (10, "an id longer than 512 characters"),
        (12, "invalid JSON"),
    ]


def test_a_jsonl_line_too_long_skips_that_line_only(tmp_path):
    huge = json.dumps({"id": "huge", "title": "T", "text": "x" * (MAX_RECORD_CHARS + 1)})
    good = json.dumps({"id": "after", "title": "After", "text": "Body"})
    items = read(tmp_path, "f.jsonl", f"{huge}\n{good}\n".encode())
    assert [(r.id, r.row) for r in reports(items)] == [("after", 2)]
    assert errors(items) == [(1, f"a line longer than {MAX_RECORD_CHARS:,} characters: not read")]


def _item(n: int, size: int = 10) -> dict:
    return {"id": f"i{n}", "title": f"Item {n}", "text": "y" * size}


@pytest.mark.parametrize(
    ("text", "ids", "problems"),
    [
        (json.dumps([_item(1), _item(2)]), ["i1", "i2"], []),
        # A top-level array in a .jsonl file, items across the 1 MB reading chunks.
        (json.dumps([_item(n, 700_000) for n in range(3)]), ["i0", "i1", "i2"], []),
        (json.dumps([_item(1), _item(2)]) + " trailing", ["i1", "i2"], [(3, "text after")]),
        (json.dumps([_item(1), _item(2)])[:-30], ["i1"], [(2, "invalid JSON")]),
        (json.dumps([_item(1)])[:-1], ["i1"], [(2, "the JSON list is not closed")]),
        ('[{"id": "i1", "text": "t"} {"id": "i2"}]', ["i1"], [(1, "expected , or ]")]),
        (json.dumps([_item(1), 5, [1]]), ["i1"], [(2, "not an object"), (3, "not an object")]),
    ],
    ids=["list", "big-items", "trailing", "truncated", "unclosed", "no-comma", "non-objects"],
)
def test_json_lists_stream_and_report_where_they_break(tmp_path, text, ids, problems):
    items = read(tmp_path, "f.jsonl", text.encode())
    assert [r.id for r in reports(items)] == ids
    got = errors(items)
    assert len(got) == len(problems)
    for (row, reason), (want_row, start) in zip(got, problems, strict=True):
        assert row == want_row and reason.startswith(start), (row, reason)


def test_json_empty_list_and_pretty_printed_objects(tmp_path):
    [error] = read(tmp_path, "empty.json", b" [ ] ")
    assert error.reason == "no reports: an empty JSON list"
    pretty = json.dumps(_item(1), indent=2) + "\n" + json.dumps(_item(2), indent=2)
    assert [(r.id, r.row) for r in reports(read(tmp_path, "p.json", pretty.encode()))] == [
        ("i1", 1),
        ("i2", 2),
    ]


# Files on disk: links, pipes, odd names, permissions.


def test_links_pipes_and_odd_names_are_reported_not_followed(tmp_path):
    root = tmp_path / "archive"
    root.mkdir()
    outside = tmp_path / "secret.txt"
    outside.write_text("Secret\nNot part of the archive.")
    (root / "good.txt").write_text(f"Good\n{SENTENCE_BODY}")
    (root / "sub").mkdir()
    (root / "sub" / "inner.txt").write_text(f"Inner\n{SENTENCE_BODY}")
    os.symlink(outside, root / "outside.txt")
    os.symlink("missing.txt", root / "dangling.txt")
    os.symlink("good.txt", root / "alias.txt")
    os.symlink("..", root / "sub" / "loop")
    os.symlink(root, root / "self")
    os.mkfifo(root / "pipe.txt")
    (root / "folder.txt").mkdir()  # a folder with a report's name is walked into, not read
    (root / "folder.txt" / "deeper.txt").write_text(f"Deeper\n{SENTENCE_BODY}")
    with open(os.fsencode(root) + b"/bad\xffname.txt", "wb") as handle:
        handle.write(b"Name\nBody.")
    found = list(find_files([root]))
    files = [item[1] for item in found if not isinstance(item, ReadError)]
    assert files == ["good.txt", "folder.txt/deeper.txt", "sub/inner.txt"]
    assert sorted((e.path, e.reason) for e in found if isinstance(e, ReadError)) == [
        ("alias.txt", "a symbolic link (to good.txt): not followed"),
        ("bad\ufffdname.txt", "the file name is not valid UTF-8: rename it"),
        ("dangling.txt", "a symbolic link (to missing.txt): not followed"),
        ("outside.txt", f"a symbolic link (to {outside}): not followed"),
        ("pipe.txt", "a named pipe, not a file"),
        ("self", f"a symbolic link to a folder ({root}): not followed"),
        ("sub/loop", "a symbolic link to a folder (..): not followed"),
    ]


def test_a_link_or_pipe_named_on_the_command_line(tmp_path):
    (tmp_path / "real.txt").write_text(f"Real\n{SENTENCE_BODY}")
    os.symlink(tmp_path / "real.txt", tmp_path / "named.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    found = list(find_files([tmp_path / "named.txt", tmp_path / "pipe.txt"]))
    assert found[0] == (tmp_path / "named.txt", "named.txt")  # named by the user: followed
    assert (found[1].path, found[1].reason) == ("pipe.txt", "a named pipe, not a file")
    # Even if it reaches the reader, a pipe is never opened for a blocking read.
    [error] = read_file(tmp_path / "pipe.txt", "pipe.txt")
    assert error.reason == "a named pipe, not a file"


def test_an_unreadable_file(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("running as root, which reads a chmod 000 file anyway (pipes are tested)")
    path = tmp_path / "locked.txt"
    path.write_text(f"Locked\n{SENTENCE_BODY}")
    path.chmod(0)
    try:
        [error] = read_file(path, "locked.txt")
    finally:
        path.chmod(0o644)
    assert (error.path, error.reason) == ("locked.txt", "Permission denied")
