"""Progress display: plain lines off a terminal, a tqdm bar on one, the summary always on stdout."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.progress import Lines
from tests.conftest import write_reports

ROOT = Path(__file__).resolve().parents[1]


def test_lines_report_counts_rate_and_time_left():
    out = io.StringIO()
    progress = Lines(out, every=0)
    progress.start(files=4, total_bytes=400)
    progress.advance(files=1, nbytes=100, reports=1)
    progress.note("skipped x.txt: empty file")
    progress.stage("writing the index in /tmp/ix")
    lines = out.getvalue().splitlines()
    assert lines[0] == "reading 4 new or changed files"
    assert lines[1].startswith("read 1 of 4 files (25%), 1 reports, ")
    assert " reports/s, about " in lines[1] and lines[1].endswith(" left")
    assert lines[2:] == ["skipped x.txt: empty file", "writing the index in /tmp/ix"]


def test_lines_stay_quiet_between_intervals():
    out = io.StringIO()
    progress = Lines(out, every=3600)
    progress.start(files=0, total_bytes=0)  # nothing to read: nothing to announce
    progress.advance(files=1, nbytes=10, reports=1)
    assert out.getvalue() == ""


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_terminal_gets_a_progress_bar_and_stdout_keeps_the_summary(tmp_path):
    folder = write_reports(
        tmp_path / "reports",
        {f"{n:02d}.txt": f"Report {n}\nShelling killed {n + 1} people in Homs." for n in range(60)},
    )
    leader, follower = os.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "indexer", str(folder), "--index", str(tmp_path / "ix")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=follower,
        text=True,
    ) as process:
        os.close(follower)
        out, _ = process.communicate(timeout=120)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.returncode == 0
    assert out.startswith("added 60, updated 0, removed 0, unchanged 0, skipped 0 in ")
    text = shown.decode("utf-8", "replace")
    assert "reading 60 files" in text and "60 reports" in text and "reports/s" in text
    assert "100%" in text
