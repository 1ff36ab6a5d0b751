"""Reindexing under stress: killed, interrupted, doubled, unwritable, and served while it runs.

Each test writes its own corpus of small report files and runs `python -m indexer` as a real
subprocess, so signals hit a real run with its worker processes. After every blow the index must
open with exactly the documents it held before, and the next run must complete.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import time
from pathlib import Path

import pytest
from whoosh import index

from indexer import manifest as manifests
from indexer.run import index_paths
from indexer.writer import IndexSession
from tests.conftest import TODAY, make_client
from tests.indexer_runs import PARALLEL, Indexer, alive, ids_of, needs_linux


@needs_linux
def test_kill_9_at_any_point_leaves_the_previous_index(archive):
    folder, ix, before = archive
    # While extracting; as the commit starts writing the segment; a little into it. (The exact
    # moments between the manifest and the TOC, and after the TOC, are tested below.)
    points = [("reading", 0.2), ("writing the index", 0.0), ("writing the index", 0.1)]
    for marker, delay in points:
        run = Indexer(folder, ix, "--workers", "2")
        run.wait_for(marker)
        time.sleep(delay)
        workers = run.children()
        run.process.kill()
        code, _, _ = run.finish()
        now = ids_of(ix)
        if now != before:
            # The commit reached the disk before the kill came (the postings store is written
            # after it): then the new index is there whole, never a part of it.
            assert delay and len(now) == 1600, (marker, delay, code)
            break
        assert code == -signal.SIGKILL
        assert make_client(ix).get("/api/search").get_json()["total"] == len(before)
        time.sleep(0.2)
        assert not [pid for pid in workers if alive(pid)], "orphaned workers outlived the kill"
    code, out, err = Indexer(folder, ix, "--workers", "2").finish()
    assert code == 0, err
    assert len(ids_of(ix)) == 1600
    leftovers = [p.name for p in ix.iterdir() if p.name.endswith(".tmp") or ".toc." in p.name]
    assert leftovers == []
    # The manifests being built by the killed runs are gone; the current one remains.
    current = index.open_dir(str(ix)).latest_generation()
    manifests_left = [p.name for p in ix.glob("archive-manifest*")]
    assert manifests_left == [f"archive-manifest-{current}.sqlite"]


def _die_inside_commit(folder: Path, ix: Path, where: str) -> None:
    """Fork; the child runs the indexer and dies like kill -9 (os._exit) at `where`."""
    pid = os.fork()
    if pid == 0:  # the child never returns to pytest
        try:
            import whoosh.index

            if where == "after the manifest":
                real_save = manifests.save

                def save_then_die(*args):
                    real_save(*args)
                    os._exit(9)

                manifests.save = save_then_die
            else:  # right after the new TOC, before old files are cleaned or the lock released

                def die(*args):
                    os._exit(9)

                whoosh.index.clean_files = die
            index_paths([folder], ix, today=TODAY, workers=0)
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 9


def test_dying_between_the_manifest_and_the_toc_keeps_the_old_index(archive):
    folder, ix, before = archive
    _die_inside_commit(folder, ix, "after the manifest")
    assert ids_of(ix) == before
    summary = index_paths([folder], ix, today=TODAY, workers=0)
    assert (summary.full, summary.added, summary.unchanged) == (False, 1200, 400)


def test_dying_right_after_the_toc_keeps_the_new_index_and_its_manifest(archive):
    folder, ix, before = archive
    _die_inside_commit(folder, ix, "after the toc")
    assert len(ids_of(ix)) == 1600
    summary = index_paths([folder], ix, today=TODAY, workers=0)
    assert (summary.full, summary.files_read, summary.unchanged) == (False, 0, 1600)


@needs_linux
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupting_stops_cleanly_and_says_so(archive, signum, code):
    folder, ix, before = archive
    run = Indexer(folder, ix, "--workers", "2")
    run.wait_for("reading")
    time.sleep(0.3)
    workers = run.children()
    run.process.send_signal(signum)
    returncode, out, err = run.finish(timeout=30)
    assert returncode == code, err
    assert "interrupted: the index was left as it was" in err
    assert "Traceback" not in err and out == ""
    assert ids_of(ix) == before
    assert not [pid for pid in workers if alive(pid)]
    assert sorted(p.name for p in ix.iterdir() if p.name.startswith("MAIN_")) != []
    assert len(index_paths([folder], ix, today=TODAY, workers=0).skipped) == 0


@needs_linux
def test_a_second_indexer_exits_at_once(archive):
    folder, ix, before = archive
    first = Indexer(folder, ix, "--workers", "2")
    first.wait_for("reading")
    started = time.monotonic()
    code, out, err = Indexer(folder, ix).finish(timeout=30)
    assert code == 2 and out == ""
    assert "another indexer is writing to" in err
    assert time.monotonic() - started < 10
    code, out, err = first.finish()
    assert code == 0 and out.startswith("added 1200, ")


def test_a_read_only_index_folder_is_a_clear_error(archive):
    folder, ix, before = archive
    if os.geteuid() != 0:
        os.chmod(ix, 0o555)
        restore = ["chmod", "755", str(ix)]
    else:
        # Root ignores permission bits, so make the folder immutable instead: not even root
        # may create or delete files in it. Not every file system supports that.
        if subprocess.run(["chattr", "+i", str(ix)], capture_output=True).returncode != 0:
            pytest.skip("running as root and chattr +i is not supported here")
        restore = ["chattr", "-i", str(ix)]
    try:
        code, out, err = Indexer(folder, ix).finish()
    finally:
        subprocess.run(restore, check=True)
    assert code == 1 and out == ""
    assert f"error: cannot write the index folder {ix}" in err and "left as it was" in err
    assert ids_of(ix) == before


@needs_linux
def test_a_write_failure_midway_leaves_the_old_index(archive):
    folder, ix, before = archive

    def small_files_only():
        # Files may not grow past 64 KB: the segment's first big write fails (EFBIG), as it
        # would on a full disk, instead of killing the process with SIGXFSZ.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    code, out, err = Indexer(folder, ix, "--workers", "0", preexec_fn=small_files_only).finish()
    assert code == 1 and out == ""
    # The manifest (copied first) or the segment is the first file to grow past the limit.
    assert re.search(
        r"error: writing the index failed: "
        r"(File too large|database or disk is full|disk I/O error); it was left as it was",
        err,
    ), err
    assert ids_of(ix) == before
    assert index_paths([folder], ix, today=TODAY, workers=0).added == 1200


@needs_linux
def test_the_site_keeps_answering_during_a_reindex_and_sees_the_new_index(archive):
    folder, ix, before = archive
    client = make_client(ix)
    run = Indexer(folder, ix, "--workers", "2")
    totals = []
    while run.process.poll() is None:
        response = client.get("/api/search", query_string={"q": "shelling"})
        assert response.status_code == 200
        totals.append(response.get_json()["total"])
        time.sleep(0.05)
    code, _, err = run.finish()
    assert code == 0, err
    assert totals and set(totals) <= {400, 1600} and totals[0] == 400
    # No restart needed: the same app sees the new generation on its next request.
    assert client.get("/api/search", query_string={"q": "shelling"}).get_json()["total"] == 1600


# Full runs write in several processes; a blow to any of them must leave the old index too.


@needs_linux
def test_kill_9_during_a_full_run_with_writer_processes_leaves_the_previous_index(archive):
    folder, ix, before = archive
    committed = False
    for marker, delay in [("reading", 0.3), ("writing the index", 0.0), ("writing the index", 0.2)]:
        run = Indexer(folder, ix, *PARALLEL)
        run.wait_for(marker)
        time.sleep(delay)
        processes = run.children()
        if marker == "reading":
            assert len(processes) == 4  # two writer processes, then two extraction workers
        run.process.kill()
        code, _, _ = run.finish()
        now = ids_of(ix)
        if now != before:
            # The commit reached the disk before the kill came (the postings store is written
            # after it): then the new index is there whole, never a part of it.
            assert delay and len(now) == 1600, (marker, delay, code)
            committed = True
            break
        assert code == -signal.SIGKILL
        time.sleep(0.3)
        assert not [pid for pid in processes if alive(pid)], "writer processes outlived the kill"
        if marker == "reading":
            assert (ix / "MAIN.tmp").is_dir()  # the writers' job files and sorted runs
            with IndexSession(ix):  # what any next run opens first
                pass
            assert not (ix / "MAIN.tmp").exists()
    code, out, err = Indexer(folder, ix, *PARALLEL).finish()
    assert code == 0, err
    counts = "added 0, updated 0, removed 0, unchanged 1600, " if committed else None
    assert out.startswith(counts or "added 1200, updated 0, removed 0, unchanged 400, ")
    assert len(ids_of(ix)) == 1600 and len(index.open_dir(str(ix))._segments()) == 2
    leftovers = [p.name for p in ix.iterdir() if p.name.endswith(".tmp") or ".toc." in p.name]
    assert leftovers == []


@needs_linux
@pytest.mark.parametrize("delay", [0.05, 0.3, 0.6])
def test_interrupting_a_full_run_stops_the_writer_processes(archive, delay):
    # At several moments while reading (the whole run takes about 2 s): a Ctrl-C inside the
    # job queue's bookkeeping once left the indexer waiting forever at exit for the queue's
    # feeder thread.
    folder, ix, before = archive
    run = Indexer(folder, ix, *PARALLEL)
    run.wait_for("reading")
    time.sleep(delay)
    processes = run.children()
    run.process.send_signal(signal.SIGINT)
    returncode, out, err = run.finish(timeout=30)
    assert returncode == 130, err
    assert "interrupted: the index was left as it was" in err
    assert "Traceback" not in err and out == ""
    assert ids_of(ix) == before
    assert not [pid for pid in processes if alive(pid)]


@needs_linux
def test_a_write_failure_in_a_writer_process_fails_the_run_and_keeps_the_old_index(archive):
    folder, ix, before = archive

    def small_files_only():
        # 1 MB: room for the manifest (about 0.5 MB), not for a writer process's segment.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))

    code, out, err = Indexer(folder, ix, *PARALLEL, preexec_fn=small_files_only).finish()
    assert (code, out) == (1, ""), err
    assert "error: writing the index failed: File too large; it was left as it was" in err
    assert "Traceback" not in err
    assert ids_of(ix) == before
    assert [p.name for p in ix.iterdir() if p.name.startswith("MAIN_") and p.name.endswith("seg")]
    assert index_paths([folder], ix, today=TODAY, workers=0).added == 1200
