"""The parallel middle of a run: files (or rows) in, index documents out, in worker processes.

Workers read, clean and extract (indexer.pipeline.process) and turn reports into documents; they
never touch the index. Work goes out in small batches with a bounded number in flight, so memory
does not grow with the size of the archive. Errors travel back as plain tuples.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from indexer.manifest import fingerprint
from indexer.pipeline import content_hash, process
from indexer.process_pool import ProcessPool
from indexer.readers import MalformedRecord, ReadError, UnreadableFile, read_file
from indexer.records import RawReport
from indexer.schema import to_document


class Extracted(NamedTuple):
    """A report read: its document, or None when its fingerprint matched the known one."""

    id: str
    fingerprint: str
    row: int | None
    document: dict | None


class Failed(NamedTuple):
    """A ReadError in a form that pickles (exceptions with extra arguments do not)."""

    path: str
    reason: str
    row: int | None
    whole_file: bool

    @classmethod
    def of(cls, error: ReadError) -> Failed:
        return cls(error.path, error.reason, error.row, isinstance(error, UnreadableFile))

    def error(self) -> ReadError:
        kind = UnreadableFile if self.whole_file else MalformedRecord
        return kind(self.path, self.reason, self.row)


class FileTask(NamedTuple):
    path: str
    id_path: str
    known: dict[str, str]  # report id -> fingerprint, for reports the index holds unchanged


class FileResult(NamedTuple):
    path: str
    entries: list[Extracted | Failed]


def extract_raw(raw: RawReport, known: str | None, today: dt.date) -> Extracted | Failed:
    """Clean and extract one report, unless its fingerprint says the index already holds it."""
    mark = fingerprint(content_hash(raw), raw.path, raw.row)
    if mark == known:
        return Extracted(raw.id, mark, raw.row, None)
    try:
        document = to_document(process(raw, today))
    except Exception as error:  # one odd report must not end the run
        return Failed(raw.path, f"could not process: {error!r}", raw.row, False)
    return Extracted(raw.id, mark, raw.row, document)


def extract_files(today: dt.date, tasks: list[FileTask]) -> list[FileResult]:
    """Read each file and extract its reports (the unit of work for single-report files)."""
    results = []
    for task in tasks:
        entries: list[Extracted | Failed] = []
        for item in read_file(Path(task.path), task.id_path):
            if isinstance(item, ReadError):
                entries.append(Failed.of(item))
            else:
                entries.append(extract_raw(item, task.known.get(item.id), today))
        results.append(FileResult(task.path, entries))
    return results


class RowsTask(NamedTuple):
    """Rows the parent read from one multi-report file: RawReports to extract, and entries
    (unchanged rows, bad rows) that only pass through to keep the file's order."""

    path: str
    last: bool  # the file's final batch
    nbytes: int  # roughly how much of the file these rows were, for progress
    rows: list[RawReport | Extracted | Failed]

    @property
    def needs_work(self) -> bool:
        return any(isinstance(row, RawReport) for row in self.rows)


def extract_rows(today: dt.date, task: RowsTask) -> RowsTask:
    """Extract the rows of a multi-report file (the unit of work for CSV/JSON files)."""
    rows = [extract_raw(r, None, today) if isinstance(r, RawReport) else r for r in task.rows]
    return task._replace(rows=rows)


# Worker processes.


# The worker processes' names, as `top` and `ps -o comm` show them.
EXTRACT_NAME = "indexer:extract"
WRITE_NAME = "indexer:write"


def die_with_parent(parent: int, lock_fd: int | None, name: str = "") -> None:
    """Set up a worker process forked from `parent`: no index lock, no Ctrl-C of its own, and
    no life after the parent's (used by the extraction pool and the index writer processes).
    On Linux, `name` (at most 15 bytes) is what `top`, `ps -o comm` and the benchmark show."""
    # Ctrl-C reaches the whole process group; the parent decides, workers must not print
    # tracebacks of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the parent's Python SIGTERM handler; being terminated by the
    # pool must simply end it.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if lock_fd is not None:
        # A forked worker shares the index lock; if the parent is killed, the lock must go
        # with it, not live on in an orphan.
        try:
            os.close(lock_fd)
        except OSError:
            pass
    if sys.platform.startswith("linux"):
        try:  # prctl(PR_SET_PDEATHSIG, SIGKILL): the kernel kills us when the parent dies
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)
            if name:  # prctl(PR_SET_NAME, name)
                libc.prctl(15, ctypes.c_char_p(name.encode("ascii")[:15]), 0, 0, 0)
        except (OSError, AttributeError):
            pass

    def watch() -> None:  # elsewhere (and as a fallback): notice being orphaned
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=watch, daemon=True).start()


class _Ready(NamedTuple):
    value: object

    def get(self):
        return self.value


class _Pending(NamedTuple):
    pool: ProcessPool
    ticket: int

    def get(self):
        return self.pool.result(self.ticket)


class Workers:
    """A pool of worker processes, or this process alone when `count` is 0."""

    def __init__(self, count: int, today: dt.date, lock_fd: int | None = None):
        self.today = today
        self._pool = None
        self._in_flight = max(2, count * 3)
        if count > 0:
            forked = multiprocessing.get_context().get_start_method() == "fork"
            inherited = lock_fd if forked else None
            self._pool = ProcessPool(count, die_with_parent, (os.getpid(), inherited, EXTRACT_NAME))

    def map(self, batches: Iterable[list[FileTask] | RowsTask]) -> Iterator:
        """Run batches (a list of FileTasks, or a RowsTask); yield their results in order.

        At most a few batches per worker are in flight, so a slow consumer holds the workers
        back instead of letting results pile up in memory. Raises WorkerDied when a worker
        process ends before its work is done.
        """
        pending: deque = deque()
        for batch in batches:
            function: Callable = extract_rows if isinstance(batch, RowsTask) else extract_files
            if self._pool is None or (isinstance(batch, RowsTask) and not batch.needs_work):
                pending.append(_Ready(function(self.today, batch)))
            else:
                pending.append(_Pending(self._pool, self._pool.submit(function, self.today, batch)))
            while len(pending) >= self._in_flight:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()

    def close(self, cancel: bool = False) -> None:
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        pool.close(cancel)
