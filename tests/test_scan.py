"""The scan: files to read are listed in the manifest database, so its memory does not grow with
the archive, and the batches hand every listed file out once, in order."""

from __future__ import annotations

import pathlib
import sqlite3
import tracemalloc
from pathlib import Path

from indexer import manifest as manifests
from indexer.manifest import Planned
from indexer.run import index_paths
from indexer.scan import batches, scan
from tests.conftest import TODAY


def tiny_archive(folder: Path, count: int) -> Path:
    for n in range(count):
        path = folder / f"{n // 500:03d}" / f"r{n:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Report {n}\nShelling in Homs killed {n % 9 + 1} people.")
    return folder


def scan_memory(folder: Path, work: Path) -> tuple[int, int]:
    """(files listed to read, bytes Python allocated while scanning that are still held after
    it, with the plan still alive). Allocations made inside pathlib are left out: it interns
    every name it parses, which grows a global table once whatever the scan keeps."""
    manifest = manifests.start(work, "test", None, full=True)
    try:
        tracemalloc.start()
        plan = scan([folder], manifest, use_old=False)
        snapshot = tracemalloc.take_snapshot()
        tracemalloc.stop()
        ours = snapshot.filter_traces([tracemalloc.Filter(False, pathlib.__file__)])
        return plan.to_read, sum(stat.size for stat in ours.statistics("filename"))
    finally:
        manifest.discard()


def test_scanning_five_times_the_files_keeps_no_more_memory(tmp_path):
    small = tiny_archive(tmp_path / "small", 1000)
    large = tiny_archive(tmp_path / "large", 5000)
    (tmp_path / "w1").mkdir()
    (tmp_path / "w2").mkdir()
    count_small, held_small = scan_memory(small, tmp_path / "w1")
    count_large, held_large = scan_memory(large, tmp_path / "w2")
    assert (count_small, count_large) == (1000, 5000)
    # Holding the 4,000 more files in memory would take about 3 MB (a Path, a key and a tuple
    # each); listed in the database they take nothing that stays.
    assert held_large - held_small < 200_000, (held_small, held_large)


def test_planned_files_come_back_in_order_across_pages(tmp_path):
    manifest = manifests.start(tmp_path, "test", None, full=True)
    try:
        files = [Planned(f"/a/{n:05d}.txt", f"{n:05d}.txt", n, 10 * n) for n in range(2345)]
        manifest.plan(files[:1000])
        manifest.plan(files[1000:])
        assert list(manifest.planned()) == files
    finally:
        manifest.discard()


def test_batches_hand_out_every_file_once_and_in_order(tmp_path):
    folder = tiny_archive(tmp_path / "reports", 40)
    manifest = manifests.start(tmp_path, "test", None, full=True)
    try:
        scan([folder], manifest, use_old=False)
        reading: dict[str, Planned] = {}
        handed = [task.path for batch in batches(manifest, False, reading) for task in batch]
        assert handed == sorted(str(p) for p in folder.rglob("*.txt"))
        assert sorted(reading) == handed  # in flight until their results are taken
    finally:
        manifest.discard()


def test_the_saved_manifest_carries_no_list_of_files_to_read(tmp_path):
    folder = tiny_archive(tmp_path / "reports", 60)
    ix = tmp_path / "ix"
    summary = index_paths([folder], ix, today=TODAY, workers=0)
    assert (summary.added, summary.files_read) == (60, 60)
    [saved] = ix.glob("archive-manifest-*.sqlite")
    db = sqlite3.connect(saved)
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    db.close()
    assert tables == {"meta", "files", "reports"}
