"""bench/index_speed.py's measurement of one indexer run: what it says of the CPU spent by each
kind of process (the figures themselves are the benchmark's, never asserted)."""

from __future__ import annotations

from bench.index_speed import run_indexer
from indexer.workers import EXTRACT_NAME, WRITE_NAME
from tests.indexer_runs import PARALLEL, ids_of, needs_linux


@needs_linux
def test_a_measured_run_splits_its_cpu_by_kind_of_process(archive):
    folder, ix, _before = archive
    run = run_indexer([str(folder), "--index", str(ix), "--quiet", *PARALLEL])
    assert run.status == 0, run.summary
    assert len(ids_of(ix)) == 1600
    assert set(run.by_name) == {"main", EXTRACT_NAME, WRITE_NAME}
    assert [run.by_name[kind][1] for kind in ("main", EXTRACT_NAME, WRITE_NAME)] == [1, 2, 2]
    assert all(cpu > 0 for cpu, _count in run.by_name.values())
    # Sampled every 0.1 s, so a little under what the kernel counted in all.
    assert sum(cpu for cpu, _count in run.by_name.values()) <= run.cpu + 0.05
    line = run.cpu_by_name(1600)
    assert line.startswith(f"{EXTRACT_NAME} ×2 ") and "; main ×1 " in line
    assert " ms a report)" in line
