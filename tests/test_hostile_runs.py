"""Hostile files at full size and in real runs: 200 MB pages and exports read in bounded time and
memory, and the indexer CLI over an archive full of bad files reports each one and loses nothing.

Children run at low priority (nice 19); figures print with pytest -s. Nothing mocked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from whoosh.index import open_dir
from whoosh.qparser import QueryParser

from indexer.readers.limits import MAX_RECORD_CHARS
from indexer.schema import BODY, ID_FIELD
from tests.conftest import write_reports
from tests.test_hostile_files import HEAD, LATIN_BODY, NULS, PNG, RANDOM

# 200 MB files: measured in a child process (time and peak memory), at low priority.

PROJECT = Path(__file__).resolve().parents[1]
BIG = 200 * 1024 * 1024
SENTENCE = "Shelling resumed in the eastern districts of Aleppo on Monday, residents said. "
_MEASURE = """
import json, resource, sys, time
from pathlib import Path
from indexer.readers import ReadError, read_file
started = time.monotonic()
found, problems = 0, []
for item in read_file(Path(sys.argv[1]), sys.argv[2]):
    if isinstance(item, ReadError):
        problems.append([item.row, item.reason])
    else:
        found += 1
try:  # this program's own high-water mark (ru_maxrss would count the parent's, from before exec)
    status = Path("/proc/self/status").read_text()
    peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
except (OSError, IndexError):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"reports": found, "errors": problems[:5], "error_count": len(problems),
                  "seconds": time.monotonic() - started, "peak_mb": peak}))
"""


def measure(path: Path) -> dict:
    """Read `path` in a child process: its reports, errors, time and peak memory (printed, for
    the record, with pytest -s)."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path), path.name],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=lambda: os.nice(19),
        check=True,
    )
    result = json.loads(done.stdout)
    print(f"{path.name}: {result['seconds']:.1f} s, peak {result['peak_mb']:.0f} MB", end=" ")
    return result


def write_big(path: Path, head: str, unit: str, tail: str, size: int = BIG) -> Path:
    block = (unit * (1024 * 1024 // len(unit) + 1)).encode()
    with open(path, "wb") as handle:
        handle.write(head.encode())
        for _ in range(size // len(block) + 1):
            handle.write(block)
        handle.write(tail.encode())
    return path


@pytest.fixture(scope="module")
def big_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("big")


@pytest.mark.parametrize("name", ["big.txt", "big.html"])
def test_a_200_mb_page_is_skipped_unread(big_dir, name):
    path = write_big(big_dir / name, "Headline\n", SENTENCE, "")
    result = measure(path)
    size = path.stat().st_size / 1024 / 1024
    assert result["reports"] == 0
    assert result["errors"] == [
        [None, f"file too large for one report ({size:,.1f} MB; the limit is 16.0 MB)"]
    ]
    assert result["seconds"] < 1 and result["peak_mb"] < 150
    path.unlink()


@pytest.mark.parametrize(
    ("name", "head", "tail", "reason"),
    [
        (
            "one-line.jsonl",
            '{"id": "huge", "title": "Huge", "text": "',
            '"}\n{"id": "after", "title": "After", "text": "Body after."}\n',
            f"a line longer than {MAX_RECORD_CHARS:,} characters: not read",
        ),
        (
            "one-cell.csv",
            'id,title,text\nhuge,Huge,"',
            '"\nafter,After,Body after.\n',
            f"a cell longer than {MAX_RECORD_CHARS:,} characters: not read",
        ),
    ],
)
def test_a_200_mb_record_is_skipped_and_the_next_one_read(big_dir, name, head, tail, reason):
    line_break = "\\n" if name.endswith(".jsonl") else "\n"  # in the text: many lines
    path = write_big(big_dir / name, head, SENTENCE.replace(",", line_break), tail)
    result = measure(path)
    assert (result["reports"], result["errors"]) == (1, [[2 if "csv" in name else 1, reason]])
    assert result["peak_mb"] < 200  # never the whole record in memory
    path.unlink()


@pytest.mark.parametrize("name", ["many-rows.csv", "many-lines.jsonl"])
def test_a_200_mb_export_of_many_rows_is_streamed_whole(big_dir, name):
    body = (SENTENCE * 25).strip()
    if name.endswith(".csv"):
        unit, head = f'Aleppo report,"{body}"\n', "title,text\n"
    else:
        unit, head = json.dumps({"title": "Aleppo report", "text": body}) + "\n", ""
    path = write_big(big_dir / name, head, unit, "")
    expected = (path.stat().st_size - len(head)) // len(unit.encode())
    result = measure(path)
    assert (result["reports"], result["error_count"]) == (expected, 0)
    assert result["peak_mb"] < 200
    path.unlink()


# End to end: the indexer CLI over a good archive, then the same archive with hostile files.

GOOD = {
    "txt/one.txt": "Market shelled in Aleppo\nAt least 12 people died, said rescuers (kestrelone).",
    "txt/two.txt": "Clinic hit in Homs\nA clinic was hit in Homs on Monday (kestreltwo).",
    "html/three.html": "<html><head><title>Convoy reaches Madaya</title></head><body><article>"
    "<p>An aid convoy reached Madaya on Tuesday (kestrelthree).</p></article></body></html>",
    "exports/rows.csv": "id,title,text\nr1,Raid on Idlib,Jets struck Idlib (kestrelfour).\n"
    "r2,Shelling in Hama,Shells fell on Hama (kestrelfive).\n",
    "exports/lines.jsonl": json.dumps({"id": "j1", "title": "Daraa talks", "text": "kestrelsix"})
    + "\n",
}
GOOD_WORDS = {"kestrelone": "txt/one.txt", "kestreltwo": "txt/two.txt"}
GOOD_WORDS |= {"kestrelthree": "html/three.html", "kestrelfour": "r1", "kestrelfive": "r2"}
GOOD_WORDS |= {"kestrelsix": "j1"}


def run_cli(archive: Path, index: Path, report: Path) -> tuple[int, str, list[dict], float]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "indexer", str(archive), "--index", str(index)]
        + ["--report", str(report), "--workers", "2", "--quiet"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=lambda: os.nice(19),
    )
    lines = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    return done.returncode, done.stdout.strip().splitlines()[-1], lines, time.monotonic() - started


def add_hostile_files(archive: Path, outside: Path) -> None:
    files = {
        "bad/empty.txt": b"",
        "bad/image.html": PNG,
        "bad/random.csv": RANDOM,
        "bad/nuls.jsonl": NULS,
        "bad/latin1.txt": f"Clinic hit\n{LATIN_BODY} kestrelseven".encode("latin-1"),
        "bad/utf16.csv": "id,title,text\nu1,Arabic,حلب kestreleight\n".encode("utf-16"),
        "bad/cut.html": HEAD.replace(b"Five killed.", b"kestrelnine") + b"<p>More <a hr",
        "bad/ragged.csv": b"id,title,text\nb1,Good,kestrelten\nb2,Too,many,cells\nb3,No text\n",
        "bad/lines.jsonl": b'{"id": "b4", "title": "T", "text": "kestreleleven"}\n{oops\n[1]\n',
        "bad/list.json": b'[{"id": "b5", "title": "T", "text": "kestreltwelve"}] garbage',
        "bad/script.html": b"<html><head><title><script>alert(1)</script>T</title></head>"
        b"<body><article><p><img src=x onerror=alert(1)>kestrelthirteen {{ 7*7 }}</p>"
        b"</article></body></html>",
    }
    for name, data in files.items():
        path = archive / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    with open(archive / "bad" / "huge.txt", "wb") as handle:  # 200 MB, sparse: never read
        handle.truncate(BIG)
    write_big(archive / "bad" / "huge.jsonl", '{"id": "h", "text": "', SENTENCE, '"}\n')
    os.mkfifo(archive / "bad" / "pipe.txt")
    os.symlink(outside, archive / "bad" / "secret.txt")
    os.symlink("nowhere.txt", archive / "bad" / "dangling.txt")
    os.symlink("..", archive / "bad" / "loop")
    with open(os.fsencode(archive) + b"/bad/name\xff.txt", "wb") as handle:
        handle.write(b"Bad name\nBody.")


EXPECTED_SKIPS = {
    ("bad/empty.txt", None, "empty file"),
    ("bad/image.html", None, "binary content, not text"),
    ("bad/random.csv", None, "binary content, not text"),
    ("bad/nuls.jsonl", None, "binary content, not text"),
    ("bad/ragged.csv", 3, "4 cells where the header has 3 (an unquoted ',' in the text?)"),
    ("bad/ragged.csv", 4, "a title but no text"),
    ("bad/lines.jsonl", 2, "invalid JSON: Expecting property name enclosed in double quotes"),
    ("bad/lines.jsonl", 3, "not an object with named fields"),
    ("bad/list.json", 2, "text after the end of the JSON list"),
    ("bad/huge.txt", None, "file too large for one report (200.0 MB; the limit is 16.0 MB)"),
    ("bad/huge.jsonl", 1, f"a line longer than {MAX_RECORD_CHARS:,} characters: not read"),
    ("bad/pipe.txt", None, "a named pipe, not a file"),
    ("bad/dangling.txt", None, "a symbolic link (to nowhere.txt): not followed"),
    ("bad/loop", None, "a symbolic link to a folder (..): not followed"),
    ("bad/name\ufffd.txt", None, "the file name is not valid UTF-8: rename it"),
}
NEW_WORDS = {"kestrelseven": "bad/latin1.txt", "kestreleight": "u1", "kestrelnine": "bad/cut.html"}
NEW_WORDS |= {"kestrelten": "b1", "kestreleleven": "b4", "kestreltwelve": "b5"}
NEW_WORDS |= {"kestrelthirteen": "bad/script.html"}


def found_ids(index: Path, words: dict[str, str]) -> dict[str, list[str]]:
    """The ids of the reports each word finds in the index's text."""
    with open_dir(str(index)).searcher() as searcher:
        parser = QueryParser(BODY, searcher.schema)
        return {
            word: [hit[ID_FIELD] for hit in searcher.search(parser.parse(word))] for word in words
        }


def test_hostile_files_in_a_real_run_are_reported_and_nothing_indexed_is_lost(tmp_path):
    archive, index, report = tmp_path / "archive", tmp_path / "index", tmp_path / "skipped.jsonl"
    outside = tmp_path / "secret.txt"
    outside.write_text("Secret\nThe word kestrelsecret must never be indexed.")
    write_reports(archive, GOOD)
    code, summary, skipped, _ = run_cli(archive, index, report)
    assert (code, skipped) == (0, [])
    assert summary.startswith("added 6, updated 0, removed 0, unchanged 0, skipped 0 in ")

    add_hostile_files(archive, outside)
    code, summary, skipped, seconds = run_cli(archive, index, report)
    print(f"hostile run: {seconds:.1f} s; {summary}")
    assert code == 0
    secret = ("bad/secret.txt", None, f"a symbolic link (to {outside}): not followed")
    got = {(line["path"], line["row"], line["reason"]) for line in skipped}
    assert got == EXPECTED_SKIPS | {secret}
    assert len(skipped) == len(got)
    assert summary.startswith(f"added 7, updated 0, removed 0, unchanged 6, skipped {len(got)} (")
    assert f"see {report}" in summary
    assert found_ids(index, GOOD_WORDS | NEW_WORDS) == {
        word: [report_id] for word, report_id in (GOOD_WORDS | NEW_WORDS).items()
    }
    assert found_ids(index, {"kestrelsecret": ""}) == {"kestrelsecret": []}
    assert seconds < 120

    # Again, unchanged: the same files are reported again, nothing is lost or re-added.
    code, summary, again, _ = run_cli(archive, index, report)
    assert code == 0 and {(x["path"], x["row"], x["reason"]) for x in again} == got
    assert summary.startswith(f"added 0, updated 0, removed 0, unchanged 13, skipped {len(got)}")
