"""The indexer's worker processes (indexer.process_pool): results in order, large tasks and
results both ways, and no hang when a worker dies or the pool is cancelled mid-transfer."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

import pytest

from indexer import workers
from indexer.process_pool import ProcessPool, WorkerDied
from indexer.run import index_paths
from indexer.writer import IndexWriteError
from tests.conftest import TODAY
from tests.indexer_runs import PARALLEL, Indexer, ids_of, needs_linux, write_corpus


def nothing():
    pass


def slow_square(n: int, seconds: float) -> int:
    time.sleep(seconds)
    return n * n


def echo(data: bytes) -> bytes:
    return data * 2


def fail(message: str):
    raise KeyError(message)


def unpicklable():
    return lambda: None


def die():
    os.kill(os.getpid(), signal.SIGKILL)


@contextlib.contextmanager
def within(seconds: int):
    """Fail, rather than hang, when the block takes longer than `seconds` (a deadlock)."""

    def overdue(signum, frame):
        raise TimeoutError(f"still waiting after {seconds} s: a deadlock")

    previous = signal.signal(signal.SIGALRM, overdue)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture()
def pool():
    made = ProcessPool(2, nothing)
    yield made
    made.close(cancel=True)


def test_results_come_back_in_the_order_asked_whatever_order_they_finish(pool):
    tickets = [pool.submit(slow_square, n, 0.2 if n % 3 == 0 else 0.0) for n in range(12)]
    assert [pool.result(t) for t in reversed(tickets)] == [n * n for n in reversed(range(12))]


def test_large_tasks_and_results_pass_both_ways_without_a_deadlock(pool):
    # Far larger than a pipe's buffer, with two tasks queued per worker while results wait.
    data = [bytes([n]) * 3_000_000 for n in range(6)]
    with within(60):
        tickets = [pool.submit(echo, d) for d in data]
        assert [pool.result(t) for t in tickets] == [d * 2 for d in data]


def test_a_tasks_exception_is_raised_where_its_result_is_asked(pool):
    ticket = pool.submit(fail, "no such report")
    with pytest.raises(KeyError, match="no such report"):
        pool.result(ticket)
    assert pool.result(pool.submit(slow_square, 3, 0)) == 9  # the worker goes on
    with pytest.raises(RuntimeError, match="pickle"):
        pool.result(pool.submit(unpicklable))


def test_a_worker_that_dies_is_an_error_not_a_wait(pool):
    started = time.monotonic()
    with pytest.raises(WorkerDied, match="killed by signal 9, perhaps for lack of memory"):
        pool.result(pool.submit(die))
    assert time.monotonic() - started < 10


def test_cancelling_while_workers_send_large_results_never_hangs():
    # What hung multiprocessing.Pool: workers stopped in the middle of sending a result.
    for _ in range(10):
        pool = ProcessPool(2, nothing)
        for _ in range(4):
            pool.submit(echo, b"x" * 2_000_000)
        time.sleep(0.05)
        started = time.monotonic()
        with within(60):
            pool.close(cancel=True)
        assert time.monotonic() - started < 5
    pool = ProcessPool(2, nothing)
    tickets = [pool.submit(slow_square, n, 0) for n in range(4)]
    assert [pool.result(t) for t in tickets] == [0, 1, 4, 9]
    pool.close()


def test_a_run_whose_extraction_worker_is_killed_fails_cleanly_and_keeps_the_index(
    tmp_path, monkeypatch
):
    folder, ix = tmp_path / "reports", tmp_path / "ix"
    write_corpus(folder, 0, 100)
    index_paths([folder], ix, today=TODAY, workers=0)
    before = ids_of(ix)
    write_corpus(folder, 100, 300)
    extract = workers.extract_raw

    def killed_on_one_report(raw, known, today):
        if raw.id.endswith("report-00250.txt"):
            die()
        return extract(raw, known, today)

    monkeypatch.setattr(workers, "extract_raw", killed_on_one_report)  # the workers fork
    with pytest.raises(IndexWriteError) as failure:
        index_paths([folder], ix, today=TODAY, workers=2, full=True)
    assert str(failure.value) == (
        "a worker process ended unexpectedly (killed by signal 9, perhaps for lack of memory); "
        "the index was left as it was"
    )
    assert ids_of(ix) == before
    monkeypatch.setattr(workers, "extract_raw", extract)
    assert index_paths([folder], ix, today=TODAY, workers=2).added == 300


@needs_linux
def test_the_worker_processes_are_named_for_what_they_do(archive):
    folder, ix, _before = archive
    run = Indexer(folder, ix, *PARALLEL)
    names: set[str] = set()
    while run.process.poll() is None and len(names) < 2:
        for pid in run.children():
            try:
                named = Path(f"/proc/{pid}/comm").read_text().strip()
            except OSError:
                continue  # ended meanwhile
            if named.startswith("indexer:"):  # not a child just forked, still "python"
                names.add(named)
        time.sleep(0.01)
    code, _out, err = run.finish()
    assert code == 0, err
    assert names == {workers.EXTRACT_NAME, workers.WRITE_NAME}
